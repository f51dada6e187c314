package dev.personalization.consent;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.personalization.contracts.SubjectPseudonym;
import dev.personalization.infra.testing.TestKeys;
import io.restassured.response.ValidatableResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the consent tests share: fresh subjects, API calls, table counts and topic reads. */
final class ConsentTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    private ConsentTestSupport() {
    }

    static String newSubject() {
        return "shopper-" + UUID.randomUUID();
    }

    static String pseudonym(String subject) {
        return new SubjectPseudonym(ConfigProvider.getConfig().getValue("suite.pseudonym.secret", String.class))
                .of(subject);
    }

    static ValidatableResponse decide(String subject, String purpose, boolean granted) {
        return given().auth().oauth2(TestKeys.user(subject))
                .contentType("application/json")
                .body("{\"granted\": " + granted + "}")
                .put("/api/consents/me/" + purpose)
                .then();
    }

    static long count(DataSource dataSource, String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Row counts of every table a decision writes, to prove a refused request wrote nothing. */
    static Map<String, Long> tableCounts(DataSource dataSource) {
        return List.of("consent_ledger", "consent_state", "outbox_event", "idempotency_key", "subject_chain",
                "partner_read", "purpose_version").stream()
                .collect(Collectors.toMap(t -> t, t -> count(dataSource, "SELECT count(*) FROM " + t)));
    }

    /**
     * Reads the topic from the beginning until {@code expected} events for the pseudonym arrived or
     * the time ran out; then keeps reading briefly so that a duplicate would be seen too.
     */
    static List<JsonNode> readEvents(String topic, String pseudonym, int expected, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
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
                    if (pseudonym.equals(record.key())) {
                        events.add(JSON.readTree(record.value()));
                    }
                }
                if (events.size() >= expected && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return events;
    }
}
