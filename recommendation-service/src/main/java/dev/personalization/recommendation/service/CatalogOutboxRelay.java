package dev.personalization.recommendation.service;

import dev.personalization.recommendation.config.RecommendationConfig;
import dev.personalization.recommendation.repository.CatalogOutboxRepository;
import dev.personalization.recommendation.repository.CatalogOutboxRepository.OutboxRow;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Sends catalog events from the outbox to Kafka in the order they were written (outbox seq), and marks
 * them sent once the broker acknowledged them: profile-service's relay, for catalog.products.v1. While the
 * broker is away rows wait; nothing is lost, and nothing is sent for a rolled-back change. A commit that
 * wrote an event wakes the relay at once; the schedule is the fallback and the retry. A cluster-wide
 * advisory lock keeps one relay at a time; a newer event of a product replaces its older rows, so a row
 * may vanish between being read and being marked.
 */
@ApplicationScoped
public class CatalogOutboxRelay {

    private static final Logger LOG = Logger.getLogger(CatalogOutboxRelay.class);

    private final CatalogOutboxRepository outbox;
    private final Producer<String, String> producer;
    private final RecommendationConfig config;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final ExecutorService wakeups = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "recommendation-outbox-relay");
        thread.setDaemon(true);
        return thread;
    });

    public CatalogOutboxRelay(CatalogOutboxRepository outbox, Producer<String, String> producer, RecommendationConfig config) {
        this.outbox = outbox;
        this.producer = producer;
        this.config = config;
    }

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) CatalogEvents.Written written) {
        again.set(true);
        if (!running.get()) {
            wakeups.execute(this::drain);
        }
    }

    @Scheduled(identity = "recommendation-outbox-relay", every = "${recommendation.outbox.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        again.set(true);
        drain();
    }

    /** Relays until nothing is pending; one drain at a time in this JVM. */
    void drain() {
        // re-check after releasing: a wake-up that arrived while this drain was ending is not lost
        while (again.get() && running.compareAndSet(false, true)) {
            try {
                while (again.getAndSet(false)) {
                    int published;
                    do {
                        published = relayOnce();
                    } while (published == config.outbox().batchSize());
                }
            } catch (RuntimeException e) {
                LOG.warnf("catalog outbox relay round failed: %s", e.getClass().getSimpleName());
                return;
            } finally {
                running.set(false);
            }
        }
    }

    @PreDestroy
    void shutdown() {
        wakeups.shutdownNow();
    }

    @Scheduled(identity = "recommendation-outbox-cleanup", every = "10m", delayed = "1m")
    void cleanup() {
        QuarkusTransaction.requiringNew()
                .run(() -> outbox.deletePublishedBefore(Instant.now().minus(config.outbox().keepPublished())));
    }

    /** One round: sends up to a batch of pending catalog events; returns how many were published. */
    public int relayOnce() {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!outbox.tryRelayLock()) {
                return 0;
            }
            List<OutboxRow> batch = outbox.pending(config.outbox().batchSize());
            if (batch.isEmpty()) {
                return 0;
            }
            long deadline = System.nanoTime() + config.outbox().sendTimeout().toNanos();
            List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
            for (OutboxRow row : batch) {
                sends.add(producer.send(new ProducerRecord<>(row.topic(), row.key(), row.payload())));
                if (sends.size() == 1 && !delivered(sends.get(0), deadline)) {
                    // the broker is away: one failed send ends the round instead of a blocked send per row
                    break;
                }
            }
            List<UUID> sent = new ArrayList<>(sends.size());
            for (int i = 0; i < sends.size(); i++) {
                try {
                    sends.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    // keep the order: this row and all after it wait for the next round
                    LOG.warnf("Kafka unavailable, %d catalog events wait for the next round (%s)",
                            batch.size() - sent.size(), e.getClass().getSimpleName());
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                sent.add(batch.get(i).id());
            }
            outbox.markPublished(sent, Instant.now().truncatedTo(ChronoUnit.MICROS));
            return sent.size();
        });
    }

    public long pending() {
        return QuarkusTransaction.requiringNew().call(outbox::pendingCount);
    }

    private static boolean delivered(Future<RecordMetadata> send, long deadline) {
        try {
            send.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
