package dev.personalization.profile.erasure;

import static dev.personalization.profile.testing.IntakeTestSupport.PROFILE;
import static dev.personalization.profile.testing.IntakeTestSupport.batch;
import static dev.personalization.profile.testing.IntakeTestSupport.grantAll;
import static dev.personalization.profile.testing.IntakeTestSupport.post;
import static dev.personalization.profile.testing.IntakeTestSupport.purchase;
import static dev.personalization.profile.testing.IntakeTestSupport.search;
import static dev.personalization.profile.testing.IntakeTestSupport.snapshots;
import static dev.personalization.profile.testing.IntakeTestSupport.tablesContaining;
import static dev.personalization.profile.testing.IntakeTestSupport.view;
import static dev.personalization.profile.testing.ProfileTestSupport.awaitConsents;
import static dev.personalization.profile.testing.ProfileTestSupport.hasPurpose;
import static dev.personalization.profile.testing.ProfileTestSupport.newSubject;
import static dev.personalization.profile.testing.ProfileTestSupport.pseudonym;
import static dev.personalization.profile.testing.ProfileTestSupport.publish;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.personalization.consentview.erasure.ErasureRequestReader;
import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.ErasureCompletedV1;
import dev.personalization.contracts.ErasureRequestedV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.Topics;
import dev.personalization.infra.testing.Eventually;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestDatabase;
import dev.personalization.infra.testing.TestEvents;
import dev.personalization.infra.testing.TestKafka;
import dev.personalization.infra.testing.TestKeys;
import dev.personalization.profile.testing.ProfileTestSupport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Erasure in profile-service over the real broker: a request consent-service signed deletes every row about
 * the pseudonym in one transaction and confirms on privacy.erasure-completed.v1 with counts, and a tombstone
 * follows the subject's snapshots on profile.features.v1; a forged request deletes nothing; a repeat is
 * harmless; a replayed grant from before the erasure does not bring the subject back.
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = ProfileErasureTests.DATABASE))
class ProfileErasureTests {

    /** A database of its own: the intake tests' may be recreated by another run meanwhile. */
    // the intake tests' database: Quarkus starts every declared test resource for every test class, so one
    // module's classes must agree on the database they name, or their table checks look at an empty one
    static final String DATABASE = dev.personalization.profile.testing.IntakeTestSupport.DATABASE;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry metrics;

    @Test
    void aSignedRequestErasesEveryRowAndConfirmsWithCountsAndATombstone() throws Exception {
        String subject = newSubject();
        String pseudonym = pseudonym(subject);
        withProfile(subject);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        EventEnvelope<ConsentDecisionV1> oldGrant = ProfileTestSupport.grant(subject, "browsing", 1);

        UUID requestId = requestErasure(pseudonym);
        JsonNode completion = completions(pseudonym, 1).get(0);
        assertEquals(ErasureCompletedV1.TYPE, completion.path("type").asText());
        assertEquals(pseudonym, completion.path("subject").asText());
        JsonNode data = completion.path("data");
        assertEquals(requestId.toString(), data.path("requestId").asText());
        assertEquals("profile-service", data.path("service").asText());
        JsonNode deleted = data.path("deleted");
        assertTrue(deleted.path("profile_datum").asLong() >= 5, deleted.toString());
        assertEquals(1, deleted.path("retention_choice").asLong());
        assertEquals(1, deleted.path("profile_subject").asLong());
        assertEquals(3, deleted.path("consent_view").asLong());
        // snapshots are coalesced: a still-due mark or an unsent snapshot row may or may not exist by now
        assertTrue(deleted.has("profile_snapshot_due") && deleted.has("profile_outbox"), deleted.toString());

        List<ConsumerRecord<String, String>> features = TestEvents.readRecords(TestKafka.bootstrapServers(),
                Topics.PROFILE_FEATURES, pseudonym, 3, TIMEOUT);
        assertNull(features.get(features.size() - 1).value(), "the subject's last record on the features topic is a tombstone");

        // nothing but the "erased at" marker and the outbox's tombstone and confirmation names the pseudonym
        try (Connection connection = dataSource.getConnection()) {
            assertTrue(Set.of("erased_subject", "profile_outbox").containsAll(tablesContaining(connection, pseudonym)),
                    tablesContaining(connection, pseudonym).toString());
        }
        assertEquals(0, TestDatabase.count(dataSource, """
                SELECT count(*) FROM profile_outbox WHERE message_key = ? AND payload IS NOT NULL AND topic <> ?
                """, pseudonym, Topics.ERASURE_COMPLETED));
        JsonPath profile = given().auth().oauth2(TestKeys.user(subject)).get(PROFILE).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(), profile.getList("purposes.data.flatten()"));
        JsonPath export = given().auth().oauth2(TestKeys.user(subject)).get("/api/profile/me/export").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(true, export.getBoolean("complete"));
        assertEquals(List.of(), export.getList("data.consents"));
        assertNull(export.get("data.featureSnapshotVersion"));

