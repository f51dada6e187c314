package dev.personalization.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.gateway.testing.FakeBackend;
import dev.personalization.gateway.testing.FakeBackends;
import dev.personalization.gateway.testing.FakeBackendsResource;
import dev.personalization.gateway.testing.InjectFakeBackends;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "kafka", value = "false"))
@QuarkusTestResource(FakeBackendsResource.class)
class ForwardingTests {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @InjectFakeBackends
    FakeBackends backends;

    @TestHTTPResource("/api/activity")
    URI activity;

    @BeforeEach
    void reset() {
        backends.resetAll();
    }

    @Test
    void forwardsMethodPathQueryBodyAndTheAllowedHeaders() {
        String token = TestKeys.user("subject-1");
        String body = "{\"granted\":true}";

        given().urlEncodingEnabled(false)
                .auth().oauth2(token)
                .contentType("application/json")
                .accept("application/json")
                .header("Idempotency-Key", "decision-1")
                .header("X-Request-Id", "req-123")
                .header("Cookie", "session=secret")
                .header("Proxy-Authorization", "Basic c2VjcmV0")
                .header("X-Forwarded-Host", "evil.example")
                .body(body)
                .when().put("/api/consents/me/browsing?channel=web&note=a%2Fb")
                .then().statusCode(200);

        FakeBackend.Received received = backends.consent().onlyRequest();
        assertEquals("PUT", received.method());
        assertEquals("/api/consents/me/browsing", received.path());
        assertEquals("channel=web&note=a%2Fb", received.query());
        assertEquals(body, received.bodyText());
        assertEquals("Bearer " + token, received.header("Authorization").orElseThrow());
        assertTrue(received.header("Content-Type").orElseThrow().startsWith("application/json"));
        assertEquals("application/json", received.header("Accept").orElseThrow());
        assertEquals("decision-1", received.header("Idempotency-Key").orElseThrow());
        assertEquals("req-123", received.header("X-Request-Id").orElseThrow());
        assertTrue(received.header("Cookie").isEmpty(), "cookie forwarded");
        assertTrue(received.header("Proxy-Authorization").isEmpty(), "proxy credentials forwarded");
        assertTrue(received.header("X-Forwarded-Host").isEmpty(), "unlisted header forwarded");
    }

    @Test
    void forwardsAChunkedBodyWithinTheLimitWhole() throws Exception {
        byte[] body = new byte[200 * 1024];
        java.util.Arrays.fill(body, (byte) 'a');
        HttpRequest request = HttpRequest.newBuilder(activity)
                .header("Authorization", "Bearer " + TestKeys.user("subject-1"))
                .header("Content-Type", "application/json")
                // a stream of unknown length is sent chunked, without Content-Length
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertArrayEquals(body, backends.profile().onlyRequest().body());
    }

    @Test
    void forwardsABodyAsSentAndLeavesItsStrictnessToTheBackend() {
        String duplicateKeys = "{\"granted\":true,\"granted\":false}";
        backends.consent().answer(400, Map.of("Content-Type", "application/problem+json"),
                "{\"type\":\"https://personalization.local/problems/malformed-body\",\"status\":400}");

        given().auth().oauth2(TestKeys.user("subject-1"))
                .contentType("application/json").body(duplicateKeys)
                .when().put("/api/consents/me/browsing")
                .then().statusCode(400)
                .contentType("application/problem+json");

        assertEquals(duplicateKeys, backends.consent().onlyRequest().bodyText());
    }

    @Test
    void copiesBackStatusBodyAndTheAllowedHeaders() {
        backends.recommendation().answer(429, Map.of(
                "Content-Type", "application/json",
                "Retry-After", "30",
                "Location", "/api/catalog/products/p-9",
                "Set-Cookie", "tracking=1",
                "X-Internal-Node", "node-7"), "{\"slow\":\"down\"}");

        Response response = given().auth().oauth2(TestKeys.partner("partner-1", "catalog:write"))
                .contentType("application/json").body("{\"id\":\"p-9\"}")
                .when().put("/api/catalog/products/p-9");

        response.then().statusCode(429)
                .contentType("application/json")
                .header("Retry-After", "30")
                .header("Location", "/api/catalog/products/p-9")
                .header("Set-Cookie", nullValue())
                .header("X-Internal-Node", nullValue())
                .body("slow", equalTo("down"));
    }

