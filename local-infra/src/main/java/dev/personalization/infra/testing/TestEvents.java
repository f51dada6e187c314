package dev.personalization.infra.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.ErasureRequestedV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

/**
 * Events on the test JVM's real broker ({@link TestKafka}): built as consent-service does, signed with the
 * test events key as consent-service signs them ({@link TestKeys#eventSigner()}), sent, read back.
 * {@link #publishWithSignature} sends whatever signature header a test wants (none, a forged one, another
 * record's), so that tests can play the attacker who can write to the broker.
 */
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

    /** An erasure request for the pseudonym, as consent-service publishes it (sign it with {@link #publish}). */
    public static EventEnvelope<ErasureRequestedV1> erasureRequest(String pseudonym) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new EventEnvelope<>(UUID.randomUUID(), ErasureRequestedV1.TYPE, "consent-service", now, pseudonym,
                ErasureRequestedV1.SCHEMA_VERSION, new ErasureRequestedV1(UUID.randomUUID(), now));
    }

    /** The erasure confirmations for the pseudonym on the test broker; fails unless at least {@code expected} came. */
    public static List<JsonNode> erasureCompletions(String pseudonym, int expected, Duration timeout) {
        List<JsonNode> found = read(TestKafka.bootstrapServers(), Topics.ERASURE_COMPLETED, pseudonym, expected, timeout);
        if (found.size() < expected) {
            throw new AssertionError("expected " + expected + " erasure confirmations, found " + found);
        }
        return found;
    }

    /** Sends the event keyed by its subject and waits for the broker's acknowledgement. */
    public static void publish(String topic, EventEnvelope<?> event) {
        publishRaw(topic, event.subject(), json(event));
    }

    /**
     * Sends many events at once, each keyed by its subject and signed, and waits until the broker
     * acknowledged them all: a burst, as consent-service's relay sends a backlog.
     */
    public static synchronized void publishBurst(String topic, List<? extends EventEnvelope<?>> events) {
        List<java.util.concurrent.Future<?>> sends = new ArrayList<>(events.size());
        for (EventEnvelope<?> event : events) {
            String value = json(event);
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.subject(), value);
            record.headers().add(Topics.SIGNATURE_HEADER, TestKeys.eventSigner().sign(topic, event.subject(), value)
                    .getBytes(StandardCharsets.US_ASCII));
            sends.add(producer().send(record));
        }
        try {
            for (java.util.concurrent.Future<?> send : sends) {
                send.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends the value as given, signed with the trusted test key, as consent-service would sign it. */
    public static void publishRaw(String topic, String key, String value) {
        publishWithSignature(topic, key, value, TestKeys.eventSigner().sign(topic, key, value));
    }

    /** Sends the value without a signature header. */
    public static void publishUnsigned(String topic, String key, String value) {
        publishWithSignature(topic, key, value, null);
    }

    /** Sends the event as JSON with exactly this signature header (none when null). */
    public static void publishWithSignature(String topic, String key, EventEnvelope<?> event, String signature) {
        publishWithSignature(topic, key, json(event), signature);
    }

    public static String json(EventEnvelope<?> event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends the record with exactly this signature header (none when null) and waits for the acknowledgement. */
    public static synchronized void publishWithSignature(String topic, String key, String value, String signature) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        if (signature != null) {
            record.headers().add(Topics.SIGNATURE_HEADER, signature.getBytes(StandardCharsets.US_ASCII));
        }
        send(record);
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    private static void send(ProducerRecord<String, String> record) {
        try {
            producer().send(record).get(10, TimeUnit.SECONDS);
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
        List<JsonNode> events = new ArrayList<>();
        try {
            for (ConsumerRecord<String, String> record : readRecords(bootstrapServers, topic, key, expected, timeout)) {
                events.add(JSON.readTree(record.value()));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return events;
    }

    /** As {@link #read}, but the records themselves: headers (the signature) and broker timestamps included. */
    public static List<ConsumerRecord<String, String>> readRecords(String bootstrapServers, String topic, String key,
            int expected, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> events = new ArrayList<>();
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
                        events.add(record);
                    }
                }
                if (events.size() >= expected && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        return events;
    }
}
