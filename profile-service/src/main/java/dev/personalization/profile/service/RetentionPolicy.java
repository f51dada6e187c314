package dev.personalization.profile.service;

import dev.personalization.kit.problem.ProblemException;
import dev.personalization.profile.repository.ProfileDatumRepository;
import dev.personalization.profile.repository.RetentionChoiceRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Retention: a shopper's shorter window for a purpose, applied at once to what is held; and the scheduled
 * purge of data past its window.
 */
@ApplicationScoped
public class RetentionPolicy {

    private static final Logger LOG = Logger.getLogger(RetentionPolicy.class);
    private static final int PURGE_BATCH = 1000;

    private final RetentionChoiceRepository choices;
    private final ProfileDatumRepository data;
    private final FeatureSnapshots snapshots;
    private final PurposePolicy purposes;
    private final Clock clock;

    public RetentionPolicy(RetentionChoiceRepository choices, ProfileDatumRepository data, FeatureSnapshots snapshots,
            PurposePolicy purposes, Clock clock) {
        this.choices = choices;
        this.data = data;
        this.snapshots = snapshots;
        this.purposes = purposes;
        this.clock = clock;
    }

    /**
     * Records the shopper's window for the purpose and applies it to their data of that purpose now
     * (deleting what it puts past its window); 404 for an unknown purpose, 422 for a window that is not
     * between 1 day and the purpose's default.
     */
    @Transactional
    public void choose(String pseudonym, String purpose, Integer days) {
        if (!purposes.known(purpose)) {
            throw ProblemException.notFound("purpose", "no such purpose");
        }
        int longest = purposes.defaultDays(purpose);
        if (days == null) {
            throw ProblemException.invalid("days", "days is required: a window from 1 to " + longest + " days");
        }
        if (days < 1 || days > longest) {
            throw ProblemException.invalid("days", "days must be between 1 and " + longest
                    + " (the purpose's default window; a shorter one only)");
        }
        Instant now = clock.instant();
        long version = snapshots.lock(pseudonym, now);
        choices.choose(pseudonym, purpose, days, now);
        data.applyRetention(pseudonym, purpose, days, now);
        snapshots.markDue(pseudonym, version, now);
    }

    @Scheduled(identity = "profile-retention-purge", every = "${profile.jobs.retention-purge-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPurge() {
        purge();
    }

    /** Deletes every datum past its window; each subject that lost some gets a new snapshot. Returns the subjects. */
    public int purge() {
        int subjects = 0;
        while (true) {
            Instant now = clock.instant();
            List<String> touched = QuarkusTransaction.requiringNew().call(() -> {
                List<String> found = data.subjectsWithExpired(now, PURGE_BATCH);
                for (String pseudonym : found) {
                    // the subject's lock before its rows, as intake takes them
                    long version = snapshots.lock(pseudonym, now);
                    data.deleteExpired(pseudonym, now);
                    snapshots.markDue(pseudonym, version, now);
                }
                return found;
            });
            subjects += touched.size();
            if (touched.isEmpty()) {
                break;
            }
        }
        if (subjects > 0) {
            LOG.infof("retention: deleted data past its window for %d subjects", subjects);
        }
        return subjects;
    }
}
