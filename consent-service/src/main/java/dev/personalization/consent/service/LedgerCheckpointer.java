package dev.personalization.consent.service;

import dev.personalization.consent.repository.LedgerCheckpoint;
import dev.personalization.consent.repository.LedgerCheckpointHead;
import dev.personalization.consent.repository.LedgerCheckpointRepository;
import dev.personalization.consent.repository.LedgerEntry;
import dev.personalization.consent.repository.LedgerRepository;
import dev.personalization.consent.repository.SubjectChainRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Signs checkpoints of the ledger's chain heads, periodically ({@code consent.ledger.checkpoint-interval}).
 * <p>
 * A checkpoint covers every entry up to the highest committed id. For each subject with new entries
 * it verifies them (key, chain, and that the chain still runs through the head of the previous
 * checkpoint) and records the subject's new head: the last entry that verifies. A subject whose new
 * entries do not verify keeps its previous head, and the admin check names the broken entry. The
 * checkpoint's digest chains the previous checkpoint's digest with the heads that moved, so the
 * latest signature vouches for every subject's head; the signature (RS256, the receipt key under its
 * own {@code typ}) covers the digest, the counts and the time. Checkpoints and heads are append-only
 * (a trigger; and the runtime role may only insert and read them). Each checkpoint is also logged
 * (counts and digest, no subject), so that a copy exists outside the database.
 * <p>
 * Entries of chain format 1 (unkeyed, written before the ledger key) are vouched for by the first
 * checkpoint, which records the highest such id; none is accepted after it.
 */
@ApplicationScoped
public class LedgerCheckpointer {

    static final String HEADER = "{\"alg\":\"RS256\",\"typ\":\"ledger-checkpoint+jwt\",\"kid\":\"receipt\"}";
    private static final Logger LOG = Logger.getLogger(LedgerCheckpointer.class);
    private static final int PAGE = 500;

    private final LedgerRepository ledger;
    private final LedgerCheckpointRepository checkpoints;
    private final LedgerHasher hasher;
    private final ReceiptService signer;
    private final MeterRegistry metrics;

    public LedgerCheckpointer(LedgerRepository ledger, LedgerCheckpointRepository checkpoints, LedgerHasher hasher,
            ReceiptService signer, MeterRegistry metrics) {
        this.ledger = ledger;
        this.checkpoints = checkpoints;
        this.hasher = hasher;
        this.signer = signer;
        this.metrics = metrics;
    }

    /** What a checkpoint's signature covers; times are RFC 3339 text at the database's precision. */
    public record CheckpointClaims(long id, Long previousId, long lastEntryId, long subjects, long entries,
            long legacyUpTo, String headsDigest, String createdAt) {

        static CheckpointClaims of(LedgerCheckpoint checkpoint) {
            return new CheckpointClaims(checkpoint.id, checkpoint.previousId, checkpoint.lastEntryId,
                    checkpoint.subjects, checkpoint.entries, checkpoint.legacyUpTo, checkpoint.headsDigest,
                    LedgerHasher.text(checkpoint.createdAt));
        }
    }

    public enum Outcome { WRITTEN, UNCHANGED, BUSY, REFUSED }

    /** How a round ended; the checkpoint it wrote, if any; how many chains kept their previous head. */
    public record Result(Outcome outcome, LedgerCheckpoint checkpoint, int heldSubjects) {
    }

