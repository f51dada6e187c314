package dev.personalization.profile.service;

import dev.personalization.consentview.service.ConsentsRevoked;
import dev.personalization.profile.repository.ProfileDatumRepository;
import dev.personalization.profile.repository.ProfileDatumRepository.Unpermitted;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Deletes exactly what a purpose allowed once it is no longer granted: at once, inside the consent view's
 * transaction that applies the withdrawal, denial or expiry event (so the purge and the decision commit
 * together, and intake, which locks the view's row, stops at the same moment); and by a sweep of the
 * view's expiry times, for grants that lapse without an event. Each subject whose data went has its
 * feature snapshot marked due in the same transaction (the relay publishes it, an empty one when nothing
 * is left).
 */
@ApplicationScoped
public class ConsentPurge {

    private static final Logger LOG = Logger.getLogger(ConsentPurge.class);
    private static final int SWEEP_BATCH = 500;

    private final ProfileDatumRepository data;
    private final FeatureSnapshots snapshots;
    private final Clock clock;

    public ConsentPurge(ProfileDatumRepository data, FeatureSnapshots snapshots, Clock clock) {
        this.data = data;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    /** Runs in the view's transaction (a synchronous observer): a failure here rolls the decision back too. */
    void onRevoked(@Observes ConsentsRevoked revoked) {
        Map<String, List<String>> purposesBySubject = new LinkedHashMap<>();
        for (ConsentsRevoked.Revocation revocation : revoked.revocations()) {
            purposesBySubject.computeIfAbsent(revocation.pseudonym(), p -> new ArrayList<>()).add(revocation.purpose());
        }
        purge(purposesBySubject, clock.instant());
    }

    /** Subject to purposes: deletes their data and marks a snapshot due for each subject. */
    private int purge(Map<String, List<String>> purposesBySubject, Instant now) {
        int deleted = 0;
        for (Map.Entry<String, List<String>> subject : purposesBySubject.entrySet()) {
            // the subject's lock before its rows, as intake takes them: one change of a subject at a time
            long version = snapshots.lock(subject.getKey(), now);
            int gone = 0;
            for (String purpose : subject.getValue()) {
                gone += data.deletePurpose(subject.getKey(), purpose);
            }
            // a snapshot even when nothing was held: a consumer learns the purpose is gone either way
            snapshots.markDue(subject.getKey(), version, now);
            deleted += gone;
        }
        return deleted;
    }

    @Scheduled(identity = "profile-consent-sweep", every = "${profile.jobs.consent-sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledSweep() {
        sweep();
    }

    /**
     * Deletes the data of every purpose that holds data without a grant valid now (a grant past its
     * expiry, or any other gap); returns how many rows went.
     */
    public int sweep() {
        int total = 0;
        while (true) {
            Instant now = clock.instant();
            int deleted = QuarkusTransaction.requiringNew().call(() -> {
                List<Unpermitted> found = data.unpermitted(now, SWEEP_BATCH);
                if (found.isEmpty()) {
                    return -1;
                }
                Map<String, List<String>> bySubject = new LinkedHashMap<>();
                for (Unpermitted unpermitted : found) {
                    bySubject.computeIfAbsent(unpermitted.pseudonym(), p -> new ArrayList<>()).add(unpermitted.purpose());
                }
                return purge(bySubject, now);
            });
            if (deleted < 0) {
                break;
            }
            total += deleted;
        }
        if (total > 0) {
            LOG.infof("deleted %d data whose purpose is no longer granted (lapsed grants)", total);
        }
        return total;
    }
}
