package dev.personalization.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.contracts.SubjectPseudonym;
import dev.personalization.gateway.testing.PackagedSuite;
import dev.personalization.infra.testing.Eventually;
import dev.personalization.infra.testing.TestDatabase;
import dev.personalization.infra.testing.TestKeys;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10's proof, end to end through the gateway over the packaged services, a real broker and real
 * databases: consent, activity, recommendations, then DELETE /api/me; the request completes once every
 * service confirmed, and afterwards neither the raw subject id nor its pseudonym is in any table of any
 * service's database except the minimum proof; the profile is empty and the output not personalized. A
 * second test erases while profile-service is down: pending until it is back, then completed.
 */
class ErasureEndToEndIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /**
     * What may still name the pseudonym after an erasure, per database: the "erased at" marker (so that a
     * replayed grant cannot undo it) and the outboxes' own tombstone and confirmation rows until their
     * retention ends. consent-service's: its erasure request (what GET /api/me/erasure/{id} answers from)
     * and its outbox; the ledger keeps only hashes (crypto-shredding). Never the raw id.
     */
    private static final Map<String, Set<String>> PROOF = Map.of(
            "consent-service", Set.of("erasure_request", "outbox_event"),
            "profile-service", Set.of("erased_subject", "profile_outbox"),
            "recommendation-service", Set.of("erased_subject", "catalog_outbox"));

    private static PackagedSuite suite;

    @BeforeAll
    static void startTheSuite() {
        suite = PackagedSuite.start("erasure_e2e", Map.of());
        RestAssured.baseURI = suite.gateway().baseUrl();
        RestAssured.port = suite.gateway().port();
    }

    @AfterAll
    static void stopTheSuite() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void anErasedShopperIsGoneFromEveryServiceButTheMinimumProof() throws SQLException {
        String subject = "e2e-erase-" + UUID.randomUUID();
        String token = TestKeys.user(subject);
        withData(token);
        JsonPath before = given().auth().oauth2(token).get("/api/me/data").then().statusCode(200).extract().jsonPath();
        assertTrue(before.getBoolean("complete"), before.prettify());
        assertEquals(subject, before.getString("subject"));

        String requestId = requestErasure(token);
        JsonPath status = awaitStatus(token, requestId, "completed");
        assertEquals("done", status.getString("services.'profile-service'.status"));
        assertEquals("done", status.getString("services.'recommendation-service'.status"));

        String pseudonym = new SubjectPseudonym(suite.pseudonymSecret()).of(subject);
        for (String service : PROOF.keySet()) {
            try (Connection connection = suite.connect(service)) {
                assertEquals(List.of(), TestDatabase.tablesContaining(connection, subject),
                        "the raw id in " + service + "'s tables");
                List<String> found = TestDatabase.tablesContaining(connection, pseudonym);
                assertTrue(PROOF.get(service).containsAll(found), "the pseudonym in " + service + ": " + found);
            }
        }
        given().auth().oauth2(token).get("/api/profile/me").then().statusCode(200)
                .extract().jsonPath().getList("purposes.data.flatten()").forEach(datum -> {
                    throw new AssertionError("profile data after erasure: " + datum);
                });
        assertFalse(given().auth().oauth2(token).get("/api/recommendations/me").then().statusCode(200)
                .extract().jsonPath().getBoolean("personalized"));
        JsonPath after = given().auth().oauth2(token).get("/api/me/data").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(), after.getList("services.'recommendation-service'.data.features"));
        assertEquals(List.of(), after.getList("services.'profile-service'.data.consents"));
    }

    @Test
    void aServiceThatIsDownErasesWhenItIsBack() throws SQLException {
        String subject = "e2e-erase-down-" + UUID.randomUUID();
        String token = TestKeys.user(subject);
        withData(token);
        suite.stop(PackagedSuite.PROFILE);
        String requestId;
        try {
            requestId = requestErasure(token);
            // recommendation-service confirms; profile-service cannot, so the request stays pending
            JsonPath status = awaitStatus(token, requestId, "pending",
                    s -> "done".equals(s.getString("services.'recommendation-service'.status")));
            assertEquals("pending", status.getString("services.'profile-service'.status"));
        } finally {
            suite.restart(PackagedSuite.PROFILE);
        }
        awaitStatus(token, requestId, "completed");
        String pseudonym = new SubjectPseudonym(suite.pseudonymSecret()).of(subject);
        try (Connection connection = suite.connect(PackagedSuite.PROFILE)) {
            List<String> found = TestDatabase.tablesContaining(connection, pseudonym);
            assertTrue(PROOF.get("profile-service").containsAll(found), found.toString());
        }
    }

    /** Consent for every purpose, a batch of activity, and the features reaching recommendation-service. */
    private static void withData(String token) {
        for (String purpose : List.of("browsing", "purchases", "search")) {
            given().auth().oauth2(token).contentType("application/json").body("{\"granted\": true}")
                    .put("/api/consents/me/" + purpose).then().statusCode(200);
        }
        Eventually.await("profile-service's view of the grants", TIMEOUT, () -> given().auth().oauth2(token)
                .get("/api/profile/me/consents").then().extract().jsonPath().getList("consents").size() == 3);
        String at = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        given().auth().oauth2(token).contentType("application/json").body("{\"events\":["
                + "{\"type\":\"view\",\"productId\":\"85123A\",\"category\":\"home/candles\",\"occurredAt\":\"" + at + "\"},"
                + "{\"type\":\"purchase\",\"productId\":\"22423\",\"category\":\"kitchen/mugs\",\"occurredAt\":\"" + at
                + "\",\"price\":12.5,\"quantity\":2},"
                + "{\"type\":\"search\",\"query\":\"candle\",\"occurredAt\":\"" + at + "\",\"category\":\"home/candles\"}]}")
                .post("/api/activity").then().statusCode(202);
        Eventually.await("the features reaching recommendation-service", TIMEOUT, () -> {
            Response export = given().auth().oauth2(token).get("/api/me/data");
            return export.statusCode() == 200
                    && !export.jsonPath().getList("services.'recommendation-service'.data.features").isEmpty();
        });
    }

    private static String requestErasure(String token) {
        Response accepted = given().auth().oauth2(token).delete("/api/me");
        accepted.then().statusCode(202);
        String requestId = accepted.jsonPath().getString("requestId");
        assertEquals("/api/me/erasure/" + requestId, accepted.header("Location"));
        return requestId;
    }

    private static JsonPath awaitStatus(String token, String requestId, String expected) {
        return awaitStatus(token, requestId, expected, s -> true);
    }

    private static JsonPath awaitStatus(String token, String requestId, String expected,
            java.util.function.Predicate<JsonPath> also) {
        JsonPath[] last = new JsonPath[1];
        Eventually.await("the erasure " + expected, TIMEOUT, () -> {
            last[0] = given().auth().oauth2(token).get("/api/me/erasure/" + requestId).then().statusCode(200)
                    .extract().jsonPath();
            return expected.equals(last[0].getString("status")) && also.test(last[0]);
        });
        return last[0];
    }
}
