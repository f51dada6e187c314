package dev.personalization.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.personalization.gateway.testing.PackagedSuite;
import dev.personalization.infra.testing.Eventually;
import dev.personalization.infra.testing.ServiceProcess;
import dev.personalization.infra.testing.TestKeys;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
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

    private static PackagedSuite suite;

    @BeforeAll
    static void startTheSuite() {
        suite = PackagedSuite.start("e2e", Map.of());
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
        direct(PackagedSuite.CONSENT).get("/api/consents/me").then().statusCode(401);
        direct(PackagedSuite.PROFILE).get("/api/profile/me/consents").then().statusCode(401);
        direct(PackagedSuite.RECOMMENDATION).get("/api/catalog/products").then().statusCode(401);
    }

    @Test
    void operationsEndpointsAreServedOnTheManagementPortsOnly() {
        for (String name : List.of(PackagedSuite.GATEWAY, PackagedSuite.CONSENT, PackagedSuite.PROFILE,
                PackagedSuite.RECOMMENDATION)) {
            ServiceProcess service = suite.service(name);
            for (String path : List.of("/q/metrics", "/q/health/ready", "/q/openapi")) {
                given().baseUri(service.baseUrl()).port(service.port()).get(path).then()
                        .statusCode(404).contentType("application/problem+json");
            }
            given().baseUri(service.managementUrl()).port(service.managementPort()).get("/q/metrics").then()
                    .statusCode(200);
        }
        given().baseUri(suite.gateway().managementUrl()).port(suite.gateway().managementPort())
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

    private static RequestSpecification direct(String service) {
        return given().baseUri(suite.service(service).baseUrl()).port(suite.service(service).port());
    }

    /** Polls until the JSON path has the value; Kafka delivery is asynchronous by design. */
    private static void eventually(Supplier<ValidatableResponse> call, String path, Object expected) {
        Eventually.await(path + " becoming " + expected, Duration.ofSeconds(30),
                () -> expected.equals(call.get().extract().path(path)));
    }

    private static long count(String sql, String parameter) {
        try (Connection connection = suite.connect(PackagedSuite.CONSENT);
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
