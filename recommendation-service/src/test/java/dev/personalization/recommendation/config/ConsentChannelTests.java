package dev.personalization.recommendation.config;

import static dev.personalization.recommendation.testing.RecommendationTestSupport.await;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.decision;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.grant;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.newSubject;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.pseudonym;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.publish;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.personalization.consentview.service.ConsentViewService;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.kit.problem.ProblemException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * This service's consent view follows the consent topic: signed decisions published on the real
 * broker change what the service permits. How the view applies them (duplicates, order, malformed
 * events, expiry, purge) is tested once, in the consent-view module.
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "recommendation_test"))
class ConsentChannelTests {

    @Inject
    ConsentViewService consents;

    @Test
    void publishedDecisionsReachTheConsentView() {
        // the view answers only once it has caught up with the topic (503 until then)
        await("the consent view caught up", () -> {
            try {
                consents.requireCaughtUp();
                return true;
            } catch (ProblemException e) {
                return false;
            }
        });
        String subject = newSubject();
        String key = pseudonym(subject);
        publish(grant(subject, "browsing", 1));
        await("the grant", () -> consents.permits(key, "browsing", Instant.now()));
        publish(decision(subject, "browsing", "withdrawn", 2, null));
        await("the withdrawal", () -> !consents.permits(key, "browsing", Instant.now()));
        assertFalse(consents.permits(pseudonym(newSubject()), "browsing", Instant.now()),
                "default deny for an unknown subject");
    }
}
