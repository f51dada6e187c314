package dev.personalization.kit.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.infra.KafkaBroker;
import dev.personalization.infra.Ports;
import dev.personalization.infra.testing.Eventually;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The background reader's life against a real broker: what is produced reaches the batch; a batch that
 * fails gets a fresh consumer that reads the uncommitted records again; what was committed is not read again
 * by the next reader of the group; stop ends the thread.
 */
class GroupReaderLoopTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaBroker broker;
    private static KafkaClientSettings kafka;

    @BeforeAll
    static void startBroker() {
        Path dir = Path.of("target", "kafka-loop-" + ProcessHandle.current().pid()).toAbsolutePath();
        broker = new KafkaBroker(dir, Ports.freePort(), Ports.freePort(), true).start();
        kafka = new KafkaClientSettings(new SmallRyeConfigBuilder().withSources(new EnvConfigSource(
                Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers()), 300)).build());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void aFailedBatchIsReadAgainByAFreshConsumerAndWhatWasCommittedIsNot() throws Exception {
        String topic = "loop-" + UUID.randomUUID();
        String group = "loop-group-" + UUID.randomUUID();
        produce(topic, "a", "b", "c");
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger consumersOpened = new AtomicInteger();
        AtomicInteger failuresLeft = new AtomicInteger(1);
        GroupReaderLoop loop = new GroupReaderLoop("loop-test", topic, () -> {
            consumersOpened.incrementAndGet();
            return KafkaConsumers.groupReader(kafka, group, 10);
        }, Duration.ofMillis(100), Duration.ofMillis(50), (records, consumer) -> {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                seen.add(new String(record.value(), StandardCharsets.UTF_8));
            }
            if (!records.isEmpty() && failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("the database went away");
            }
            if (!records.isEmpty()) {
                consumer.commitSync();
            }
        });
        loop.start();
        try {
            Eventually.await("the records, failed once and read again", WAIT, () -> seen.size() >= 6);
            assertEquals(List.of("a", "b", "c", "a", "b", "c"), List.copyOf(seen));
            assertEquals(2, consumersOpened.get(), "a fresh consumer after the failure");
        } finally {
            loop.stop(Duration.ofSeconds(10));
        }

        produce(topic, "d");
        List<String> next = Collections.synchronizedList(new ArrayList<>());
        GroupReaderLoop again = new GroupReaderLoop("loop-test-again", topic,
                () -> KafkaConsumers.groupReader(kafka, group, 10), Duration.ofMillis(100), Duration.ofMillis(50),
                (records, consumer) -> {
                    records.forEach(record -> next.add(new String(record.value(), StandardCharsets.UTF_8)));
                    consumer.commitSync();
                });
        again.start();
        try {
            Eventually.await("the record produced after the commit", WAIT, () -> !next.isEmpty());
            assertEquals(List.of("d"), List.copyOf(next), "only what the group had not committed");
        } finally {
            again.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void stopWakesThePollAndEndsTheThread() throws Exception {
        String topic = "loop-" + UUID.randomUUID();
        AtomicInteger polls = new AtomicInteger();
        // a long poll: stop must wake it rather than wait it out
        GroupReaderLoop loop = new GroupReaderLoop("loop-test-stop", topic,
                () -> KafkaConsumers.groupReader(kafka, "loop-stop-" + UUID.randomUUID(), 10),
                Duration.ofMinutes(5), Duration.ofMillis(50), (records, consumer) -> polls.incrementAndGet());
        loop.start();
        Thread thread = threadNamed("loop-test-stop");
        assertTrue(thread != null && thread.isAlive(), "the reader's thread runs");
        assertFalse(loop.stopping());
        long started = System.nanoTime();
        loop.stop(Duration.ofSeconds(20));
        assertTrue(loop.stopping());
        assertFalse(thread.isAlive(), "the thread ended");
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(20), "woken, not waited out");
    }

    private static void produce(String topic, String... values) throws Exception {
        try (Producer<String, String> producer = KafkaProducers.outbox(kafka, "loop-test-producer")) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, "key", value)).get(15, TimeUnit.SECONDS);
            }
        }
    }

    private static Thread threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElse(null);
    }
}