    @Scheduled(identity = "ledger-checkpoint", every = "${consent.ledger.checkpoint-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            checkpoint();
        } catch (RuntimeException e) {
            metrics.counter("consent.ledger.checkpoints", "outcome", "failed").increment();
            LOG.warnf("ledger checkpoint failed (%s); the next round tries again", e.getClass().getSimpleName());
        }
    }

    /** Takes a checkpoint now, if the ledger moved since the latest one. */
    public Result checkpoint() {
        long lastEntryId = QuarkusTransaction.requiringNew().call(ledger::lastCommittedId);
        Result result = QuarkusTransaction.requiringNew().call(() -> checkpointUpTo(lastEntryId));
        metrics.counter("consent.ledger.checkpoints", "outcome", result.outcome().name().toLowerCase()).increment();
        if (result.outcome() == Outcome.WRITTEN) {
            LedgerCheckpoint written = result.checkpoint();
            LOG.infof("ledger checkpoint %d: %d subjects, %d entries up to entry %d, heads digest %s%s", written.id,
                    written.subjects, written.entries, written.lastEntryId, written.headsDigest,
                    result.heldSubjects() == 0 ? "" : "; " + result.heldSubjects() + " chains kept at their last verified head");
        }
        return result;
    }

    private Result checkpointUpTo(long lastEntryId) {
        if (!checkpoints.tryCheckpointLock()) {
            return new Result(Outcome.BUSY, null, 0);
        }
        Optional<LedgerCheckpoint> previous = checkpoints.latest();
        if (previous.isPresent() && open(previous.get()).isEmpty()) {
            // never build on a checkpoint this service did not sign: the admin check reports it
            LOG.errorf("ledger checkpoint %d does not carry a valid signature; no new checkpoint until it is resolved",
                    previous.get().id);
            return new Result(Outcome.REFUSED, null, 0);
        }
        long after = previous.map(p -> p.lastEntryId).orElse(0L);
        if (lastEntryId <= after) {
            return new Result(Outcome.UNCHANGED, null, 0);
        }
        long legacyUpTo = previous.map(p -> p.legacyUpTo).orElseGet(() -> ledger.lastLegacyIdUpTo(lastEntryId));
        long id = checkpoints.nextId();

        List<LedgerCheckpointHead> moved = new ArrayList<>();
        long newSubjects = 0;
        long addedEntries = 0;
        int held = 0;
        String afterSubject = "";
        List<String> page;
        do {
            page = ledger.subjectsWithEntriesBetween(after, lastEntryId, afterSubject, PAGE);
            for (String subject : page) {
                afterSubject = subject;
                Optional<LedgerCheckpointHead> before = previous.flatMap(p -> checkpoints.headOf(subject, p.id));
                Optional<LedgerCheckpointHead> head = advance(subject, before, lastEntryId, legacyUpTo, id);
                if (head.isEmpty()) {
                    held++;
                    continue;
                }
                moved.add(head.get());
                if (before.isEmpty()) {
                    newSubjects++;
                }
                addedEntries += head.get().entries - before.map(h -> h.entries).orElse(0L);
            }
            // the entries read so far are not needed again
            ledger.getEntityManager().clear();
        } while (page.size() == PAGE);

        LedgerCheckpoint checkpoint = new LedgerCheckpoint();
        checkpoint.id = id;
        checkpoint.previousId = previous.map(p -> p.id).orElse(null);
        checkpoint.lastEntryId = lastEntryId;
        checkpoint.subjects = previous.map(p -> p.subjects).orElse(0L) + newSubjects;
        checkpoint.entries = previous.map(p -> p.entries).orElse(0L) + addedEntries;
        checkpoint.legacyUpTo = legacyUpTo;
        checkpoint.headsDigest = digest(previous.map(p -> p.headsDigest).orElse(SubjectChainRepository.GENESIS), id,
                moved);
        checkpoint.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        checkpoint.signature = signer.sign(HEADER, CheckpointClaims.of(checkpoint));
        checkpoints.persist(checkpoint);
        checkpoints.flush();
        for (int i = 0; i < moved.size(); i++) {
            checkpoints.getEntityManager().persist(moved.get(i));
            if (i % PAGE == PAGE - 1) {
                checkpoints.flush();
                checkpoints.getEntityManager().clear();
            }
        }
        return new Result(Outcome.WRITTEN, checkpoint, held);
    }

    /**
     * The subject's head after its entries up to {@code lastEntryId}, verified from the previous head
     * on; empty when the chain does not even reach the previous head (or no new entry verifies).
     */
    private Optional<LedgerCheckpointHead> advance(String subject, Optional<LedgerCheckpointHead> before,
            long lastEntryId, long legacyUpTo, long checkpointId) {
        String expectedPrev = SubjectChainRepository.GENESIS;
        long count = 0;
        long afterId = 0;
        if (before.isPresent()) {
            LedgerCheckpointHead previous = before.get();
            LedgerEntry anchor = ledger.findById(previous.headEntryId);
            if (anchor == null || !anchor.subjectRef.equals(subject) || !anchor.entryHash.equals(previous.headHash)
                    || ledger.countUpTo(subject, previous.headEntryId) != previous.entries) {
                LOG.warnf("ledger entry %d, a head of checkpoint %d, is gone or changed; its chain keeps that head",
                        previous.headEntryId, previous.checkpointId);
                return Optional.empty();
            }
            expectedPrev = previous.headHash;
            count = previous.entries;
            afterId = previous.headEntryId;
        }
        LedgerEntry last = null;
        for (LedgerEntry entry : ledger.entriesBetween(subject, afterId, lastEntryId)) {
            boolean legacyAllowed = entry.chainFormat != LedgerHasher.LEGACY || entry.id <= legacyUpTo;
            if (!entry.prevHash.equals(expectedPrev) || !legacyAllowed || !hasher.matches(entry)) {
                LOG.warnf("ledger entry %d does not verify; checkpoint %d keeps its chain at the last verified head",
                        entry.id, checkpointId);
                break;
            }
            expectedPrev = entry.entryHash;
            count++;
            last = entry;
        }
        if (last == null) {
            return Optional.empty();
        }
        LedgerCheckpointHead head = new LedgerCheckpointHead();
        head.checkpointId = checkpointId;
        head.subject = subject;
        head.headEntryId = last.id;
        head.headHash = last.entryHash;
        head.entries = count;
        return Optional.of(head);
    }

    /**
     * The checkpoint's digest: SHA-256 over the previous checkpoint's digest, this checkpoint's id and
     * the heads it moved, in the subjects' order (Java's, so signer and verifier agree whatever the
     * database's collation), each field length-prefixed.
     */
    static String digest(String previousDigest, long checkpointId, List<LedgerCheckpointHead> moved) {
        StringBuilder canonical = new StringBuilder("ledger-checkpoint-v1;");
        field(canonical, previousDigest);
        field(canonical, Long.toString(checkpointId));
        List<LedgerCheckpointHead> sorted = new ArrayList<>(moved);
        sorted.sort(Comparator.comparing((LedgerCheckpointHead h) -> h.subject));
        for (LedgerCheckpointHead head : sorted) {
            field(canonical, head.subject);
            field(canonical, Long.toString(head.headEntryId));
            field(canonical, head.headHash);
            field(canonical, Long.toString(head.entries));
        }
        return HexFormat.of().formatHex(LedgerHasher.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static void field(StringBuilder canonical, String value) {
        canonical.append(value.length()).append(':').append(value).append(';');
    }

    /** The checkpoint's signed claims when its signature holds and they match its columns. */
    Optional<CheckpointClaims> open(LedgerCheckpoint checkpoint) {
        ReceiptService.Opened opened = signer.open(checkpoint.signature, HEADER);
        if (opened.failure() != null) {
            return Optional.empty();
        }
        try {
            CheckpointClaims claims = signer.read(opened.payload(), CheckpointClaims.class);
            return claims.equals(CheckpointClaims.of(checkpoint)) ? Optional.of(claims) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The latest checkpoint and, when it does not hold, why. */
    public record Check(LedgerCheckpoint checkpoint, String problem) {
        public boolean holds() {
            return checkpoint != null && problem == null;
        }
    }

    /**
     * Checks the latest checkpoint: its signature, the chain of checkpoints back to the first (no
     * gap), every digest recomputed from the stored heads, and the signed counts against those heads.
     * Runs in the caller's transaction.
     */
    public Check checkLatest() {
        Optional<LedgerCheckpoint> latest = checkpoints.latest();
        if (latest.isEmpty()) {
            return new Check(null, null);
        }
        LedgerCheckpoint checkpoint = latest.get();
        if (open(checkpoint).isEmpty()) {
            return new Check(checkpoint, "signature");
        }
        String digest = SubjectChainRepository.GENESIS;
        Long previousId = null;
        long after = 0;
        List<LedgerCheckpoint> page;
        do {
            page = checkpoints.pageUpTo(after, checkpoint.id, PAGE);
            if (page.isEmpty()) {
                break;
            }
            List<LedgerCheckpointHead> heads = checkpoints.headsWrittenBetween(page.get(0).id,
                    page.get(page.size() - 1).id);
            int next = 0;
            for (LedgerCheckpoint each : page) {
                if (!java.util.Objects.equals(each.previousId, previousId)) {
                    return new Check(checkpoint, "sequence");
                }
                List<LedgerCheckpointHead> moved = new ArrayList<>();
                while (next < heads.size() && heads.get(next).checkpointId == each.id) {
                    moved.add(heads.get(next++));
                }
                digest = digest(digest, each.id, moved);
                previousId = each.id;
                after = each.id;
            }
            if (next != heads.size()) {
                return new Check(checkpoint, "heads");
            }
            checkpoints.getEntityManager().clear();
        } while (page.size() == PAGE);
        if (!digest.equals(checkpoint.headsDigest)) {
            return new Check(checkpoint, "digest");
        }
        long[] totals = checkpoints.totals(checkpoint.id);
        if (totals[0] != checkpoint.subjects || totals[1] != checkpoint.entries) {
            return new Check(checkpoint, "counts");
        }
        return new Check(checkpoint, null);
    }
}
