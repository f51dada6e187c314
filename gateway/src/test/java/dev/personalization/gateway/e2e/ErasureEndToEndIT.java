package dev.personalization.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.contracts.SubjectPseudonym;
import dev.personalization.infra.DevKeys;
import dev.personalization.infra.DevTokens;
import dev.personalization.infra.Ports;
import dev.personalization.infra.Postgres;
import dev.personalization.infra.Postgres.ServiceDatabase;
import dev.personalization.infra.testing.Eventually;
import dev.personalization.infra.testing.ServiceProcess;
import dev.personalization.infra.testing.TestDatabase;
import dev.personalization.infra.testing.TestKafka;
import dev.personalization.infra.testing.TestKeys;
import dev.personalization.infra.testing.TestPostgres;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
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

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String SECRET = "e2e-erasure-" + UUID.randomUUID();
    private static final Map<String, String> DATABASES = Map.of(
            "consent-service", "consent_erasure_e2e",
            "profile-service", "profile_erasure_e2e",
            "recommendation-service", "recommendation_erasure_e2e");
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

    private static Postgres postgres;
    private static final Map<String, ServiceProcess> services = new HashMap<>();
    private static Map<String, String> profileConfig;
    private static int profilePort;
    private static int profileManagementPort;

    @BeforeAll
    static void startTheSuite() {
        postgres = TestPostgres.server();
        DevKeys keys = TestKeys.keys();
        Map<String, String> common = new HashMap<>();
        common.put("kafka.bootstrap.servers", TestKafka.bootstrapServers());
        common.put("mp.jwt.verify.publickey.location", keys.publicKey("jwt").toUri().toString());
        common.put("mp.jwt.verify.issuer", DevTokens.ISSUER);
        common.put("mp.jwt.verify.audiences", DevTokens.AUDIENCE);
        common.put("suite.pseudonym.secret", SECRET);
        ServiceProcess consent = ServiceProcess.start("consent-service", ROOT.resolve("consent-service"),
                Ports.freePort(), with(common, datasource("consent-service"), Map.of(
                        "suite.keys.receipt-private", keys.privateKey("receipt").toString(),
                        "suite.keys.receipt-public", keys.publicKey("receipt").toString(),
                        "suite.keys.ledger-hmac", "e2e-ledger-key-" + UUID.randomUUID(),
                        "suite.keys.ledger-kek", "e2e-ledger-kek-" + UUID.randomUUID()),
                        TestKeys.eventSigningConfig()));
        profileConfig = with(common, datasource("profile-service"), TestKeys.eventTrustConfig(), Map.of());
        profilePort = Ports.freePort();
        profileManagementPort = Ports.freePort();
        ServiceProcess profile = ServiceProcess.start("profile-service", ROOT.resolve("profile-service"), profilePort,
                profileManagementPort, profileConfig);
        ServiceProcess recommendation = ServiceProcess.start("recommendation-service",
                ROOT.resolve("recommendation-service"), Ports.freePort(),
                with(common, datasource("recommendation-service"), TestKeys.eventTrustConfig(), Map.of()));
        ServiceProcess gateway = ServiceProcess.start("gateway", ROOT.resolve("gateway"), Ports.freePort(),
                with(common, Map.of(
                        "gateway.backends.consent", consent.baseUrl(),
                        "gateway.backends.profile", profile.baseUrl(),
                        "gateway.backends.recommendation", recommendation.baseUrl(),
                        "gateway.backends-management.consent", consent.managementUrl(),
                        "gateway.backends-management.profile", profile.managementUrl(),
                        "gateway.backends-management.recommendation", recommendation.managementUrl()),
                        Map.of(), Map.of()));
        services.put("gateway", gateway);
        services.put("consent-service", consent);
        services.put("profile-service", profile);
        services.put("recommendation-service", recommendation);
        for (ServiceProcess service : services.values()) {
            service.awaitReady(Duration.ofSeconds(120));
        }
        RestAssured.baseURI = gateway.baseUrl();
        RestAssured.port = gateway.port();
    }

    @AfterAll
    static void stopTheSuite() {
        services.values().forEach(ServiceProcess::stop);
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

        String pseudonym = new SubjectPseudonym(SECRET).of(subject);
        for (String service : DATABASES.keySet()) {
            try (Connection connection = connect(service)) {
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
        services.get("profile-service").stop();
        String requestId;
        try {
            requestId = requestErasure(token);
            // recommendation-service confirms; profile-service cannot, so the request stays pending
            JsonPath status = awaitStatus(token, requestId, "pending",
                    s -> "done".equals(s.getString("services.'recommendation-service'.status")));
            assertEquals("pending", status.getString("services.'profile-service'.status"));
        } finally {
            ServiceProcess profile = ServiceProcess.start("profile-service", ROOT.resolve("profile-service"),
                    profilePort, profileManagementPort, profileConfig);
            services.put("profile-service", profile);
            profile.awaitReady(Duration.ofSeconds(120));
        }
        awaitStatus(token, requestId, "completed");
        String pseudonym = new SubjectPseudonym(SECRET).of(subject);
        try (Connection connection = connect("profile-service")) {
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

    private static Connection connect(String service) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(DATABASES.get(service)), Postgres.USER, Postgres.PASSWORD);
    }

    private static Map<String, String> datasource(String service) {
        ServiceDatabase database = TestPostgres.recreate(DATABASES.get(service));
        return Map.of("quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.app().user(),
                "quarkus.datasource.password", database.app().password(),
                "quarkus.flyway.username", database.owner().user(),
                "quarkus.flyway.password", database.owner().password());
    }

    @SafeVarargs
    private static Map<String, String> with(Map<String, String> common, Map<String, String>... own) {
        Map<String, String> config = new HashMap<>(common);
        for (Map<String, String> part : own) {
            config.putAll(part);
        }
        return config;
    }
}
