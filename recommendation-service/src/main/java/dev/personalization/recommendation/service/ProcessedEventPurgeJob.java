package dev.personalization.recommendation.service;

import dev.personalization.recommendation.config.RecommendationConfig;
import dev.personalization.recommendation.repository.ProcessedEventRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Forgets consumed event ids after recommendation.processed-events.keep. A redelivery older than that is
 * still harmless: the consent view only takes higher consent versions.
 */
@ApplicationScoped
public class ProcessedEventPurgeJob {

    private static final Logger LOG = Logger.getLogger(ProcessedEventPurgeJob.class);

    private final ProcessedEventRepository processed;
    private final RecommendationConfig config;

    public ProcessedEventPurgeJob(ProcessedEventRepository processed, RecommendationConfig config) {
        this.processed = processed;
        this.config = config;
    }

    @Scheduled(identity = "processed-event-purge", every = "${recommendation.processed-events.purge-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        Instant cutoff = Instant.now().minus(config.processedEvents().keep());
        long deleted = QuarkusTransaction.requiringNew().call(() -> processed.deleteProcessedBefore(cutoff));
        if (deleted > 0) {
            LOG.infof("forgot %d consumed event ids older than %s", deleted, config.processedEvents().keep());
        }
    }
}
