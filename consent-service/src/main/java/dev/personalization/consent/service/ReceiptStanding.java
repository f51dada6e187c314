package dev.personalization.consent.service;

import dev.personalization.consent.repository.LedgerEntry;
import dev.personalization.consent.repository.LedgerRepository;
import dev.personalization.consent.service.ReceiptService.ReceiptClaims;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Where a receipt stands: well signed, in the ledger with that hash, still the subject's decision.
 * <p>
 * Who learns what: anyone with a valid token may present a receipt (an auditor, a partner, the
 * shopper) and learns whether it is valid, in the ledger and still current; a receipt says nothing
 * its bearer could not already read in it. What superseded a decision that is no longer current
 * (the later decision, its consent version and time) is the subject's own data: only the receipt's
 * subject and admins get it; anyone else learns only {@code current: false}.
 */
@ApplicationScoped
public class ReceiptStanding {

    static final String NOT_IN_LEDGER = "not in the ledger: no entry with this id and hash";

    private final ReceiptService receipts;
    private final LedgerRepository ledger;
    private final LedgerHasher hasher;
    private final SubjectKeys keys;

    public ReceiptStanding(ReceiptService receipts, LedgerRepository ledger, LedgerHasher hasher, SubjectKeys keys) {
        this.keys = keys;
        this.receipts = receipts;
        this.ledger = ledger;
        this.hasher = hasher;
    }

    /** Who is asking: their subject, and whether they are an operator. */
    public record Viewer(String subject, boolean admin) {
    }

    /** The decision that followed the receipt's, for the same subject and purpose. */
    public record Superseding(String decision, long consentVersion, Instant recordedAt) {
    }

    /**
     * {@code inLedger} and {@code current} are null when the signature does not hold (nothing is
     * looked up for a receipt this service did not sign); {@code supersededBy} only for the subject
     * or an admin, and only when not current because a later decision was recorded. {@code erased} is
     * true when the subject's key is gone: the signature and the entry's proof hold, the decision is no
     * longer anyone's.
     */
    public record Standing(boolean valid, String reason, ReceiptClaims claims, Boolean inLedger, Boolean current,
            Superseding supersededBy, Boolean erased) {
    }

    @Transactional
    public Standing check(String receipt, Viewer viewer) {
        ReceiptService.Verification verification = receipts.verify(receipt);
        if (!verification.valid()) {
            return new Standing(false, verification.reason(), null, null, null, null, null);
        }
        ReceiptClaims claims = verification.claims();
        LedgerEntry entry = ledger.findById(claims.entryId());
        boolean inLedger = entry != null && entry.subjectRef.equals(claims.subjectRef())
                && entry.entryHash.equals(claims.entryHash()) && hasher.matches(entry);
        if (!inLedger) {
            return new Standing(false, NOT_IN_LEDGER, claims, false, null, null, null);
        }
        Optional<SecretKey> key = keys.keyOf(entry.subjectRef);
        if (key.isEmpty()) {
            // crypto-shredded: the entry proves that a decision was recorded, no longer whose it was
            return new Standing(true, null, claims, true, false, null, true);
        }
        Optional<SubjectKeys.Details> details = keys.open(key.get(), entry.subjectRef, entry.sealed);
        if (details.isEmpty() || !details.get().equals(
                new SubjectKeys.Details(claims.subject(), claims.channel(), claims.actor()))) {
            return new Standing(false, NOT_IN_LEDGER, claims, false, null, null, null);
        }
        Optional<LedgerEntry> next = ledger.next(entry.subjectRef, entry.purpose, entry.consentVersion);
        boolean lapsed = ConsentStates.GRANTED.equals(entry.decision) && entry.expiresAt != null
                && !entry.expiresAt.isAfter(Instant.now());
        boolean current = next.isEmpty() && !lapsed;
        boolean mayKnowMore = viewer.admin() || details.get().subject().equals(viewer.subject());
        Superseding supersededBy = next.filter(n -> mayKnowMore)
                .map(n -> new Superseding(n.decision, n.consentVersion, n.recordedAt))
                .orElse(null);
        return new Standing(true, null, claims, true, current, supersededBy, false);
    }
}
