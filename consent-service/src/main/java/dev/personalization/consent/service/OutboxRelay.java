package dev.personalization.consent.service;

import dev.personalization.consent.config.ConsentConfig;
import dev.personalization.consent.repository.OutboxEvent;
import dev.personalization.consent.repository.OutboxRepository;
import dev.personalization.contracts.Topics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Sends outbox rows to Kafka in the order they were written and marks them published once the
 * broker acknowledged them. While the broker is away rows wait; nothing is lost, and a row is only
 * sent after its transaction committed. A cluster-wide advisory lock keeps one relay at a time.
 * A commit that wrote events wakes the relay at once; the schedule is the fallback and the retry.
 * The relay never signs: each row carries the signature {@link OutboxWriter} made when it was written,
 * and the relay sends it as the record's {@code suite-signature} header.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxRepository outbox;
    private final Producer<String, String> producer;
    private final ConsentConfig config;
    private final AtomicReference<Instant> lastFailure = new AtomicReference<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final ExecutorService wakeups = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "outbox-relay");
        thread.setDaemon(true);
        return thread;
    });

    public OutboxRelay(OutboxRepository outbox, Producer<String, String> producer, ConsentConfig config) {
        this.outbox = outbox;
        this.producer = producer;
        this.config = config;
    }

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWriter.Written written) {
        again.set(true);
        if (!running.get()) {
            wakeups.execute(this::drain);
        }
    }

    @Scheduled(identity = "outbox-relay", every = "${consent.outbox.poll-interval}",
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
                LOG.warnf("outbox relay round failed: %s", e.getClass().getSimpleName());
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

    @Scheduled(identity = "outbox-cleanup", every = "1h", delayed = "1m")
    void cleanup() {
        QuarkusTransaction.requiringNew()
                .run(() -> outbox.deletePublishedBefore(Instant.now().minus(config.outbox().keepPublished())));
    }

    /** One round: sends up to a batch of pending events; returns how many were published. */
    public int relayOnce() {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!outbox.tryRelayLock()) {
                return 0;
            }
            List<OutboxEvent> batch = outbox.pending(config.outbox().batchSize());
            if (batch.isEmpty()) {
                return 0;
            }
            long deadline = System.nanoTime() + config.outbox().sendTimeout().toNanos();
            List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
            for (OutboxEvent event : batch) {
                sends.add(producer.send(record(event)));
                if (sends.size() == 1 && !delivered(sends.get(0), deadline)) {
                    // the broker is away: one failed send ends the round instead of a blocked send per event
                    break;
                }
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            int published = 0;
            for (int i = 0; i < sends.size(); i++) {
                try {
                    sends.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    // keep the order: this event and all after it wait for the next round
                    lastFailure.set(Instant.now());
                    LOG.warnf("Kafka unavailable, %d outbox events wait for the next round (%s)",
                            batch.size() - published, e.getClass().getSimpleName());
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                batch.get(i).publishedAt = now;
                published++;
            }
            return published;
        });
    }

    /** The row as a record: the signature made when the row was written goes along, unchanged. */
    private static ProducerRecord<String, String> record(OutboxEvent event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(event.topic, event.messageKey, event.payload);
        if (event.signature != null) {
            record.headers().add(Topics.SIGNATURE_HEADER, event.signature.getBytes(StandardCharsets.US_ASCII));
        } else {
            // written before events were signed (V5), or not by OutboxWriter: the consumers will drop it
            LOG.warnf("outbox event %d has no signature and is sent unsigned", event.seq);
        }
        return record;
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

    public Instant lastFailure() {
        return lastFailure.get();
    }

}
