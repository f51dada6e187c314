package dev.personalization.consentview.service;

import dev.personalization.consentview.config.ConsentViewConfig;
import dev.personalization.consentview.repository.ConsentViewOffsetRepository;
import dev.personalization.kit.kafka.KafkaClientSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads the consent topic into the view with a consumer of its own, in a thread of its own.
 *
 * <p>No consumer group: every partition is assigned explicitly, and where the view stands is kept in
 * the view's own table ({@code consent_view_offset}), written in the transaction that changes the view
 * ({@link ConsentDecisionConsumer#store}). A restart, even after {@code kill -9}, seeks to exactly what
 * the last committed transaction applied; there is no session to time out and no rebalance to wait for.
 *
 * <p>At start, and again whenever the broker answers after being lost, the reader takes the topic's end
 * offsets as its target; {@link CatchUpTracker} reports the view untrusted until they are reached. Every
 * {@code consent-view.consumer.check-interval} it asks the broker for the end offsets again: an answer
 * that does not come within {@code broker-timeout} counts as losing the broker.
 */
@ApplicationScoped
public class ConsentTopicReader {

    private static final Logger LOG = Logger.getLogger(ConsentTopicReader.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final ConsentViewConfig config;
    private final ConsentDecisionConsumer decisions;
    private final ConsentViewOffsetRepository offsets;
    private final CatchUpTracker tracker;
    private final MeterRegistry metrics;
    private final KafkaClientSettings kafka;
    private final String clientId;
    private final Object pause = new Object();

    private Thread thread;
    private volatile boolean stopping;
    private volatile boolean died;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    public ConsentTopicReader(ConsentViewConfig config, ConsentDecisionConsumer decisions,
            ConsentViewOffsetRepository offsets, CatchUpTracker tracker, MeterRegistry metrics,
            KafkaClientSettings kafka,
            @ConfigProperty(name = "quarkus.application.name", defaultValue = "service") String application) {
        this.config = config;
        this.decisions = decisions;
        this.offsets = offsets;
        this.tracker = tracker;
        this.metrics = metrics;
        this.kafka = kafka;
        this.clientId = "consent-view-" + application;
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts reading (at application start): seeks to the stored offsets and catches up from there. */
    public synchronized void start() {
        if (thread != null && thread.isAlive()) {
            return;
        }
        stopping = false;
        died = false;
        tracker.sessionStarting();
        thread = new Thread(this::run, "consent-view-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops reading (at shutdown); the view is untrusted until {@link #start()} has caught up again. */
    public synchronized void stop() {
        stopping = true;
        Thread running = thread;
        if (running == null) {
            return;
        }
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        synchronized (pause) {
            pause.notifyAll();
        }
        try {
            running.join(Duration.ofSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
        tracker.stopped();
    }

    /** False when the reader ended without being asked to: the view no longer follows the topic. */
    public boolean alive() {
        return !died;
    }

    private void run() {
        try {
            while (!stopping) {
                try (KafkaConsumer<byte[], byte[]> opened = newConsumer()) {
                    consumer = opened;
                    tracker.sessionStarting();
                    session(opened);
                } catch (WakeupException | InterruptException e) {
                    // stop() asked
                } catch (RuntimeException e) {
                    if (!stopping) {
                        LOG.warnf("the consent view's consumer restarts after %s", e.getClass().getSimpleName());
                        pause(config.consumer().retryBackoff());
                    }
                } finally {
                    consumer = null;
                }
            }
        } catch (Error e) {
            LOG.errorf("the consent view's consumer died: %s", e.getClass().getSimpleName());
            throw e;
        } finally {
            if (!stopping) {
                died = true;
                tracker.stopped();
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> newConsumer() {
        Map<String, Object> properties = kafka.properties();
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // no group: nothing is committed to the broker, the view's table says where to resume
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // no stored offset, or one the topic no longer has (retention, a recreated topic): read it all,
        // event ids and consent versions make a second reading harmless
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.consumer().maxPollRecords());
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.consumer().brokerTimeout().toMillis());
        properties.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        // signatures are checked over the exact bytes, so the reader keeps bytes
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private void session(KafkaConsumer<byte[], byte[]> consumer) {
        String topic = config.topic();
        Set<TopicPartition> partitions = discover(consumer, topic);
        if (partitions == null) {
            return;
        }
        if (partitions.isEmpty()) {
            // no such topic yet: nothing to be behind on; look again for it
            tracker.endOffsets(Map.of(), Map.of());
            while (!stopping) {
                pause(config.consumer().checkInterval());
                Set<TopicPartition> now = discover(consumer, topic);
                if (now == null || !now.isEmpty()) {
                    return;
                }
            }
            return;
        }
        consumer.assign(partitions);
        Map<Integer, Long> stored = QuarkusTransaction.requiringNew().call(() -> offsets.nextOffsets(topic));
        for (TopicPartition partition : partitions) {
            Long next = stored.get(partition.partition());
            if (next == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, next);
            }
        }
        long nextCheck = System.nanoTime();
        while (!stopping) {
            try {
                if (System.nanoTime() - nextCheck >= 0) {
                    nextCheck = System.nanoTime() + config.consumer().checkInterval().toNanos();
                    if (!check(consumer, topic, partitions)) {
                        LOG.info("the consent topic's partitions changed: the consent view re-reads its assignment");
                        return;
                    }
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty() && !store(consumer, records)) {
                    continue;
                }
                tracker.progress(positions(consumer, partitions));
            } catch (TimeoutException e) {
                tracker.brokerLost();
            }
        }
    }

    /** The topic's partitions; empty when it does not exist; null when stopping. */
    private Set<TopicPartition> discover(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        while (!stopping) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, config.consumer().brokerTimeout());
                return infos == null ? Set.of() : infos.stream()
                        .map(info -> new TopicPartition(topic, info.partition())).collect(Collectors.toSet());
            } catch (TimeoutException e) {
                tracker.brokerLost();
            }
        }
        return null;
    }

    /**
     * Asks for the end offsets (the first answer of a session, or the first after a loss, becomes the
     * target) and whether the partitions are still the same.
     */
    private boolean check(KafkaConsumer<byte[], byte[]> consumer, String topic, Set<TopicPartition> partitions) {
        Duration timeout = config.consumer().brokerTimeout();
        Map<Integer, Long> end = consumer.endOffsets(partitions, timeout).entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().partition(), Map.Entry::getValue));
        tracker.endOffsets(end, positions(consumer, partitions));
        List<PartitionInfo> now = consumer.partitionsFor(topic, timeout);
        return now != null && now.size() == partitions.size();
    }

    private Map<Integer, Long> positions(KafkaConsumer<byte[], byte[]> consumer, Set<TopicPartition> partitions) {
        Map<Integer, Long> positions = new HashMap<>();
        for (TopicPartition partition : partitions) {
            positions.put(partition.partition(), consumer.position(partition, config.consumer().brokerTimeout()));
        }
        return positions;
    }

    /** Applies a polled batch; on failure rewinds to its first records, so that it is read again after a pause. */
    private boolean store(KafkaConsumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> records) {
        List<String> outcomes;
        try {
            outcomes = decisions.store(records, Instant.now());
        } catch (RuntimeException e) {
            if (stopping) {
                return false;
            }
            tracker.storeFailed();
            LOG.warnf("could not store %d consent events (%s); they are read again in %s", records.count(),
                    rootCause(e).getClass().getSimpleName(), config.consumer().retryBackoff());
            for (TopicPartition partition : records.partitions()) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
            pause(config.consumer().retryBackoff());
            return false;
        }
        tracker.stored();
        for (String outcome : outcomes) {
            metrics.counter(ConsentDecisionConsumer.METRIC, "outcome", outcome).increment();
        }
        return true;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private void pause(Duration duration) {
        synchronized (pause) {
            if (!stopping) {
                try {
                    pause.wait(Math.max(1, duration.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
        }
    }
}
