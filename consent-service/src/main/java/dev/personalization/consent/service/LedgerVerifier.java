package dev.personalization.consent.service;

import dev.personalization.consent.config.ConsentConfig;
import dev.personalization.consent.repository.LedgerCheckpoint;
import dev.personalization.consent.repository.LedgerCheckpointHead;
import dev.personalization.consent.repository.LedgerCheckpointRepository;
import dev.personalization.consent.repository.LedgerEntry;
import dev.personalization.consent.repository.LedgerRepository;
import dev.personalization.consent.repository.SubjectChain;
import dev.personalization.consent.repository.SubjectChainRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Recomputes subjects' hash chains from the genesis value with the ledger key and compares them with
 * the latest signed checkpoint; reports the first thing that does not hold:
 * <ul>
 * <li>{@code previous-hash-mismatch}: an entry does not name its predecessor's hash;</li>
 * <li>{@code content-hash-mismatch}: an entry's content no longer matches its (keyed) hash;</li>
 * <li>{@code unkeyed-entry}: an entry hashed without the key where no checkpoint vouches for one;</li>
 * <li>{@code checkpoint-mismatch}: the chain no longer passes through the head the latest checkpoint
 * signed for its subject (an entry removed or replaced; names that head's entry id);</li>
 * <li>{@code chain-head-mismatch}: the recorded head is not the chain's last entry;</li>
 * <li>{@code checkpoint-invalid}: the latest checkpoint itself does not hold (signature, sequence,
 * digest or counts);</li>
 * <li>{@code checkpoint-stale}: while checkpoints are on, an entry older than
 * {@code consent.ledger.checkpoint-max-age} is covered by no checkpoint (recent checkpoints deleted,
 * or the checkpointer stopped).</li>
 * </ul>
 */
@ApplicationScoped
public class LedgerVerifier {

    private static final int PAGE = 500;

    private final LedgerRepository ledger;
    private final SubjectChainRepository chains;
    private final LedgerCheckpointRepository checkpoints;
    private final LedgerCheckpointer checkpointer;
    private final LedgerHasher hasher;
    private final SubjectKeys keys;
    private final boolean checkpointsOn;
    private final Duration checkpointMaxAge;

    public LedgerVerifier(LedgerRepository ledger, SubjectChainRepository chains,
            LedgerCheckpointRepository checkpoints, LedgerCheckpointer checkpointer, LedgerHasher hasher,
            SubjectKeys keys, ConsentConfig config) {
        this.keys = keys;
        this.ledger = ledger;
        this.chains = chains;
        this.checkpoints = checkpoints;
        this.checkpointer = checkpointer;
        this.hasher = hasher;
        String interval = config.ledger().checkpointInterval().strip();
        this.checkpointsOn = !interval.equalsIgnoreCase("off") && !interval.equalsIgnoreCase("disabled");
        this.checkpointMaxAge = config.ledger().checkpointMaxAge();
    }

    public record BrokenLink(String subject, Long entryId, Long consentVersion, String purpose, String problem) {
    }

    /** The checkpoint the check compared with; {@code problem} says why it does not hold, if it does not. */
    public record CheckpointSummary(long id, Instant createdAt, long lastEntryId, long subjects, long entries,
            String problem) {
    }

    public record Report(boolean intact, long subjectsChecked, long entriesChecked, BrokenLink firstBrokenLink,
            CheckpointSummary checkpoint) {
    }

    public Report verifyAll() {
        LedgerCheckpointer.Check check = QuarkusTransaction.requiringNew().call(checkpointer::checkLatest);
        CheckpointSummary summary = summary(check);
        long subjects = 0;
        long entries = 0;
        String after = "";
        List<String> batch;
        do {
            String from = after;
            batch = QuarkusTransaction.requiringNew().call(() -> ledger.subjectsAfter(from, PAGE));
            for (String subject : batch) {
                after = subject;
                subjects++;
                ChainResult result = QuarkusTransaction.requiringNew().call(() -> verify(subject, check));
                entries += result.entries();
                if (result.broken().isPresent()) {
                    return new Report(false, subjects, entries, result.broken().get(), summary);
                }
            }
        } while (batch.size() == PAGE);
        Optional<BrokenLink> beyond = QuarkusTransaction.requiringNew().call(() -> checkpointProblems(check, null));
        return new Report(beyond.isEmpty(), subjects, entries, beyond.orElse(null), summary);
    }

    /** One subject's chain, found by the subject's key (an erased or unknown subject has no chain to show). */
    public Report verifySubject(String rawSubject) {
        // a reference no chain has when the subject has no key: the report then covers no entry
        return verifyChain(QuarkusTransaction.requiringNew()
                .call(() -> keys.find(rawSubject).map(SubjectKeys.Key::ref).orElse("-")));
    }

    /** One chain by its reference: also an erased subject's, whose entries must still verify. */
    public Report verifyChain(String subject) {
        LedgerCheckpointer.Check check = QuarkusTransaction.requiringNew().call(checkpointer::checkLatest);
        ChainResult result = QuarkusTransaction.requiringNew().call(() -> verify(subject, check));
        Optional<BrokenLink> broken = result.broken().isPresent() ? result.broken()
                : QuarkusTransaction.requiringNew().call(() -> checkpointProblems(check, subject));
        return new Report(broken.isEmpty(), result.entries() > 0 ? 1 : 0, result.entries(), broken.orElse(null),
                summary(check));
    }

    private record ChainResult(long entries, Optional<BrokenLink> broken) {
    }

    private ChainResult verify(String subject, LedgerCheckpointer.Check check) {
        // holding the head shared keeps writers of this subject out while its chain is read
        SubjectChain head = chains.findById(subject, LockModeType.PESSIMISTIC_READ);
        LedgerCheckpoint checkpoint = check.holds() ? check.checkpoint() : null;
        Optional<LedgerCheckpointHead> signedHead = checkpoint == null ? Optional.empty()
                : checkpoints.headOf(subject, checkpoint.id);
        String expectedPrev = SubjectChainRepository.GENESIS;
        long count = 0;
        boolean keyedSeen = false;
        LedgerEntry signedHeadEntry = null;
        boolean signedHeadHolds = false;
        for (LedgerEntry entry : ledger.history(subject)) {
            count++;
            if (!expectedPrev.equals(entry.prevHash)) {
                return broken(count, link(entry, "previous-hash-mismatch"));
            }
            if (entry.chainFormat == LedgerHasher.LEGACY
                    && (keyedSeen || checkpoint == null || entry.id > checkpoint.legacyUpTo)) {
                return broken(count, link(entry, "unkeyed-entry"));
            }
            keyedSeen |= entry.chainFormat != LedgerHasher.LEGACY;
            if (!hasher.matches(entry)) {
                return broken(count, link(entry, "content-hash-mismatch"));
            }
            if (signedHead.isPresent() && entry.id == signedHead.get().headEntryId) {
                signedHeadEntry = entry;
                signedHeadHolds = entry.entryHash.equals(signedHead.get().headHash)
                        && count == signedHead.get().entries;
            }
            expectedPrev = entry.entryHash;
        }
        if (signedHead.isPresent() && !signedHeadHolds) {
            return broken(count, signedHeadEntry != null ? link(signedHeadEntry, "checkpoint-mismatch")
                    : new BrokenLink(subject, signedHead.get().headEntryId, null, null, "checkpoint-mismatch"));
        }
        if (head == null ? count > 0 : !head.headHash.equals(expectedPrev) || head.entries != count) {
            return broken(count, new BrokenLink(subject, null, null, null, "chain-head-mismatch"));
        }
        return new ChainResult(count, Optional.empty());
    }

    /**
     * What only the checkpoint shows once every chain held: the checkpoint itself broken, a
     * checkpointed subject whose whole chain is gone, entries no checkpoint covers for too long.
     */
    private Optional<BrokenLink> checkpointProblems(LedgerCheckpointer.Check check, String subject) {
        if (check.checkpoint() != null && !check.holds()) {
            return Optional.of(new BrokenLink(null, null, null, null, "checkpoint-invalid"));
        }
        if (check.holds() && subject == null) {
            Optional<LedgerCheckpointHead> orphan = checkpoints.firstHeadWithoutChain(check.checkpoint().id);
            if (orphan.isPresent()) {
                return Optional.of(new BrokenLink(orphan.get().subject, orphan.get().headEntryId, null, null,
                        "checkpoint-mismatch"));
            }
        }
        if (checkpointsOn) {
            long covered = check.holds() ? check.checkpoint().lastEntryId : 0;
            Optional<LedgerEntry> uncovered = ledger.firstUncoveredBefore(covered,
                    Instant.now().minus(checkpointMaxAge), subject);
            if (uncovered.isPresent()) {
                return Optional.of(link(uncovered.get(), "checkpoint-stale"));
            }
        }
        return Optional.empty();
    }

    private static CheckpointSummary summary(LedgerCheckpointer.Check check) {
        LedgerCheckpoint checkpoint = check.checkpoint();
        return checkpoint == null ? null : new CheckpointSummary(checkpoint.id, checkpoint.createdAt,
                checkpoint.lastEntryId, checkpoint.subjects, checkpoint.entries, check.problem());
    }

    private static ChainResult broken(long entries, BrokenLink link) {
        return new ChainResult(entries, Optional.of(link));
    }

    private static BrokenLink link(LedgerEntry entry, String problem) {
        return new BrokenLink(entry.subjectRef, entry.id, entry.consentVersion, entry.purpose, problem);
    }
}
