package dev.personalization.profile.testing;

import static dev.personalization.profile.testing.ProfileTestSupport.awaitConsents;
import static dev.personalization.profile.testing.ProfileTestSupport.grant;
import static dev.personalization.profile.testing.ProfileTestSupport.hasPurpose;
import static dev.personalization.profile.testing.ProfileTestSupport.publish;
import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import dev.personalization.contracts.CatalogProductV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.Topics;
import dev.personalization.infra.testing.Eventually;
import dev.personalization.infra.testing.TestEvents;
import dev.personalization.infra.testing.TestKafka;
import dev.personalization.infra.testing.TestKeys;
import io.restassured.response.ValidatableResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Activity batches, catalog products, snapshots on the real topic, and searches of everything the service keeps. */
public final class IntakeTestSupport {

    public static final String DATABASE = "profile_intake_test";
    public static final String ACTIVITY = "/api/activity";
    public static final String PROFILE = "/api/profile/me";

    private IntakeTestSupport() {
    }

    /** Publishes grants for the purposes (consent version 1) and waits until the view has them. */
    public static void grantAll(String subject, String... purposes) {
        for (String purpose : purposes) {
            publish(grant(subject, purpose, 1));
        }
        for (String purpose : purposes) {
            awaitConsents(subject, hasPurpose(purpose, "granted", 1));
        }
    }

    public static String at(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public static String view(String productId, String category, Instant at) {
        return "{\"type\":\"view\",\"productId\":\"" + productId + "\",\"category\":\"" + category
                + "\",\"occurredAt\":\"" + at(at) + "\",\"dwellSeconds\":12}";
    }

    public static String purchase(String productId, String category, double price, Instant at) {
        return "{\"type\":\"purchase\",\"productId\":\"" + productId + "\",\"category\":\"" + category
                + "\",\"occurredAt\":\"" + at(at) + "\",\"price\":" + price + ",\"quantity\":6}";
    }

    public static String search(String query, Instant at) {
        return "{\"type\":\"search\",\"query\":\"" + query + "\",\"occurredAt\":\"" + at(at) + "\"}";
    }

    public static String batch(String... events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    public static ValidatableResponse post(String subject, String body) {
        return given().auth().oauth2(TestKeys.user(subject)).contentType("application/json").body(body)
                .post(ACTIVITY).then();
    }

    /** Publishes a catalog product as recommendation-service would (keyed by product id). */
    public static void publishProduct(String productId, String category, List<String> terms) {
        EventEnvelope<CatalogProductV1> event = new EventEnvelope<>(UUID.randomUUID(), CatalogProductV1.TYPE,
                "recommendation-service", Instant.now(), null, CatalogProductV1.SCHEMA_VERSION,
                new CatalogProductV1(productId, category, terms));
        TestEvents.publishRaw(Topics.CATALOG_PRODUCTS, productId, TestEvents.json(event));
    }

    /** The feature snapshots published for the pseudonym, in topic order. */
    public static List<JsonNode> snapshots(String pseudonym, int atLeast) {
        return TestEvents.read(TestKafka.bootstrapServers(), Topics.PROFILE_FEATURES, pseudonym, atLeast,
                Duration.ofSeconds(30));
    }

    /**
     * The feature snapshots published for the pseudonym, in topic order, once the newest carries at least
     * {@code version}: changes close together may share one snapshot (the relay coalesces them).
     */
    public static List<JsonNode> snapshotsUpTo(String pseudonym, long version) {
        Eventually.await("snapshot " + version + " published", ProfileTestSupport.TIMEOUT, () -> {
            List<JsonNode> published = snapshots(pseudonym, 1);
            return published.get(published.size() - 1).path("data").path("snapshotVersion").asLong() >= version;
        });
        return snapshots(pseudonym, 1);
    }

    /** The tables of the service's database (public schema) with a row whose text contains the needle. */
    public static List<String> tablesContaining(Connection connection, String needle) throws SQLException {
        return dev.personalization.infra.testing.TestDatabase.tablesContaining(connection, needle);
    }

    /** Every record of every topic on the test broker (keys, values, headers) whose bytes contain the needle. */
    public static List<String> topicsContaining(String needle) throws Exception {
        List<String> found = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()));
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : admin.listTopics().names().get()) {
                consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            if (!partitions.stream().anyMatch(p -> p.topic().equals(Topics.PROFILE_FEATURES))) {
                throw new AssertionError("the features topic should be among the topics searched");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    StringBuilder text = new StringBuilder();
                    text.append(record.key() == null ? "" : new String(record.key())).append('\n');
                    text.append(record.value() == null ? "" : new String(record.value())).append('\n');
                    for (Header header : record.headers()) {
                        text.append(header.key()).append(new String(header.value())).append('\n');
                    }
                    if (text.toString().toLowerCase().contains(needle.toLowerCase())) {
                        found.add(record.topic() + "@" + record.offset());
                    }
                }
            }
        }
        return found;
    }
}
