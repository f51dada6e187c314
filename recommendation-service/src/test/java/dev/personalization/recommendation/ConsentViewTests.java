package dev.personalization.recommendation;

import static dev.personalization.recommendation.RecommendationTestSupport.await;
import static dev.personalization.recommendation.RecommendationTestSupport.count;
import static dev.personalization.recommendation.RecommendationTestSupport.decision;
import static dev.personalization.recommendation.RecommendationTestSupport.grant;
import static dev.personalization.recommendation.RecommendationTestSupport.pseudonym;
import static dev.personalization.recommendation.RecommendationTestSupport.publish;
import static dev.personalization.recommendation.RecommendationTestSupport.publishRaw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.recommendation.service.ConsentViewService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The consent view, fed over the real broker exactly as consent-service's outbox relay feeds it. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "recommendation_test"))
class ConsentViewTests {

    @Inject
    DataSource dataSource;

    @Inject
    ConsentViewService consents;

    @Test
    void decisionsAreAppliedOnceInConsentVersionOrderPastMalformedMessages() {
        String subject = "shopper-" + UUID.randomUUID();
        String key = pseudonym(subject);
        EventEnvelope<ConsentDecisionV1> grant = grant(subject, "browsing", 1);
        EventEnvelope<ConsentDecisionV1> withdrawal = decision(subject, "browsing", "withdrawn", 2, null);

        publishRaw(key, "not json at all");
        publish(grant);
        await("the grant", () -> consents.permits(key, "browsing", Instant.now()));
        publish(withdrawal);
        publish(grant);   // redelivered
        publish(grant(subject, "browsing", 1));   // a late copy under another id
        publish(decision(subject, "marker", "denied", 1, null));
        await("the marker", () -> count(dataSource,
                "SELECT count(*) FROM consent_view WHERE pseudonym = ? AND purpose = 'marker'", key) == 1);

        assertFalse(consents.permits(key, "browsing", Instant.now()));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM consent_view WHERE pseudonym = ? AND purpose = 'browsing' "
                + "AND state = 'withdrawn' AND consent_version = 2", key));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?", grant.id()));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?", withdrawal.id()));
        assertFalse(consents.permits(pseudonym("shopper-" + UUID.randomUUID()), "browsing", Instant.now()),
                "default deny for an unknown subject");
    }
}
