package dev.personalization.profile.service;

import dev.personalization.contracts.Topics;
import dev.personalization.profile.config.ProfileConfig;
import dev.personalization.profile.repository.OutboxRepository;
import dev.personalization.profile.repository.OutboxRepository.OutboxRow;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Clock;
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
 * Sends what the outbox holds to Kafka: first the rows with a payload, in the order they were written,
 * then the snapshots of the due subjects, oldest mark first, each built from the subject's rows now
 * ({@link FeatureSnapshots#buildDue}): one snapshot per subject per pass, with the latest version, however
 * many changes it coalesces. Keyed by pseudonym, so one subject's snapshots reach one partition, and a
 * pass waits for the broker's acknowledgements before the next, so versions leave in order. A row is
 * marked sent, and a mark cleared (if it still names the version sent), once the broker acknowledged it;
 * while the broker is away everything waits, nothing is lost, and nothing is sent for a rolled-back
 * change. A commit that marked a subject due wakes the relay at once; the schedule is the fallback and
 * the retry. A cluster-wide advisory lock keeps one relay at a time.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxRepository outbox;
    private final FeatureSnapshots snapshots;
    private final Producer<String, String> producer;
    private final ProfileConfig config;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final ExecutorService wakeups = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "profile-outbox-relay");
        thread.setDaemon(true);
        return thread;
    });

    public OutboxRelay(OutboxRepository outbox, FeatureSnapshots snapshots, Producer<String, String> producer,
            ProfileConfig config, Clock clock) {
        this.outbox = outbox;
        this.snapshots = snapshots;
        this.producer = producer;
        this.config = config;
        this.clock = clock;
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
                    // a full list of rows or of due subjects: more may wait
                    } while (published >= config.outbox().batchSize());
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

    /** One round: sends up to a batch of pending rows and due snapshots; returns how many were published. */
    public int relayOnce() {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!outbox.tryRelayLock()) {
                return 0;
            }
            int limit = config.outbox().batchSize();
            // rows before snapshots: a row written after a subject's mark was cleared (a tombstone of an
            // erasure) is read here before the mark of any later change of that subject
            List<OutboxRow> rows = outbox.pending(limit);
            List<FeatureSnapshots.Built> due = snapshots.buildDue(limit, clock.instant());
            if (rows.isEmpty() && due.isEmpty()) {
                return 0;
            }
            List<ProducerRecord<String, String>> records = new ArrayList<>(rows.size() + due.size());
            rows.forEach(row -> records.add(new ProducerRecord<>(row.topic(), row.key(), row.payload())));
            due.forEach(built -> records.add(new ProducerRecord<>(Topics.PROFILE_FEATURES, built.pseudonym(),
                    built.payload())));
            int sent = send(records);
            List<UUID> sentRows = new ArrayList<>();
            for (int i = 0; i < Math.min(sent, rows.size()); i++) {
                sentRows.add(rows.get(i).id());
            }
            outbox.markPublished(sentRows, Instant.now().truncatedTo(ChronoUnit.MICROS));
            List<String> pseudonyms = new ArrayList<>();
            List<Long> versions = new ArrayList<>();
            for (int i = rows.size(); i < sent; i++) {
                FeatureSnapshots.Built built = due.get(i - rows.size());
                pseudonyms.add(built.pseudonym());
                versions.add(built.version());
            }
            outbox.clearDue(pseudonyms, versions);
            return sent;
        });
    }

    /** Sends the records in order; returns how many of the first ones the broker acknowledged. */
    private int send(List<ProducerRecord<String, String>> records) {
        long deadline = System.nanoTime() + config.outbox().sendTimeout().toNanos();
        List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
        for (ProducerRecord<String, String> record : records) {
            sends.add(producer.send(record));
            if (sends.size() == 1 && !delivered(sends.get(0), deadline)) {
                // the broker is away: one failed send ends the round instead of a blocked send per record
                return 0;
            }
        }
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // keep the order: this record and all after it wait for the next round
                LOG.warnf("Kafka unavailable, %d outbox records wait for the next round (%s)", records.size() - i,
                        e.getClass().getSimpleName());
                return i;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return i;
            }
        }
        return sends.size();
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
