package dev.personalization.consent.service;

import dev.personalization.consent.repository.ConsentState;
import dev.personalization.consent.repository.ConsentStateRepository;
import dev.personalization.consent.repository.PurposeRepository;
import dev.personalization.consent.repository.PurposeVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/** Publishes purposes. A new version is a material change: earlier grants need renewing. */
@ApplicationScoped
public class PurposeService {

    private static final Logger LOG = Logger.getLogger(PurposeService.class);
    private static final int BATCH = 500;

    private final PurposeRepository purposes;
    private final ConsentStateRepository states;
    private final LedgerWriter writer;

    public PurposeService(PurposeRepository purposes, ConsentStateRepository states, LedgerWriter writer) {
        this.purposes = purposes;
        this.states = states;
        this.writer = writer;
    }

    public record NewVersion(String title, String notice, List<String> dataCategories, int retentionDays,
            String legalBasis) {
    }

    @Transactional
    public List<PurposeVersion> current() {
        return purposes.current();
    }

    /**
     * Publishes the next version of an existing purpose and expires, in the same transaction, every
     * grant given on an earlier version, so that every service stops using it until the shopper decides again.
     */
    @Transactional
    public PurposeVersion publish(String purpose, NewVersion request, String actor) {
        purposes.lockExclusive(purpose);
        PurposeVersion previous = purposes.current(purpose).orElseThrow(() -> ConsentService.unknownPurpose(purpose));
        PurposeVersion next = new PurposeVersion();
        next.purpose = purpose;
        next.version = previous.version + 1;
        next.title = request.title();
        next.notice = request.notice();
        next.dataCategories = String.join(",", request.dataCategories());
        next.retentionDays = request.retentionDays();
        next.legalBasis = request.legalBasis();
        next.publishedAt = Instant.now();
        next.publishedBy = actor;
        purposes.persist(next);
        writer.notifyChanged(ConsentReadCache.PURPOSES_KEY);

        int expired = 0;
        List<ConsentState> batch;
        while (!(batch = states.grantsOlderThan(purpose, next.version, BATCH)).isEmpty()) {
            for (ConsentState grant : batch) {
                LedgerWriter.Held chain = writer.lock(grant.subject);
                // the operator's own identity stays in purpose_version.published_by, out of shoppers' view
                writer.append(chain, new LedgerWriter.Decision(purpose, grant.purposeVersion, ConsentStates.EXPIRED,
                        ConsentStates.NOTICE_CHANGED, "system", "operator", null), Instant.now());
                expired++;
            }
        }
        LOG.infof("published purpose %s version %d; %d earlier grants now need renewal", purpose, next.version, expired);
        return next;
    }
}