    @Test
    void passesTheBackendsOwnProblemThroughUnchanged() {
        String problem = "{\"type\":\"https://personalization.local/problems/invalid\",\"title\":\"Invalid\","
                + "\"status\":422,\"detail\":\"granted must be true or false\"}";
        backends.consent().answer(422, Map.of("Content-Type", "application/problem+json"), problem);

        String answered = given().auth().oauth2(TestKeys.user("subject-1"))
                .contentType("application/json").body("{\"granted\":\"maybe\"}")
                .when().put("/api/consents/me/browsing")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .extract().asString();
        assertEquals(problem, answered);
    }

    @Test
    void passesUnauthorizedFromTheBackendWithItsChallenge() {
        backends.consent().answer(401, Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""), null);

        given().auth().oauth2(TestKeys.user("subject-1"))
                .when().get("/api/consents/me")
                .then().statusCode(401)
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .body(emptyString());
    }

    @Test
    void answersNoContentWithoutABody() {
        backends.consent().answer(204, Map.of(), null);

        given().auth().oauth2(TestKeys.user("subject-1"))
                .when().delete("/api/me")
                .then().statusCode(204)
                .body(emptyString());
    }

    @Test
    void generatesARequestIdWhenTheCallerSendsNone() {
        String returned = given().auth().oauth2(TestKeys.user("subject-1"))
                .when().get("/api/profile/me")
                .then().statusCode(200)
                .header("X-Request-Id", matchesPattern(UUID_PATTERN))
                .extract().header("X-Request-Id");

        assertEquals(returned, backends.profile().onlyRequest().header("X-Request-Id").orElseThrow());
    }

    @Test
    void replacesARequestIdThatIsNotAPlainToken() {
        given().auth().oauth2(TestKeys.user("subject-1"))
                .header("X-Request-Id", "id with spaces; and=more")
                .when().get("/api/profile/me")
                .then().statusCode(200)
                .header("X-Request-Id", matchesPattern(UUID_PATTERN));

        String forwarded = backends.profile().onlyRequest().header("X-Request-Id").orElseThrow();
        assertTrue(forwarded.matches(UUID_PATTERN), forwarded);
    }

    @Test
    void encodedDotSegmentsCannotEscapeARoutesRoleCheck() {
        given().urlEncodingEnabled(false)
                .auth().oauth2(TestKeys.user("subject-1"))
                .when().put("/api/consents/%2e%2e/admin/purposes/browsing")
                .then().statusCode(403)
                .contentType("application/problem+json");

        backends.all().forEach(backend -> assertTrue(backend.received().isEmpty(), backend.service()));
    }

    @Test
    void theCallersTraceparentReachesTheBackendWithItsTracestate() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        given().auth().oauth2(TestKeys.user("subject-1"))
                .header("traceparent", traceparent)
                .header("tracestate", "vendor=1")
                .get("/api/consents/me")
                .then().statusCode(200);
        FakeBackend.Received received = backends.consent().onlyRequest();
        assertEquals(traceparent, received.header("traceparent").orElseThrow());
        assertEquals("vendor=1", received.header("tracestate").orElseThrow());
    }

    @Test
    void withoutAValidTraceparentTheGatewayStartsATrace() {
        given().auth().oauth2(TestKeys.user("subject-1"))
                .header("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01")
                .header("tracestate", "vendor=1")
                .get("/api/consents/me")
                .then().statusCode(200);
        FakeBackend.Received received = backends.consent().onlyRequest();
        String traceparent = received.header("traceparent").orElseThrow();
        assertTrue(traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00"), traceparent);
        assertTrue(!traceparent.startsWith("00-00000000000000000000000000000000"), traceparent);
        assertTrue(received.header("tracestate").isEmpty(), "a foreign tracestate went with a new trace");
    }
}
