package dev.personalization.kit.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.infra.KafkaBroker;
import dev.personalization.infra.Ports;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The clients the shared settings build, against a real broker that demands SCRAM-SHA-512 (as the
 * production brokers do, there over TLS): with the credentials of a user the broker knows they produce and
 * consume; with a wrong password, or without SASL at all, the broker lets them do neither.
 */
class ScramBrokerTest {

    private static final String USER = "suite-client";
    private static final String PASSWORD = "right-password-" + UUID.randomUUID();
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        Path dir = Path.of("target", "kafka-scram-" + ProcessHandle.current().pid()).toAbsolutePath();
        broker = new KafkaBroker(dir, Ports.freePort(), Ports.freePort(), true)
                .withScramListener(Ports.freePort(), USER, PASSWORD).start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void theRightCredentialsProduceAndConsume() throws Exception {
        KafkaClientSettings kafka = settings("SASL_PLAINTEXT", jaas(USER, PASSWORD));
        String topic = "scram-check-" + UUID.randomUUID();
        try (Producer<String, String> producer = KafkaProducers.outbox(kafka, "scram-test")) {
            producer.send(new ProducerRecord<>(topic, "key", "over SASL")).get(15, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka.with(Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach((ConsumerRecord<String, String> r) -> values.add(r.value()));
            }
            assertEquals(List.of("over SASL"), values);
        }
    }

    @Test
    void aWrongPasswordIsRefusedByTheBroker() {
        KafkaClientSettings kafka = settings("SASL_PLAINTEXT", jaas(USER, "wrong-password"));
        try (Producer<String, String> producer = KafkaProducers.outbox(kafka, "scram-test-wrong")) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("scram-refused", "key", "value")).get(15, TimeUnit.SECONDS));
            assertTrue(refused.getCause() instanceof AuthenticationException, refused.toString());
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka.properties(),
                new StringDeserializer(), new StringDeserializer())) {
            assertThrows(AuthenticationException.class, () -> consumer.partitionsFor("scram-refused", Duration.ofSeconds(10)));
        }
    }

    @Test
    void aClientWithoutCredentialsGetsNothingFromTheBroker() {
        // PLAINTEXT is allowed by the shared settings here only because the broker is on this host
        KafkaClientSettings kafka = settings("PLAINTEXT", null);
        try (Producer<String, String> producer = KafkaProducers.outbox(kafka, "scram-test-none")) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("scram-refused", "key", "value")).get(15, TimeUnit.SECONDS));
            assertTrue(refused.getCause() instanceof TimeoutException, refused.toString());
        }
    }

    @Test
    void saslWithoutCredentialsIsRefusedBeforeAnyClientIsBuilt() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> settings("SASL_PLAINTEXT", null));
        assertTrue(refused.getMessage().contains("KAFKA_SASL_JAAS_CONFIG"), refused.getMessage());
    }

    private static KafkaClientSettings settings(String protocol, String jaas) {
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.saslBootstrapServers(),
                "KAFKA_SECURITY_PROTOCOL", protocol,
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"));
        if (jaas != null) {
            environment.put("KAFKA_SASL_JAAS_CONFIG", jaas);
        }
        return new KafkaClientSettings(new SmallRyeConfigBuilder().withSources(new EnvConfigSource(environment, 300)).build());
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }
}
