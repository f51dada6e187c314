package dev.personalization.profile.testing;

import static io.restassured.RestAssured.given;

import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.SubjectPseudonym;
import dev.personalization.contracts.Topics;
import dev.personalization.infra.testing.Eventually;
import dev.personalization.infra.testing.TestEvents;
import dev.personalization.infra.testing.TestKeys;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the profile tests share: fresh subjects, events on the real broker, and the shopper's consent view. */
public final class ProfileTestSupport {

    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    public static final String CONSENTS = "/api/profile/me/consents";

    private ProfileTestSupport() {
    }

    public static String newSubject() {
        return "shopper-" + UUID.randomUUID();
    }

    public static String pseudonym(String subject) {
        return new SubjectPseudonym(ConfigProvider.getConfig().getValue("suite.pseudonym.secret", String.class))
                .of(subject);
    }

    public static EventEnvelope<ConsentDecisionV1> decision(String subject, String purpose, String state,
            long consentVersion, Instant expiresAt) {
        return TestEvents.consentDecision(pseudonym(subject), purpose, state, consentVersion, expiresAt);
    }

    public static EventEnvelope<ConsentDecisionV1> grant(String subject, String purpose, long consentVersion) {
        return decision(subject, purpose, ConsentDecisionV1.GRANTED, consentVersion,
                Instant.now().truncatedTo(ChronoUnit.MILLIS).plus(Duration.ofDays(365)));
    }

    public static void publish(EventEnvelope<?> event) {
        TestEvents.publish(Topics.CONSENT_DECISIONS, event);
    }

    /**
     * The shopper's consent view. While the view catches up (at start, after a lost broker) the service
     * answers 503; the tests of what it answers then wait until it is caught up.
     */
    public static JsonPath myConsents(String subject) {
        String token = TestKeys.user(subject);
        Eventually.await("the consent view caught up", TIMEOUT,
                () -> given().auth().oauth2(token).get(CONSENTS).statusCode() != 503);
        return given().auth().oauth2(token).get(CONSENTS)
                .then().statusCode(200).extract().jsonPath();
    }

    /** Polls the subject's consent view until it satisfies the condition; fails after {@link #TIMEOUT}. */
    public static JsonPath awaitConsents(String subject, Predicate<JsonPath> condition) {
        JsonPath[] last = new JsonPath[1];
        try {
            Eventually.await("the consent view reaching the expected state", TIMEOUT,
                    () -> condition.test(last[0] = myConsents(subject)));
            return last[0];
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last seen: " + (last[0] == null ? "nothing" : last[0].prettify()));
        }
    }

    public static Predicate<JsonPath> hasPurpose(String purpose, String state, long consentVersion) {
        return view -> {
            Map<String, Object> consent = view.getMap("consents.find { it.purpose == '" + purpose + "' }");
            return consent != null && state.equals(consent.get("state"))
                    && ((Number) consent.get("consentVersion")).longValue() == consentVersion;
        };
    }
}
