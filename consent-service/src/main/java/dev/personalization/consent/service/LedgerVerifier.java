package dev.personalization.consent.service;

import dev.personalization.consent.repository.LedgerEntry;
import dev.personalization.consent.repository.LedgerRepository;
import dev.personalization.consent.repository.SubjectChain;
import dev.personalization.consent.repository.SubjectChainRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;

/**
 * Recomputes every subject's hash chain from the genesis value and reports the first link that does
 * not hold: an entry whose content no longer matches its hash, or whose predecessor is not the one
 * it names, or a chain whose recorded head is not its last entry (an entry removed from the end).
 */
@ApplicationScoped
public class LedgerVerifier {

    private static final int PAGE = 500;

    private final LedgerRepository ledger;
    private final SubjectChainRepository chains;

    public LedgerVerifier(LedgerRepository ledger, SubjectChainRepository chains) {
        this.ledger = ledger;
        this.chains = chains;
    }

    public record BrokenLink(String subject, Long entryId, long consentVersion, String purpose, String problem) {
    }

    public record Report(boolean intact, long subjectsChecked, long entriesChecked, BrokenLink firstBrokenLink) {
    }

    public Report verifyAll() {
        long subjects = 0;
        long entries = 0;
        String after = "";
        while (true) {
            String from = after;
            List<String> batch = QuarkusTransaction.requiringNew().call(() -> ledger.subjectsAfter(from, PAGE));
            for (String subject : batch) {
                after = subject;
                subjects++;
                ChainResult result = QuarkusTransaction.requiringNew().call(() -> verify(subject));
                entries += result.entries();
                if (result.broken().isPresent()) {
                    return new Report(false, subjects, entries, result.broken().get());
                }
            }
            if (batch.size() < PAGE) {
                return new Report(true, subjects, entries, null);
            }
        }
    }

    public Report verifySubject(String subject) {
        ChainResult result = QuarkusTransaction.requiringNew().call(() -> verify(subject));
        return new Report(result.broken().isEmpty(), result.entries() > 0 ? 1 : 0, result.entries(),
                result.broken().orElse(null));
    }

    private record ChainResult(long entries, Optional<BrokenLink> broken) {
    }

    private ChainResult verify(String subject) {
        // holding the head shared keeps writers of this subject out while its chain is read
        SubjectChain head = chains.findById(subject, LockModeType.PESSIMISTIC_READ);
        String expectedPrev = SubjectChainRepository.GENESIS;
        long count = 0;
        for (LedgerEntry entry : ledger.history(subject)) {
            count++;
            if (!expectedPrev.equals(entry.prevHash)) {
                return new ChainResult(count, Optional.of(link(entry, "previous-hash-mismatch")));
            }
            if (!LedgerHasher.hash(entry).equals(entry.entryHash)) {
                return new ChainResult(count, Optional.of(link(entry, "content-hash-mismatch")));
            }
            expectedPrev = entry.entryHash;
        }
        if (head != null && (!head.headHash.equals(expectedPrev) || head.entries != count)) {
            return new ChainResult(count, Optional.of(new BrokenLink(subject, null, 0, null, "chain-head-mismatch")));
        }
        return new ChainResult(count, Optional.empty());
    }

    private static BrokenLink link(LedgerEntry entry, String problem) {
        return new BrokenLink(entry.subject, entry.id, entry.consentVersion, entry.purpose, problem);
    }
}