        // a genuine grant from before the erasure, read again, does not grant anything; a decision made
        // after it does count (and, on the same key, is read after the replay)
        publish(new EventEnvelope<>(UUID.randomUUID(), oldGrant.type(), oldGrant.source(), before, pseudonym,
                oldGrant.schemaVersion(), oldGrant.data()));
        publish(ProfileTestSupport.decision(subject, "search", ConsentDecisionV1.DENIED, 7, null));
        JsonPath consents = awaitConsents(subject, hasPurpose("search", "denied", 7));
        assertEquals(List.of("search"), consents.getList("consents.purpose"));
        post(subject, batch(view("85123A", "home/candles", Instant.now()))).statusCode(202)
                .body("accepted.view", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void aForgedOrUnsignedRequestDeletesNothing() throws Exception {
        String subject = newSubject();
        String pseudonym = pseudonym(subject);
        withProfile(subject);
        long held = TestDatabase.count(dataSource, "SELECT count(*) FROM profile_datum WHERE pseudonym = ?", pseudonym);
        double rejected = rejectedCount();

        String value = TestEvents.json(request(pseudonym));
        TestEvents.publishUnsigned(Topics.ERASURE_REQUESTED, pseudonym, value);
        // signed by the trusted key, but over another record
        TestEvents.publishWithSignature(Topics.ERASURE_REQUESTED, pseudonym, value,
                TestKeys.eventSigner().sign(Topics.ERASURE_REQUESTED, pseudonym, value + " "));
        Eventually.await("both requests rejected", TIMEOUT, () -> rejectedCount() >= rejected + 2);

        assertEquals(held, TestDatabase.count(dataSource, "SELECT count(*) FROM profile_datum WHERE pseudonym = ?", pseudonym));
        assertEquals(0, TestDatabase.count(dataSource, "SELECT count(*) FROM erased_subject WHERE pseudonym = ?", pseudonym));
        assertEquals(3, TestDatabase.count(dataSource, "SELECT count(*) FROM consent_view WHERE pseudonym = ?", pseudonym));
    }

    @Test
    void aRepeatedRequestIsHarmlessAndConfirmsWithZeroCounts() {
        String subject = newSubject();
        String pseudonym = pseudonym(subject);
        withProfile(subject);
        EventEnvelope<ErasureRequestedV1> first = request(pseudonym);
        TestEvents.publish(Topics.ERASURE_REQUESTED, first);
        completions(pseudonym, 1);
        // the same event again (a redelivery) changes nothing; a new request for the same subject confirms
        // again, with nothing left to delete
        TestEvents.publish(Topics.ERASURE_REQUESTED, first);
        TestEvents.publish(Topics.ERASURE_REQUESTED, request(pseudonym));
        List<JsonNode> confirmed = completions(pseudonym, 2);
        assertEquals(2, confirmed.size(), "one confirmation per request, none for the redelivery");
        confirmed.get(1).path("data").path("deleted").forEach(count -> assertEquals(0, count.asLong()));
        assertEquals(0, TestDatabase.count(dataSource, "SELECT count(*) FROM profile_datum WHERE pseudonym = ?", pseudonym));
    }

    /** Consent for every purpose, activity of each, and a chosen retention window; waits for the snapshot. */
    private static void withProfile(String subject) {
        grantAll(subject, "browsing", "purchases", "search");
        Instant now = Instant.now();
        post(subject, batch(view("85123A", "home/candles", now), purchase("22423", "kitchen/mugs", 42.0, now),
                search("candles", now))).statusCode(202);
        given().auth().oauth2(TestKeys.user(subject)).contentType("application/json").body("{\"days\": 7}")
                .put(PROFILE + "/retention/browsing").then().statusCode(200);
        snapshots(pseudonym(subject), 2);
    }

    private static EventEnvelope<ErasureRequestedV1> request(String pseudonym) {
        return TestEvents.erasureRequest(pseudonym);
    }

    private static UUID requestErasure(String pseudonym) {
        EventEnvelope<ErasureRequestedV1> request = request(pseudonym);
        TestEvents.publish(Topics.ERASURE_REQUESTED, request);
        return request.data().requestId();
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
