package dev.personalization.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.gateway.testing.FakeBackends;
import dev.personalization.gateway.testing.FakeBackendsResource;
import dev.personalization.gateway.testing.InjectFakeBackends;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import dev.personalization.kit.problem.ProblemType;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "kafka", value = "false"))
@QuarkusTestResource(FakeBackendsResource.class)
class ErrorTests {

    private static final int LIMIT = 256 * 1024;

    @InjectFakeBackends
    FakeBackends backends;

    @TestHTTPResource("/api/activity")
    URI activity;

    @Inject
    Vertx vertx;

    @BeforeEach
    void reset() {
        backends.resetAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/unknown", "/api", "/api/purposesX", "/api/me/settings", "/api/partner/other/x"})
    void answersNotFoundForPathsNoBackendServes(String path) {
        given().auth().oauth2(TestKeys.user("subject-1"))
                .when().get(path)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("type", equalTo(ProblemType.NOT_FOUND.uri()))
                .body("title", equalTo(ProblemType.NOT_FOUND.title()))
                .body("detail", equalTo("No API resource at this path"));
        assertNothingForwarded();
    }

    @Test
    void theComposedExportNeedsAShoppersToken() {
        // GET /api/me/data is composed by the gateway itself (export package), never forwarded as such
        given().when().get("/api/me/data").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestKeys.partner("partner-1"))
                .when().get("/api/me/data")
                .then().statusCode(403)
                .contentType("application/problem+json");
        assertNothingForwarded();
    }

    @Test
    void forwardsABodyOfExactlyTheLimit() {
        given().auth().oauth2(TestKeys.user("subject-1"))
                .contentType("application/json").body(new byte[LIMIT])
                .when().post("/api/activity")
                .then().statusCode(200);

        assertEquals(LIMIT, backends.profile().onlyRequest().body().length);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {LIMIT + 1, 4 * 1024 * 1024})
    void refusesADeclaredBodyOverTheLimit(int size) {
        given().auth().oauth2(TestKeys.user("subject-1"))
                .contentType("application/json").body(new byte[size])
                .when().post("/api/activity")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413))
                .body("type", equalTo(ProblemType.BODY_TOO_LARGE.uri()))
                .body("title", equalTo(ProblemType.BODY_TOO_LARGE.title()));
        assertNothingForwarded();
    }

    @Test
    void refusesAChunkedBodyOverTheLimit() throws Exception {
        byte[] body = new byte[LIMIT + 1024];
        Arrays.fill(body, (byte) 'a');
        HttpRequest request = HttpRequest.newBuilder(activity)
                .header("Authorization", "Bearer " + TestKeys.user("subject-1"))
                .header("Content-Type", "application/json")
                // a stream of unknown length is sent chunked, without Content-Length
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(413, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.body().contains("\"status\":413"), response.body());
        assertTrue(response.body().contains(ProblemType.BODY_TOO_LARGE.uri()), response.body());
        assertNothingForwarded();
    }

    @Test
    void aBodyWithoutALengthOverHttp2IsNeverAServerError() throws Exception {
        io.vertx.core.http.HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
        try {
            CompletableFuture<Integer> status = client.request(new RequestOptions().setMethod(HttpMethod.POST)
                            .setAbsoluteURI(activity.toString())
                            .putHeader("Authorization", "Bearer " + TestKeys.user("subject-1"))
                            .putHeader("Content-Type", "application/json"))
                    // chunked: over HTTP/2, a body without a content-length
                    .compose(request -> request.setChunked(true).send(Buffer.buffer("{\"kind\":\"view\"}")))
                    .map(HttpClientResponse::statusCode)
                    .toCompletionStage().toCompletableFuture();
            try {
                int answered = status.get(10, TimeUnit.SECONDS);
                assertTrue(answered < 500, "HTTP/2 answered " + answered);
            } catch (ExecutionException refused) {
                // the front door speaks HTTP/1.1 only: no HTTP/2 exchange takes place at all
            }
        } finally {
            client.close();
        }
    }

    @Test
    void answersServiceUnavailableWhenTheBackendPortIsClosed() {
        backends.consent().stop();
        try {
            given().auth().oauth2(TestKeys.user("subject-1"))
                    .when().get("/api/consents/me")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("status", equalTo(503))
                    .body("type", equalTo(ProblemType.SERVICE_UNAVAILABLE.uri()))
                    .body("title", equalTo(ProblemType.SERVICE_UNAVAILABLE.title()))
                    .body("detail", equalTo("consent-service is unavailable"));
        } finally {
            backends.consent().start();
        }
    }

    @Test
    void answersGatewayTimeoutWhenTheBackendNeverAnswers() {
        backends.recommendation().hang();

        given().auth().oauth2(TestKeys.user("subject-1"))
                .when().get("/api/search?q=shoes")
                .then().statusCode(504)
                .time(lessThan(10L), TimeUnit.SECONDS)
                .contentType("application/problem+json")
                .body("status", equalTo(504))
                .body("type", equalTo(ProblemType.BACKEND_TIMEOUT.uri()))
                .body("title", equalTo(ProblemType.BACKEND_TIMEOUT.title()))
                .body("detail", equalTo("recommendation-service did not answer in time"));
        assertEquals(1, backends.recommendation().received().size());
    }

    private void assertNothingForwarded() {
        backends.all().forEach(backend -> assertTrue(backend.received().isEmpty(), backend.service() + " was called"));
    }
}
