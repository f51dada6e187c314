package dev.personalization.profile;

import static io.restassured.RestAssured.given;

import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.SubjectPseudonym;
import dev.personalization.contracts.Topics;
import dev.personalization.infra.testing.Eventually;
import dev.personalization.infra.testing.TestDatabase;
import dev.personalization.infra.testing.TestEvents;
import dev.personalization.infra.testing.TestKeys;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the profile tests share: fresh subjects, events on the real broker, polling and row counts. */
final class ProfileTestSupport {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ProfileTestSupport() {
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

    static JsonPath myConsents(String subject) {
        return given().auth().oauth2(TestKeys.user(subject)).get("/api/profile/me/consents")
                .then().statusCode(200).extract().jsonPath();
    }

    /** Polls the subject's consent view until it satisfies the condition; fails after {@link #TIMEOUT}. */
    static JsonPath awaitConsents(String subject, Predicate<JsonPath> condition) {
        JsonPath[] last = new JsonPath[1];
        try {
            Eventually.await("the consent view reaching the expected state", TIMEOUT,
                    () -> condition.test(last[0] = myConsents(subject)));
            return last[0];
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last seen: " + (last[0] == null ? "nothing" : last[0].prettify()));
        }
    }

    static Predicate<JsonPath> hasPurpose(String purpose, String state, long consentVersion) {
        return view -> {
            Map<String, Object> consent = view.getMap("consents.find { it.purpose == '" + purpose + "' }");
            return consent != null && state.equals(consent.get("state"))
                    && ((Number) consent.get("consentVersion")).longValue() == consentVersion;
        };
    }

    static long count(DataSource dataSource, String sql, Object... params) {
        return TestDatabase.count(dataSource, sql, params);
    }

}
