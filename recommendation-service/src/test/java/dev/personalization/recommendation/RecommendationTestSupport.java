package dev.personalization.recommendation;

import static io.restassured.RestAssured.given;

import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.SubjectPseudonym;
import dev.personalization.contracts.Topics;
import dev.personalization.infra.testing.Eventually;
import dev.personalization.infra.testing.TestDatabase;
import dev.personalization.infra.testing.TestEvents;
import dev.personalization.infra.testing.TestKeys;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the recommendation tests share: fresh subjects, events on the real broker, polling and row counts. */
final class RecommendationTestSupport {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

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
        return TestEvents.consentDecision(pseudonym(subject), purpose, state, consentVersion, expiresAt);
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
        TestEvents.publish(Topics.CONSENT_DECISIONS, event);
    }

    static void publishRaw(String key, String value) {
        TestEvents.publishRaw(Topics.CONSENT_DECISIONS, key, value);
    }

    /** Polls until the condition holds; fails after {@link #TIMEOUT}. */
    static void await(String what, BooleanSupplier condition) {
        Eventually.await(what, TIMEOUT, condition);
    }

    static ValidatableResponse putProduct(String token, String id, String body) {
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .put("/api/catalog/products/" + id).then();
    }

    static String catalogWriter() {
        return TestKeys.partner("partner-" + UUID.randomUUID(), "catalog:write");
    }

    static long count(DataSource dataSource, String sql, Object... params) {
        return TestDatabase.count(dataSource, sql, params);
    }

}
