package dev.personalization.recommendation;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.SubjectPseudonym;
import dev.personalization.contracts.Topics;
import dev.personalization.infra.testing.TestKafka;
import dev.personalization.infra.testing.TestKeys;
import io.restassured.response.ValidatableResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the recommendation tests share: fresh subjects, events on the real broker, polling and row counts. */
final class RecommendationTestSupport {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static KafkaProducer<String, String> producer;

    private RecommendationTestSupport() {
    }

    static String newSubject() {
        return "shopper-" + UUID.randomUUID();
    }

    static String pseudonym(String subject) {
        return new SubjectPseudonym(ConfigProvider.getConfig().getValue("suite.pseudonym.secret", String.class))
                .of(subject);
    }

    static EventEnvelope<ConsentDecisionV1> decision(String subject, String purpose, String state, long consentVersion,
            Instant expiresAt) {
        // PostgreSQL keeps microseconds; millisecond times compare equal after the round trip
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new EventEnvelope<>(UUID.randomUUID(), ConsentDecisionV1.TYPE, "consent-service", now,
                pseudonym(subject), ConsentDecisionV1.SCHEMA_VERSION,
                new ConsentDecisionV1(purpose, 1, state, consentVersion, now, expiresAt));
    }

    static EventEnvelope<ConsentDecisionV1> grant(String subject, String purpose, long consentVersion) {
        return decision(subject, purpose, ConsentDecisionV1.GRANTED, consentVersion,
                Instant.now().truncatedTo(ChronoUnit.MILLIS).plus(Duration.ofDays(365)));
    }

    /** The same event (same id) with other content, as a buggy producer or a replay might send it. */
    static EventEnvelope<ConsentDecisionV1> sameIdWith(EventEnvelope<ConsentDecisionV1> event, ConsentDecisionV1 data) {
        return new EventEnvelope<>(event.id(), event.type(), event.source(), event.time(), event.subject(),
                event.schemaVersion(), data);
    }

    static void publish(EventEnvelope<?> event) {
        try {
            publishRaw(event.subject(), JSON.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends one message keyed like consent-service's (by pseudonym) and waits for the broker's ack. */
    static synchronized void publishRaw(String key, String value) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(), new StringSerializer());
        }
        try {
            producer.send(new ProducerRecord<>(Topics.CONSENT_DECISIONS, key, value)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the condition holds; fails after {@link #TIMEOUT}. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError(what + " did not happen within " + TIMEOUT);
    }

    static ValidatableResponse putProduct(String token, String id, String body) {
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .put("/api/catalog/products/" + id).then();
    }

    static String catalogWriter() {
        return TestKeys.partner("partner-" + UUID.randomUUID(), "catalog:write");
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

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
