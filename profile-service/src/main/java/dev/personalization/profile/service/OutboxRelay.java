package dev.personalization.profile.service;

import dev.personalization.profile.config.ProfileConfig;
import dev.personalization.profile.repository.OutboxRepository;
import dev.personalization.profile.repository.OutboxRepository.OutboxRow;
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
 * Sends feature snapshots from the outbox to Kafka in the order they were written (outbox seq; one
 * subject's rows are written one after the other under its lock, and keyed by its pseudonym, so they
 * reach one partition in order), and marks them sent once the broker acknowledged them. While the broker
 * is away rows wait; nothing is lost, and nothing is sent for a rolled-back change. A commit that wrote a
 * snapshot wakes the relay at once; the schedule is the fallback and the retry. A cluster-wide advisory
 * lock keeps one relay at a time. As consent-service's relay, with one difference: a newer snapshot
 * replaces the subject's older rows, so a row may vanish between being read and being marked.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxRepository outbox;
    private final Producer<String, String> producer;
    private final ProfileConfig config;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final ExecutorService wakeups = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "profile-outbox-relay");
        thread.setDaemon(true);
        return thread;
    });

    public OutboxRelay(OutboxRepository outbox, Producer<String, String> producer, ProfileConfig config) {
        this.outbox = outbox;
        this.producer = producer;
        this.config = config;
    }

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) FeatureSnapshots.Written written) {
        again.set(true);
        if (!running.get()) {
            wakeups.execute(this::drain);
        }
    }

    @Scheduled(identity = "profile-outbox-relay", every = "${profile.outbox.poll-interval}",
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
                LOG.warnf("feature outbox relay round failed: %s", e.getClass().getSimpleName());
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

    @Scheduled(identity = "profile-outbox-cleanup", every = "10m", delayed = "1m")
    void cleanup() {
        QuarkusTransaction.requiringNew()
                .run(() -> outbox.deletePublishedBefore(Instant.now().minus(config.outbox().keepPublished())));
    }

    /** One round: sends up to a batch of pending snapshots; returns how many were published. */
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
                    LOG.warnf("Kafka unavailable, %d feature snapshots wait for the next round (%s)",
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
