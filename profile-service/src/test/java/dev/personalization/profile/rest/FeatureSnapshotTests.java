package dev.personalization.profile.rest;

import static dev.personalization.infra.testing.TestDatabase.count;
import static dev.personalization.profile.testing.IntakeTestSupport.DATABASE;
import static dev.personalization.profile.testing.IntakeTestSupport.batch;
import static dev.personalization.profile.testing.IntakeTestSupport.grantAll;
import static dev.personalization.profile.testing.IntakeTestSupport.post;
import static dev.personalization.profile.testing.IntakeTestSupport.purchase;
import static dev.personalization.profile.testing.IntakeTestSupport.snapshots;
import static dev.personalization.profile.testing.IntakeTestSupport.snapshotsUpTo;
import static dev.personalization.profile.testing.IntakeTestSupport.view;
import static dev.personalization.profile.testing.ProfileTestSupport.newSubject;
import static dev.personalization.profile.testing.ProfileTestSupport.pseudonym;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.ProfileFeaturesV1;
import dev.personalization.infra.testing.Eventually;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKafka;
import dev.personalization.infra.testing.TestKeys;
import dev.personalization.profile.testing.IntakeTestSupport;
import dev.personalization.profile.testing.ProfileTestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Features out: after each change a full snapshot of the minimized features reaches profile.features.v1
 * (the real topic) through the outbox, keyed by the pseudonym, versioned per subject and never out of
 * order; it carries exactly what GET /api/profile/me shows, never raw events.
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = DATABASE))
class FeatureSnapshotTests {

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    @Test
    void aSnapshotOfTheMinimizedFeaturesReachesTheTopicInTheEnvelope() throws Exception {
        String subject = newSubject();
        String pseudonym = pseudonym(subject);
        grantAll(subject, "browsing", "purchases");
        Instant now = Instant.now();
        post(subject, batch(view("85123A", "home/candles", now), purchase("22423", "kitchen/mugs", 42.0, now)))
                .statusCode(202);

        List<JsonNode> published = snapshots(pseudonym, 1);
        assertEquals(1, published.size(), "one snapshot per batch, not one per event");
        JsonNode event = published.get(0);
        assertEquals(ProfileFeaturesV1.TYPE, event.path("type").asText());
        assertEquals("profile-service", event.path("source").asText());
        assertEquals(pseudonym, event.path("subject").asText());
        assertEquals(ProfileFeaturesV1.SCHEMA_VERSION, event.path("schemaVersion").asInt());
        assertFalse(event.path("id").asText().isEmpty());
        Instant.parse(event.path("time").asText());
        JsonNode data = event.path("data");
        assertEquals(1, data.path("snapshotVersion").asLong());
        // the streamed JSON reads as the contract's record (what a consumer such as recommendation-service does)
        EventEnvelope<ProfileFeaturesV1> typed = json.readValue(event.toString(),
                new TypeReference<EventEnvelope<ProfileFeaturesV1>>() {
                });
        assertEquals(5, typed.data().features().size());
        assertEquals(typed.data().asOf(), typed.time());

        Set<String> features = new HashSet<>();
        for (JsonNode feature : data.path("features")) {
            features.add(feature.path("purpose").asText() + ":" + feature.path("kind").asText() + ":"
                    + feature.path("item").asText());
            assertEquals(1, feature.path("consentVersion").asLong());
            assertTrue(feature.path("weight").asDouble() > 0);
        }
        assertEquals(Set.of("browsing:category-affinity:home/candles", "browsing:viewed-product:85123A",
                "purchases:purchased-category:kitchen/mugs", "purchases:price-band:20-50",
                "purchases:purchased-product:22423"), features);
        // never a raw event: no exact amount, no dwell time, no exact time
        String text = data.toString();
        assertFalse(text.contains("42.0") || text.contains("dwell") || text.contains("occurredAt") || text.contains("quantity"),
                text);

        // the same data GET /api/profile/me shows
        JsonPath profile = given().auth().oauth2(TestKeys.user(subject)).get(IntakeTestSupport.PROFILE).then()
                .statusCode(200).extract().jsonPath();
        Set<String> shown = new HashSet<>();
        for (String purpose : List.of("browsing", "purchases", "search")) {
            List<String> kinds = profile.getList("purposes.find { it.purpose == '" + purpose + "' }.data.kind");
            List<String> items = profile.getList("purposes.find { it.purpose == '" + purpose + "' }.data.item");
            for (int i = 0; i < kinds.size(); i++) {
                shown.add(purpose + ":" + kinds.get(i) + ":" + items.get(i));
            }
        }
        assertEquals(features, shown);
        Eventually.await("the subject no longer due", ProfileTestSupport.TIMEOUT, () -> count(dataSource,
                "SELECT count(*) FROM profile_snapshot_due WHERE pseudonym = ?", pseudonym) == 0);
    }

