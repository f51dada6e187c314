package dev.personalization.consent.service;

import dev.personalization.consent.repository.ConsentState;
import dev.personalization.consent.repository.ConsentStateRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/** Turns lapsed grants into {@code expired} ledger entries and announces them. */
@ApplicationScoped
public class ConsentExpiryJob {

    private static final Logger LOG = Logger.getLogger(ConsentExpiryJob.class);
    private static final int BATCH = 200;

    private final ConsentStateRepository states;
    private final LedgerWriter writer;

    public ConsentExpiryJob(ConsentStateRepository states, LedgerWriter writer) {
        this.states = states;
        this.writer = writer;
    }

    @Scheduled(identity = "consent-expiry", every = "${consent.expiry-check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        int expired = expireDue(Instant.now());
        if (expired > 0) {
            LOG.infof("expired %d lapsed grants", expired);
        }
    }

    /** Expires every grant whose expiry is at or before {@code now}; one transaction per grant. */
    public int expireDue(Instant now) {
        int expired = 0;
        List<ConsentState> due;
        do {
            due = QuarkusTransaction.requiringNew().call(() -> states.grantsDueBy(now, BATCH));
            for (ConsentState grant : due) {
                boolean done = QuarkusTransaction.requiringNew().call(() -> expireOne(grant.subject, grant.purpose, now));
                if (done) {
                    expired++;
                }
            }
        } while (due.size() == BATCH);
        return expired;
    }

    private boolean expireOne(String subject, String purpose, Instant now) {
        LedgerWriter.Held chain = writer.lock(subject);
        ConsentState current = states.find(subject, purpose).orElse(null);
        // re-read under the lock: the shopper may have decided again since the scan
        if (current == null || !ConsentStates.GRANTED.equals(current.decision)
                || current.expiresAt == null || current.expiresAt.isAfter(now)) {
            return false;
        }
        writer.append(chain, new LedgerWriter.Decision(purpose, current.purposeVersion, ConsentStates.EXPIRED,
                ConsentStates.GRANT_LAPSED, "system", "consent-expiry", null), Instant.now());
        return true;
    }
}
