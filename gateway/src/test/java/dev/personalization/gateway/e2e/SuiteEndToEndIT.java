package dev.personalization.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.personalization.infra.DevKeys;
import dev.personalization.infra.DevTokens;
import dev.personalization.infra.Ports;
import dev.personalization.infra.Postgres;
import dev.personalization.infra.Postgres.ServiceDatabase;
import dev.personalization.infra.testing.Eventually;
import dev.personalization.infra.testing.ServiceProcess;
import dev.personalization.infra.testing.TestKafka;
import dev.personalization.infra.testing.TestKeys;
import dev.personalization.infra.testing.TestPostgres;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vertical slice, end to end over real infrastructure: a shopper's consent goes in through the
 * gateway, lands in consent-service's ledger, travels over Kafka and shows up in profile-service's view.
 */
class SuiteEndToEndIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static Postgres postgres;
    private static List<ServiceProcess> services;

    @BeforeAll
    static void startTheSuite() {
        postgres = TestPostgres.server();
        // each service connects as its own runtime role and migrates as its database's owner, as in prod
        ServiceDatabase consentDatabase = TestPostgres.recreate("consent_e2e");
        ServiceDatabase profileDatabase = TestPostgres.recreate("profile_e2e");
        ServiceDatabase recommendationDatabase = TestPostgres.recreate("recommendation_e2e");
        DevKeys keys = TestKeys.keys();
        Map<String, String> common = new HashMap<>();
        common.put("kafka.bootstrap.servers", TestKafka.bootstrapServers());
        // in prod every door requires its key, issuer and audience (no default points at dev material)
        common.put("mp.jwt.verify.publickey.location", keys.publicKey("jwt").toUri().toString());
        common.put("mp.jwt.verify.issuer", DevTokens.ISSUER);
        common.put("mp.jwt.verify.audiences", DevTokens.AUDIENCE);
        common.put("suite.pseudonym.secret", "e2e-" + UUID.randomUUID());

        ServiceProcess consent = ServiceProcess.start("consent-service", ROOT.resolve("consent-service"),
                Ports.freePort(), with(with(with(common, datasource(consentDatabase)), Map.of(
                        "suite.keys.receipt-private", keys.privateKey("receipt").toString(),
                        "suite.keys.receipt-public", keys.publicKey("receipt").toString(),
                        "suite.keys.ledger-hmac", "e2e-ledger-key-" + UUID.randomUUID(),
                        "suite.keys.ledger-kek", "e2e-ledger-kek-" + UUID.randomUUID())),
                        TestKeys.eventSigningConfig()));
        ServiceProcess profile = ServiceProcess.start("profile-service", ROOT.resolve("profile-service"),
                Ports.freePort(), with(with(common, datasource(profileDatabase)), TestKeys.eventTrustConfig()));
        ServiceProcess recommendation = ServiceProcess.start("recommendation-service",
                ROOT.resolve("recommendation-service"), Ports.freePort(), with(with(common,
                        datasource(recommendationDatabase)), TestKeys.eventTrustConfig()));
        ServiceProcess gateway = ServiceProcess.start("gateway", ROOT.resolve("gateway"), Ports.freePort(),
                with(common, Map.of(
                        "gateway.backends.consent", consent.baseUrl(),
                        "gateway.backends.profile", profile.baseUrl(),
                        "gateway.backends.recommendation", recommendation.baseUrl(),
                        "gateway.backends-management.consent", consent.managementUrl(),
                        "gateway.backends-management.profile", profile.managementUrl(),
                        "gateway.backends-management.recommendation", recommendation.managementUrl())));
        services = List.of(gateway, consent, profile, recommendation);
        for (ServiceProcess service : services) {
            service.awaitReady(Duration.ofSeconds(120));
        }
        RestAssured.baseURI = gateway.baseUrl();
        RestAssured.port = gateway.port();
    }

    @AfterAll
    static void stopTheSuite() {
        if (services != null) {
            services.forEach(ServiceProcess::stop);
        }
    }

    @Test
    void aConsentGoesThroughTheGatewayIntoTheLedgerOverKafkaAndIntoTheProfileView() {
        String subject = "e2e-" + UUID.randomUUID();
        String token = TestKeys.user(subject);
        // ledger entries name no subject in the clear (their details are sealed under a per-subject key)
        String grants = "SELECT count(*) FROM consent_ledger WHERE purpose = ? AND decision = 'granted'";
        long grantsBefore = count(grants, "browsing");

        given().auth().oauth2(token).contentType("application/json").body("{\"granted\": true}")
                .put("/api/consents/me/browsing").then()
                .statusCode(200)
                .body("state", equalTo("granted"))
                .body("receipt", notNullValue());
        assertEquals(grantsBefore + 1, count(grants, "browsing"));
        assertEquals(0, count("SELECT count(*) FROM consent_ledger t WHERE t::text LIKE ?", "%" + subject + "%"));
        given().auth().oauth2(token).get("/api/consents/me").then()
                .statusCode(200)
                .body("consents.find { it.purpose == 'browsing' }.state", equalTo("granted"));

        eventually(() -> given().auth().oauth2(token).get("/api/profile/me/consents").then().statusCode(200),
                "consents.find { it.purpose == 'browsing' }.state", "granted");

        given().auth().oauth2(token).contentType("application/json").body("{\"granted\": false}")
                .put("/api/consents/me/browsing").then()
                .statusCode(200)
                .body("state", equalTo("withdrawn"));
        eventually(() -> given().auth().oauth2(token).get("/api/profile/me/consents").then().statusCode(200),
                "consents.find { it.purpose == 'browsing' }.state", "withdrawn");
    }

    @Test
    void aShoppersGlobalPrivacyControlIsRecordedAsDenialsWithChannelGpcOnce() {
        String subject = "e2e-" + UUID.randomUUID();
        String token = TestKeys.user(subject);
        given().auth().oauth2(token).contentType("application/json").body("{\"granted\": true}")
                .put("/api/consents/me/browsing").then().statusCode(200);

        given().auth().oauth2(token).header("Sec-GPC", "1").get("/api/consents/me").then()
                .statusCode(200)
                .header("X-Privacy-GPC", "applied")
                .body("consents.find { it.purpose == 'browsing' }.state", equalTo("granted"))
                .body("consents.find { it.purpose == 'purchases' }.state", equalTo("denied"))
                .body("consents.find { it.purpose == 'search' }.state", equalTo("denied"));
        given().auth().oauth2(token).header("Sec-GPC", "1").get("/api/consents/me").then()
                .statusCode(200).header("X-Privacy-GPC", "applied");

        // the ledger seals channel and subject under the subject's key: its history tells them
        List<Map<String, Object>> history = given().auth().oauth2(token).get("/api/consents/me/history").then()
                .statusCode(200).extract().jsonPath().getList("entries");
        assertEquals(List.of("purchases", "search"), history.stream().filter(e -> "gpc".equals(e.get("channel")))
                .map(e -> (String) e.get("purpose")).sorted().toList(), "denials recorded once, with channel gpc");
        assertEquals(3, history.size(), "the grant and two denials, nothing recorded twice");
    }

    @Test
    void aReceiptFromTheGatewayVerifiesThroughTheGateway() {
        String token = TestKeys.user("e2e-" + UUID.randomUUID());
        String receipt = given().auth().oauth2(token).contentType("application/json").body("{\"granted\": true}")
                .put("/api/consents/me/search").then().statusCode(200).extract().path("receipt");
        given().auth().oauth2(TestKeys.partner("auditor")).contentType("application/json")
                .body(Map.of("receipt", receipt))
                .post("/api/consents/receipts/verify").then()
                .statusCode(200)
                .body("valid", equalTo(true));
    }

    @Test
    void anUnknownPurposeIsAProblemAndWritesNothing() {
        String subject = "e2e-" + UUID.randomUUID();
        long before = count("SELECT count(*) FROM consent_ledger WHERE purpose <> ?", "");
        given().auth().oauth2(TestKeys.user(subject)).contentType("application/json").body("{\"granted\": true}")
                .put("/api/consents/me/telepathy").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("field", equalTo("purpose"));
        assertEquals(before, count("SELECT count(*) FROM consent_ledger WHERE purpose <> ?", ""));
        assertEquals(0, count("SELECT count(*) FROM outbox_event WHERE payload LIKE ?", "%telepathy%"));
    }

    @Test
    void theGatewayAndEachServiceCheckTheTokenThemselves() {
        given().get("/api/consents/me").then()
                .statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestKeys.partner("p", "consent:read")).get("/api/consents/me").then()
                .statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestKeys.untrusted().token("alice").sign()).get("/api/purposes").then()
                .statusCode(401);
        // behind the gateway, every service refuses a request without a token on its own
        given().baseUri(services.get(1).baseUrl()).port(services.get(1).port()).get("/api/consents/me").then()
                .statusCode(401);
        given().baseUri(services.get(2).baseUrl()).port(services.get(2).port()).get("/api/profile/me/consents").then()
                .statusCode(401);
        given().baseUri(services.get(3).baseUrl()).port(services.get(3).port()).get("/api/catalog/products").then()
                .statusCode(401);
    }

    @Test
    void operationsEndpointsAreServedOnTheManagementPortsOnly() {
        for (ServiceProcess service : services) {
            for (String path : List.of("/q/metrics", "/q/health/ready", "/q/openapi")) {
                given().baseUri(service.baseUrl()).port(service.port()).get(path).then()
                        .statusCode(404).contentType("application/problem+json");
            }
            given().baseUri(service.managementUrl()).port(service.managementPort()).get("/q/metrics").then()
                    .statusCode(200);
        }
        given().baseUri(services.get(0).managementUrl()).port(services.get(0).managementPort())
                .get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.find { it.name == 'backends' }.data.'consent-service'", equalTo("UP"))
                .body("checks.find { it.name == 'backends' }.data.'profile-service'", equalTo("UP"))
                .body("checks.find { it.name == 'backends' }.data.'recommendation-service'", equalTo("UP"));
    }

    @Test
    void purposesAreListedForAnyValidToken() {
        given().auth().oauth2(TestKeys.admin("operator")).get("/api/purposes").then()
                .statusCode(200)
                .body("purposes.purpose", hasItems("browsing", "purchases", "search"));
    }

    private static Map<String, String> datasource(ServiceDatabase database) {
        return Map.of("quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.app().user(),
                "quarkus.datasource.password", database.app().password(),
                "quarkus.flyway.username", database.owner().user(),
                "quarkus.flyway.password", database.owner().password());
    }

    private static Map<String, String> with(Map<String, String> common, Map<String, String> own) {
        Map<String, String> config = new HashMap<>(common);
        config.putAll(own);
        return config;
    }

    /** Polls until the JSON path has the value; Kafka delivery is asynchronous by design. */
    private static void eventually(Supplier<ValidatableResponse> call, String path, Object expected) {
        Eventually.await(path + " becoming " + expected, Duration.ofSeconds(30),
                () -> expected.equals(call.get().extract().path(path)));
    }

    private static long count(String sql, String parameter) {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("consent_e2e"), Postgres.USER,
                Postgres.PASSWORD);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
