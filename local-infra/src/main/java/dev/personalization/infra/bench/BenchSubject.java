package dev.personalization.infra.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * One synthetic shopper of the benchmark and what the harness knows of it: the last features snapshot
 * version read from the topic, the batch in flight (a subject has at most one: its next batch is sent
 * only once the previous one's snapshot was read, so the first snapshot with a higher version than the
 * one seen before sending is that batch's), and the timestamps of its withdrawal and purge.
 */
final class BenchSubject {

    /** A batch whose 202 came back and whose snapshot was read. */
    record Completed(BenchSubject subject, long sentNanos, long answeredNanos, long doneNanos, IntakeAnswer answer) {
    }

    final String name;
    final String pseudonym;
    final String token;

    private long lastVersion = -1;
    private long lastSnapshotNanos;
    private boolean inFlight;
    private long baseVersion;
    private long sentNanos;
    private long answeredNanos;
    private long snapshotNanos;
    private IntakeAnswer answer;
    private boolean snapshotRead;

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

    synchronized void send(long nanos) {
        inFlight = true;
        baseVersion = lastVersion;
        sentNanos = nanos;
        answer = null;
        snapshotRead = false;
    }

    /** The intake accepted the batch; completes it when its snapshot was read already. */
    synchronized Completed answered(long nanos, IntakeAnswer answer) {
        this.answeredNanos = nanos;
        this.answer = answer;
        return completeIfDone();
    }

    /** The batch failed (error status, nothing accepted, no snapshot in time): no longer in flight. */
    synchronized void abandon() {
        inFlight = false;
    }

    /** In flight with its 202 but without a snapshot since before {@code cutoffNanos}. */
    synchronized boolean snapshotOverdue(long cutoffNanos) {
        return inFlight && answer != null && !snapshotRead && answeredNanos < cutoffNanos;
    }

    synchronized boolean inFlight() {
        return inFlight;
    }

    /** A snapshot of this subject was read from the topic at {@code nanos}, with broker timestamp {@code timestamp}. */
    synchronized Completed snapshot(FeaturesSnapshot snapshot, long nanos, long timestamp) {
        lastSnapshotNanos = nanos;
        if (snapshot.empty() && purging && emptyAt < 0 && timestamp >= purgeStartMillis) {
            emptyAt = timestamp;
        }
        if (snapshot.snapshotVersion() > lastVersion) {
            lastVersion = snapshot.snapshotVersion();
        }
        if (inFlight && !snapshotRead && snapshot.snapshotVersion() > baseVersion) {
            snapshotRead = true;
            snapshotNanos = nanos;
            return completeIfDone();
        }
        return null;
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

    private Completed completeIfDone() {
        if (!inFlight || answer == null || !snapshotRead) {
            return null;
        }
        inFlight = false;
        return new Completed(this, sentNanos, answeredNanos, Math.max(answeredNanos, snapshotNanos), answer);
    }
}
