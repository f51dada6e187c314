package dev.personalization.recommendation.testing;

import static io.restassured.RestAssured.given;

import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.ProfileFeaturesV1;
import dev.personalization.contracts.SubjectPseudonym;
import dev.personalization.contracts.Topics;
import dev.personalization.infra.testing.Eventually;
import dev.personalization.infra.testing.TestEvents;
import dev.personalization.infra.testing.TestKeys;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the recommendation tests share: fresh subjects, events on the real broker, polling, catalog writes. */
public final class RecommendationTestSupport {

    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private RecommendationTestSupport() {
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

    /** Polls until the condition holds; fails after {@link #TIMEOUT}. */
    public static void await(String what, BooleanSupplier condition) {
        Eventually.await(what, TIMEOUT, condition);
    }

    public static ValidatableResponse putProduct(String token, String id, String body) {
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .put("/api/catalog/products/" + id).then();
    }

    /** A feature of a snapshot: weight, consent version, seen today, expiring in 30 days. */
    public static ProfileFeaturesV1.Feature feature(String purpose, String kind, String item, double weight,
            long consentVersion) {
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        return new ProfileFeaturesV1.Feature(purpose, kind, item, weight, consentVersion, today,
                today.plus(Duration.ofDays(30)));
    }

    public static EventEnvelope<ProfileFeaturesV1> snapshot(String subject, long version,
            List<ProfileFeaturesV1.Feature> features) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new EventEnvelope<>(UUID.randomUUID(), ProfileFeaturesV1.TYPE, "profile-service", now,
                pseudonym(subject), ProfileFeaturesV1.SCHEMA_VERSION, new ProfileFeaturesV1(version, now, features));
    }

    public static void publishFeatures(EventEnvelope<ProfileFeaturesV1> snapshot) {
        TestEvents.publish(Topics.PROFILE_FEATURES, snapshot);
    }

    public static String catalogWriter() {
        return TestKeys.partner("partner-" + UUID.randomUUID(), "catalog:write");
    }
}