    @Test
    void oneSubjectsSnapshotsNeverLeaveOutOfOrder() {
        String subject = newSubject();
        String pseudonym = pseudonym(subject);
        grantAll(subject, "browsing");
        int batches = 12;
        // concurrent batches of one subject: their snapshots are numbered and sent one after the other
        CompletableFuture<?>[] posts = IntStream.range(0, batches).mapToObj(i -> CompletableFuture.runAsync(() ->
                post(subject, batch(view("p" + i, "home/c" + i, Instant.now()))).statusCode(202)))
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(posts).join();
        Eventually.await("the last snapshot published", ProfileTestSupport.TIMEOUT, () -> {
            List<JsonNode> published = snapshots(pseudonym, 1);
            return published.get(published.size() - 1).path("data").path("snapshotVersion").asLong() == batches;
        });
        List<JsonNode> published = snapshots(pseudonym, 1);
        long previous = 0;
        for (JsonNode event : published) {
            long version = event.path("data").path("snapshotVersion").asLong();
            assertTrue(version > previous, "snapshot " + version + " after " + previous);
            previous = version;
        }
        JsonNode last = published.get(published.size() - 1).path("data");
        // the last one holds every batch's data
        assertEquals(2 * batches, last.path("features").size());
    }

    @Test
    void whileTheBrokerIsDownIntakeWaitsForTheViewAndAChangeMadeMeanwhileIsPublishedWhenItReturns() {
        String subject = newSubject();
        String pseudonym = pseudonym(subject);
        grantAll(subject, "browsing");
        Instant now = Instant.now();
        post(subject, batch(view("85123A", "home/candles", now.minus(Duration.ofDays(3))),
                view("22423", "kitchen/mugs", now))).statusCode(202);
        snapshotsUpTo(pseudonym, 1);

        TestKafka.stop();
        long due;
        try {
            // cut off from the consent topic, the view cannot know what was withdrawn meanwhile: intake
            // refuses (503) rather than guess, once the view noticed
            Eventually.await("intake refusing while the consent view has lost the broker", ProfileTestSupport.TIMEOUT,
                    () -> post(subject, batch(view("84879", "home/birds", Instant.now()))).extract()
                            .statusCode() == 503);
            post(subject, batch(view("84879", "home/birds", Instant.now()))).statusCode(503)
                    .contentType("application/problem+json");
            // the shopper's own retention choice is applied at once; its snapshot waits in the database
            given().auth().oauth2(TestKeys.user(subject)).contentType("application/json").body("{\"days\": 1}")
                    .put(IntakeTestSupport.PROFILE + "/retention/browsing").then().statusCode(200);
            due = count(dataSource, "SELECT snapshot_version FROM profile_snapshot_due WHERE pseudonym = ?", pseudonym);
            assertTrue(due >= 2, "a snapshot due after the retention choice, version " + due);
        } finally {
            TestKafka.start();
        }

        List<JsonNode> published = snapshotsUpTo(pseudonym, due);
        long previous = 0;
        for (JsonNode event : published) {
            long version = event.path("data").path("snapshotVersion").asLong();
            assertTrue(version > previous, "snapshot " + version + " after " + previous);
            previous = version;
        }
        assertEquals(due, previous, "the change made during the outage is the newest snapshot");
        Set<String> features = new HashSet<>();
        published.get(published.size() - 1).path("data").path("features").forEach(feature ->
                features.add(feature.path("kind").asText() + ":" + feature.path("item").asText()));
        assertTrue(features.contains("viewed-product:22423"), features.toString());
        assertFalse(features.contains("viewed-product:85123A"), "past the 1-day window the shopper chose: " + features);
        Eventually.await("nothing left due", ProfileTestSupport.TIMEOUT, () -> count(dataSource,
                "SELECT count(*) FROM profile_snapshot_due WHERE pseudonym = ?", pseudonym) == 0);
    }
}
