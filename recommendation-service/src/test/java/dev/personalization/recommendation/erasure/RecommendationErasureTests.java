package dev.personalization.recommendation.erasure;

import static dev.personalization.infra.testing.TestDatabase.count;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.TIMEOUT;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.await;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.feature;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.grant;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.newSubject;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.pseudonym;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.publish;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.publishFeatures;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.snapshot;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.personalization.consentview.erasure.ErasureRequestReader;
import dev.personalization.consentview.service.ConsentViewService;
import dev.personalization.contracts.ErasureRequestedV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.ProfileFeaturesV1.Feature;
import dev.personalization.contracts.Topics;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestDatabase;
import dev.personalization.infra.testing.TestEvents;
import dev.personalization.infra.testing.TestKeys;
import dev.personalization.recommendation.service.Aggregates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Erasure in recommendation-service over the real broker: a signed request deletes the subject's features,
 * snapshot counter and consent view and takes their contribution out of the aggregates (which then equal the
 * aggregates recomputed from scratch), and confirms with counts; a forged request deletes nothing; a repeat
 * confirms again with zero counts.
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "recommendation_erasure_test"))
class RecommendationErasureTests {

    private static final String EXPORT = "/api/recommendations/me/export";

    @Inject
    DataSource dataSource;

    @Inject
    Aggregates aggregates;

    @Inject
    ConsentViewService consents;

    @Inject
    MeterRegistry metrics;

    @Test
    void aSignedRequestErasesTheSubjectAndItsShareOfTheAggregates() throws Exception {
        String erased = newSubject();
        String kept = newSubject();
        String a = "p-" + UUID.randomUUID();
        String b = "p-" + UUID.randomUUID();
        withFeatures(erased, a, b);
        withFeatures(kept, a, b);
        assertEquals(aggregates.recomputed(), aggregates.maintained());
        long bothBought = count(dataSource, "SELECT subjects FROM item_popularity WHERE product_id = ?", a);
        assertEquals(2, bothBought);

        JsonPath before = given().auth().oauth2(TestKeys.user(erased)).get(EXPORT).then().statusCode(200)
                .extract().jsonPath();
        assertEquals("recommendation-service", before.getString("service"));
        assertTrue(before.getBoolean("complete"));
        assertEquals(4, before.getList("data.features").size());
        assertEquals(List.of(a.compareTo(b) < 0 ? a + " " + b : b + " " + a),
                before.getList("data.aggregateContributions.coPurchases"));
        assertEquals(2, before.getList("data.consents").size());

        String pseudonym = pseudonym(erased);
        EventEnvelope<ErasureRequestedV1> request = request(pseudonym);
        TestEvents.publish(Topics.ERASURE_REQUESTED, request);
        JsonNode completion = completions(pseudonym, 1).get(0);
        JsonNode data = completion.path("data");
        assertEquals(request.data().requestId().toString(), data.path("requestId").asText());
        assertEquals("recommendation-service", data.path("service").asText());
        JsonNode deleted = data.path("deleted");
        assertEquals(4, deleted.path("subject_feature").asLong(), deleted.toString());
        assertEquals(1, deleted.path("subject_snapshot").asLong());
        assertEquals(2, deleted.path("consent_view").asLong());
        assertEquals(2, deleted.path("item_popularity_contribution").asLong());
        assertEquals(1, deleted.path("co_purchase_contribution").asLong());

        assertEquals(aggregates.recomputed(), aggregates.maintained(), "incremental aggregates equal recomputed ones");
        assertEquals(1, count(dataSource, "SELECT subjects FROM item_popularity WHERE product_id = ?", a));
        try (Connection connection = dataSource.getConnection()) {
            List<String> found = TestDatabase.tablesContaining(connection, pseudonym);
            assertTrue(Set.of("erased_subject", "catalog_outbox").containsAll(found), found.toString());
        }
        assertEquals(0, count(dataSource, "SELECT count(*) FROM catalog_outbox WHERE message_key = ? AND topic <> ?",
                pseudonym, Topics.ERASURE_COMPLETED));
        JsonPath after = given().auth().oauth2(TestKeys.user(erased)).get(EXPORT).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(), after.getList("data.features"));
        assertEquals(List.of(), after.getList("data.consents"));
        assertFalse(given().auth().oauth2(TestKeys.user(erased)).get("/api/recommendations/me").then().statusCode(200)
                .extract().jsonPath().getBoolean("personalized"));
        assertNotEquals(List.of(), given().auth().oauth2(TestKeys.user(kept)).get(EXPORT).then().statusCode(200)
                .extract().jsonPath().getList("data.features"));

        // a repeat: nothing left, a second confirmation with zero counts
        TestEvents.publish(Topics.ERASURE_REQUESTED, request(pseudonym));
        List<JsonNode> confirmed = completions(pseudonym, 2);
        confirmed.get(1).path("data").path("deleted").forEach(c -> assertEquals(0, c.asLong()));
        assertEquals(aggregates.recomputed(), aggregates.maintained());
    }

    @Test
    void aForgedRequestDeletesNothing() {
        String subject = newSubject();
        String pseudonym = pseudonym(subject);
        withFeatures(subject, "p-" + UUID.randomUUID(), "p-" + UUID.randomUUID());
        double rejected = rejectedCount();
        String value = TestEvents.json(request(pseudonym));
        TestEvents.publishWithSignature(Topics.ERASURE_REQUESTED, pseudonym, value,
                TestKeys.untrustedEventSigner().sign(Topics.ERASURE_REQUESTED, pseudonym, value));
        await("the forged request rejected", () -> rejectedCount() >= rejected + 1);
        assertEquals(4, count(dataSource, "SELECT count(*) FROM subject_feature WHERE pseudonym = ?", pseudonym));
        assertEquals(0, count(dataSource, "SELECT count(*) FROM erased_subject WHERE pseudonym = ?", pseudonym));
    }

    /** Browsing and purchases granted, a snapshot of two viewed and bought products applied. */
    private void withFeatures(String subject, String first, String second) {
        publish(grant(subject, "browsing", 1));
        publish(grant(subject, "purchases", 1));
        await("the grants", () -> consents.permits(pseudonym(subject), "browsing", Instant.now())
                && consents.permits(pseudonym(subject), "purchases", Instant.now()));
        List<Feature> features = List.of(
                feature("purchases", "purchased-product", first, 2.0, 1),
                feature("purchases", "purchased-product", second, 1.0, 1),
                feature("browsing", "viewed-product", first, 1.0, 1),
                feature("browsing", "category-affinity", "home/candles", 1.0, 1));
        publishFeatures(snapshot(subject, 1, features));
        await("the snapshot", () -> count(dataSource, "SELECT count(*) FROM subject_feature WHERE pseudonym = ?",
                pseudonym(subject)) == 4);
    }

    private static EventEnvelope<ErasureRequestedV1> request(String pseudonym) {
        return TestEvents.erasureRequest(pseudonym);
    }

    private static List<JsonNode> completions(String pseudonym, int expected) {
        return TestEvents.erasureCompletions(pseudonym, expected, TIMEOUT);
    }

    private double rejectedCount() {
        Counter counter = metrics.find(ErasureRequestReader.METRIC).tag("outcome", ErasureRequestReader.REJECTED_SIGNATURE)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
