package dev.personalization.infra.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Events on the test JVM's real broker ({@link TestKafka}): built as consent-service does, sent, read back. */
public final class TestEvents {

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static KafkaProducer<String, String> producer;

    private TestEvents() {
    }

    /** A consent decision for the pseudonym, timed in milliseconds (PostgreSQL keeps them exactly). */
    public static EventEnvelope<ConsentDecisionV1> consentDecision(String pseudonym, String purpose, String state,
            long consentVersion, Instant expiresAt) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new EventEnvelope<>(UUID.randomUUID(), ConsentDecisionV1.TYPE, "consent-service", now, pseudonym,
                ConsentDecisionV1.SCHEMA_VERSION, new ConsentDecisionV1(purpose, 1, state, consentVersion, now, expiresAt));
    }

    /** Sends the event keyed by its subject and waits for the broker's acknowledgement. */
    public static void publish(String topic, EventEnvelope<?> event) {
        try {
            publishRaw(topic, event.subject(), JSON.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static synchronized void publishRaw(String topic, String key, String value) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(), new StringSerializer());
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads the topic from the beginning until {@code expected} events with the key arrived or the
     * time ran out, then reads one second more, so that a duplicate would be seen too.
     */
    public static List<JsonNode> read(String bootstrapServers, String topic, String key, int expected, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<JsonNode> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                consumer.listTopics(Duration.ofSeconds(5)).getOrDefault(topic, List.of())
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        events.add(JSON.readTree(record.value()));
                    }
                }
                if (events.size() >= expected && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return events;
    }
}
