package dev.personalization.infra.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads profile.features.v1 and consent.decisions.v1 from their end offsets at construction (so only
 * what the benchmark causes counts), without a consumer group, and hands each record of a benchmark
 * subject to it. One thread; records of other subjects are skipped unparsed.
 */
final class TopicWatcher implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String featuresTopic;
    private final String consentTopic;
    private final Map<String, BenchSubject> byPseudonym;
    private final Consumer<BenchSubject.Completed> completions;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicLong snapshotsRead = new AtomicLong();
    private volatile TimestampType featuresTimestamps;
    private volatile TimestampType consentTimestamps;

    TopicWatcher(String bootstrap, String featuresTopic, String consentTopic, Map<String, BenchSubject> byPseudonym,
            Consumer<BenchSubject.Completed> completions) {
        this.featuresTopic = featuresTopic;
        this.consentTopic = consentTopic;
        this.byPseudonym = byPseudonym;
        this.completions = completions;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "profile-bench-watcher");
        // answer as soon as anything is there: the wait would count as latency
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(featuresTopic, consentTopic)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                consumer.close();
                throw new IllegalStateException("topic " + topic + " does not exist on " + bootstrap);
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // seekToEnd is lazy: resolve the end offsets now, before the benchmark causes anything
        partitions.forEach(partition -> consumer.position(partition, Duration.ofSeconds(30)));
        thread = new Thread(this::loop, "profile-bench-watcher");
        thread.setDaemon(true);
    }

    TopicWatcher start() {
        thread.start();
        return this;
    }

    private void loop() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : records) {
                    BenchSubject subject = record.key() == null ? null : byPseudonym.get(record.key());
                    if (subject == null || record.value() == null) {
                        continue;
                    }
                    try {
                        if (record.topic().equals(featuresTopic)) {
                            featuresTimestamps = record.timestampType();
                            snapshotsRead.incrementAndGet();
                            subject.snapshot(FeaturesSnapshot.parse(record.value()), now, record.timestamp())
                                    .forEach(completions);
                        } else if (record.topic().equals(consentTopic)) {
                            consentTimestamps = record.timestampType();
                            subject.consent(ConsentRecord.parse(record.value()), record.timestamp());
                        }
                    } catch (IllegalArgumentException e) {
                        unreadable.incrementAndGet();
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (Throwable e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** The watcher's thread died: the benchmark cannot see snapshots any more. */
    void check() {
        if (failure != null) {
            throw new IllegalStateException("reading the topics failed: " + failure, failure);
        }
    }

    /** Features snapshots of benchmark subjects read so far. */
    long snapshotsRead() {
        return snapshotsRead.get();
    }

    long unreadable() {
        return unreadable.get();
    }

    TimestampType featuresTimestamps() {
        return featuresTimestamps;
    }

    TimestampType consentTimestamps() {
        return consentTimestamps;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (!thread.isAlive() && failure == null && thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        consumer.wakeup();
        thread.join(10_000);
    }
}
