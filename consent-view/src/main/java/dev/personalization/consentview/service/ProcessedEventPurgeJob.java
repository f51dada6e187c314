package dev.personalization.consentview.service;

import dev.personalization.consentview.config.ConsentViewConfig;
import dev.personalization.consentview.repository.ProcessedEventRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Forgets consumed event ids after consent-view.processed-events.keep. A redelivery older than that
 * is still harmless: the view only takes higher consent versions.
 */
@ApplicationScoped
public class ProcessedEventPurgeJob {

    private static final Logger LOG = Logger.getLogger(ProcessedEventPurgeJob.class);

    private final ProcessedEventRepository processed;
    private final ConsentViewConfig config;

    public ProcessedEventPurgeJob(ProcessedEventRepository processed, ConsentViewConfig config) {
        this.processed = processed;
        this.config = config;
    }

    @Scheduled(identity = "consent-view-processed-event-purge",
            every = "${consent-view.processed-events.purge-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        purge(Instant.now());
    }

    /** Deletes the ids consumed before {@code now} minus the keep period; returns how many went. */
    long purge(Instant now) {
        Instant cutoff = now.minus(config.processedEvents().keep());
        long deleted = QuarkusTransaction.requiringNew().call(() -> processed.deleteProcessedBefore(cutoff));
        if (deleted > 0) {
            LOG.infof("forgot %d consumed event ids older than %s", deleted, config.processedEvents().keep());
        }
        return deleted;
    }
}
