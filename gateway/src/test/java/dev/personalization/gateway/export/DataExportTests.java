package dev.personalization.gateway.export;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.gateway.testing.FakeBackend;
import dev.personalization.gateway.testing.FakeBackends;
import dev.personalization.gateway.testing.FakeBackendsResource;
import dev.personalization.gateway.testing.InjectFakeBackends;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /api/me/data against three real (fake) HTTP backends: one document composed from each service's export
 * endpoint, called with the shopper's token, as a download; a backend that fails or does not answer makes its
 * part and the whole document say complete: false, with the reason.
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "kafka", value = "false"))
@QuarkusTestResource(FakeBackendsResource.class)
class DataExportTests {

    private static final String DATA = "/api/me/data";

    @InjectFakeBackends
    FakeBackends backends;

    @BeforeEach
    void reset() {
        backends.resetAll();
        for (FakeBackend backend : backends.all()) {
            backend.answer(200, Map.of("Content-Type", "application/json"), "{\"service\":\"" + backend.service()
                    + "\",\"complete\":true,\"generatedAt\":\"2026-01-02T03:04:05Z\",\"data\":{\"held\":\""
                    + backend.service() + "-data\"}}");
        }
    }

    @Test
    void composesEveryServicesExportIntoOneDownload() {
        String token = TestKeys.user("shopper-export");
        Response response = given().auth().oauth2(token).get(DATA);
        response.then().statusCode(200).contentType("application/json");
        assertTrue(response.header("Content-Disposition").matches("attachment; filename=\"my-data-\\d{4}-\\d{2}-\\d{2}\\.json\""),
                response.header("Content-Disposition"));
        JsonPath document = response.jsonPath();
        assertEquals("shopper-export", document.getString("subject"));
        assertTrue(document.getBoolean("complete"));
        java.time.Instant.parse(document.getString("generatedAt"));
        for (FakeBackend backend : backends.all()) {
            String part = "services.'" + backend.service() + "'";
            assertTrue(document.getBoolean(part + ".complete"), backend.service());
            assertEquals(backend.service() + "-data", document.getString(part + ".data.held"));
            FakeBackend.Received received = backend.onlyRequest();
            assertEquals("GET", received.method());
            assertEquals("Bearer " + token, received.header("Authorization").orElseThrow());
        }
        assertEquals("/api/consents/me/export", backends.consent().onlyRequest().path());
        assertEquals("/api/profile/me/export", backends.profile().onlyRequest().path());
        assertEquals("/api/recommendations/me/export", backends.recommendation().onlyRequest().path());
    }

    @Test
    void aFailingServiceMakesTheDocumentIncomplete() {
        backends.profile().answer(503, Map.of("Content-Type", "application/problem+json"),
                "{\"status\":503,\"title\":\"Service Unavailable\"}");
        JsonPath document = given().auth().oauth2(TestKeys.user("shopper-export")).get(DATA).then().statusCode(200)
                .extract().jsonPath();
        assertFalse(document.getBoolean("complete"));
        assertFalse(document.getBoolean("services.'profile-service'.complete"));
        assertEquals("the service answered 503", document.getString("services.'profile-service'.error"));
        assertTrue(document.getBoolean("services.'consent-service'.complete"));
        assertTrue(document.getBoolean("services.'recommendation-service'.complete"));
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeMakesTheDocumentIncomplete() {
        backends.recommendation().hang();
        backends.consent().answer(200, Map.of("Content-Type", "application/json"), "{\"not\":\"an export\"}");
        JsonPath document = given().auth().oauth2(TestKeys.user("shopper-export")).get(DATA).then().statusCode(200)
                .extract().jsonPath();
        assertFalse(document.getBoolean("complete"));
        assertEquals("the service did not answer in time", document.getString("services.'recommendation-service'.error"));
        assertEquals("the service's answer is not an export", document.getString("services.'consent-service'.error"));
        assertTrue(document.getBoolean("services.'profile-service'.complete"));
    }

    @Test
    void onlyTheShopperThemselvesMayExport() {
        given().get(DATA).then().statusCode(401);
        given().auth().oauth2(TestKeys.partner("shop-analytics", "consent:read")).get(DATA).then().statusCode(403);
        backends.all().forEach(backend -> assertTrue(backend.received().isEmpty(), backend.service()));
    }
}
