package dev.personalization.infra.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One synthetic shopper of the benchmark and what the harness knows of it: the last features snapshot
 * version read from the topic, its batches, and the timestamps of its withdrawal and purge.
 *
 * <p>A subject has at most one batch on the wire at a time (a shopper's client posts one after the other),
 * but its next batch does not wait for the previous one's snapshot. Each batch the intake takes (anything
 * kept: accepted, or dropped only for matching nothing) locks the subject and raises its snapshot version by
 * exactly one, in the order of the subject's batches; nothing else changes a benchmark subject while the
 * load runs. So the harness counts versions itself: from the version of the last snapshot read before the
 * load ({@link #startCounting}), a subject's n-th batch is version base + n, and it is done when its 202 came
 * back and a snapshot of its subject with at least that version was read (a snapshot coalescing several
 * batches covers all of them: it was built after each of them committed). {@link #countedAhead} tells
 * whether the versions read ran ahead of the count, which would make that reasoning wrong.
 */
final class BenchSubject {

    /** A batch whose 202 came back and whose snapshot was read. */
    record Completed(BenchSubject subject, long sentNanos, long answeredNanos, long doneNanos, IntakeAnswer answer) {
    }

    /** A batch answered 202 that waits for a snapshot of at least {@code version}. */
    private record Awaiting(long sentNanos, long answeredNanos, long version, IntakeAnswer answer) {
    }

    final String name;
    final String pseudonym;
    final String token;

    private long lastVersion = -1;
    private long lastSnapshotNanos;
    private boolean counting;
    private long counted;
    private boolean onTheWire;
    private long sentNanos;
    private boolean retired;
    private final java.util.ArrayDeque<Awaiting> awaiting = new java.util.ArrayDeque<>();

    private boolean purging;
    private long purgeStartMillis;
    private final Map<String, Long> withdrawnAt = new HashMap<>();
    private long emptyAt = -1;

    BenchSubject(String name, String pseudonym, String token) {
        this.name = name;
        this.pseudonym = pseudonym;
        this.token = token;
    }

    synchronized long lastVersion() {
        return lastVersion;
    }

    synchronized long lastSnapshotNanos() {
        return lastSnapshotNanos;
    }

    /** The load starts: the last version read is the subject's version now (priming waited for it). */
    synchronized void startCounting() {
        counting = true;
        counted = Math.max(lastVersion, 0);
    }

    synchronized void send(long nanos) {
        onTheWire = true;
        sentNanos = nanos;
    }

    /**
     * The intake answered 202: the batch gets the next version if it changed the profile, and is done at once
     * when a snapshot of that version was read already (null otherwise, and for a batch that changed nothing).
     */
    synchronized Completed answered(long nanos, IntakeAnswer answer) {
        onTheWire = false;
        if (!answer.changedProfile()) {
            return null;
        }
        counted++;
        if (lastVersion >= counted) {
            return new Completed(this, sentNanos, nanos, nanos, answer);
        }
        awaiting.add(new Awaiting(sentNanos, nanos, counted, answer));
        return null;
    }

    /**
     * The batch failed (error status or no answer): whether it changed the profile is unknown, so the
     * version count cannot go on and the subject takes no more batches.
     */
    synchronized void retire() {
        onTheWire = false;
        retired = true;
    }

    synchronized boolean retired() {
        return retired;
    }

    /** Drops the batches answered before {@code cutoffNanos} whose snapshot was not read; returns how many. */
    synchronized int dropOverdue(long cutoffNanos) {
        int dropped = 0;
        while (!awaiting.isEmpty() && awaiting.peek().answeredNanos() < cutoffNanos) {
            awaiting.poll();
            dropped++;
        }
        return dropped;
    }

    /** A batch on the wire, or answered and waiting for its snapshot. */
    synchronized boolean inFlight() {
        return onTheWire || !awaiting.isEmpty();
    }

    /** A snapshot with a higher version than the batches counted: something else changed the subject. */
    synchronized boolean countedAhead() {
        return counting && lastVersion > counted;
    }

    /**
     * A snapshot of this subject was read from the topic at {@code nanos}, with broker timestamp
     * {@code timestamp}; returns the batches it completes (those answered whose version it reaches).
     */
    synchronized List<Completed> snapshot(FeaturesSnapshot snapshot, long nanos, long timestamp) {
        lastSnapshotNanos = nanos;
        if (snapshot.empty() && purging && emptyAt < 0 && timestamp >= purgeStartMillis) {
            emptyAt = timestamp;
        }
        if (snapshot.snapshotVersion() > lastVersion) {
            lastVersion = snapshot.snapshotVersion();
        }
        List<Completed> done = List.of();
        while (!awaiting.isEmpty() && awaiting.peek().version() <= snapshot.snapshotVersion()) {
            Awaiting batch = awaiting.poll();
            if (done.isEmpty()) {
                done = new java.util.ArrayList<>(2);
            }
            done.add(new Completed(this, batch.sentNanos(), batch.answeredNanos(), Math.max(batch.answeredNanos(), nanos),
                    batch.answer()));
        }
        return done;
    }

    synchronized void consent(ConsentRecord record, long timestamp) {
        if (purging && record.withdrawn() && timestamp >= purgeStartMillis) {
            withdrawnAt.putIfAbsent(record.purpose(), timestamp);
        }
    }

    synchronized void startPurge(long startMillis) {
        purging = true;
        purgeStartMillis = startMillis;
        withdrawnAt.clear();
        emptyAt = -1;
    }

    /** True once the withdrawal events of all {@code purposes} and the empty snapshot were read. */
    synchronized boolean purgeSeen(int purposes) {
        return withdrawnAt.size() == purposes && emptyAt >= 0;
    }

    /**
     * Milliseconds from the last withdrawal event's broker timestamp to the empty snapshot's, or
     * {@link Percentiles#MISSING} when either was not read.
     */
    synchronized long purgeMillis(int purposes) {
        if (!purgeSeen(purposes)) {
            return Percentiles.MISSING;
        }
        long lastWithdrawal = withdrawnAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        return emptyAt - lastWithdrawal;
    }
}
