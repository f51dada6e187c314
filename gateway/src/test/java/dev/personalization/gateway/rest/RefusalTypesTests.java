package dev.personalization.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.gateway.testing.FakeBackends;
import dev.personalization.gateway.testing.FakeBackendsResource;
import dev.personalization.gateway.testing.InjectFakeBackends;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import dev.personalization.kit.problem.Problem;
import dev.personalization.kit.problem.ProblemType;
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
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refusal the gateway itself makes is problem+json with the type and title service-kit gives
 * every service, and carries the exchange's X-Request-Id; none of them reaches a backend.
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "kafka", value = "false"))
@QuarkusTestResource(FakeBackendsResource.class)
class RefusalTypesTests {

    @InjectFakeBackends
    FakeBackends backends;

    @TestHTTPResource("/api/activity")
    URI activity;

    @BeforeEach
    void reset() {
        backends.resetAll();
    }

    static Stream<Arguments> refusals() {
        String user = TestKeys.user("subject-1");
        return Stream.of(
                refusal("no token", ProblemType.UNAUTHORIZED,
                        () -> given().get("/api/consents/me")),
                refusal("a token of the wrong role", ProblemType.FORBIDDEN,
                        () -> given().auth().oauth2(user).put("/api/admin/purposes/browsing")),
                refusal("no route under /api", ProblemType.NOT_FOUND,
                        () -> given().auth().oauth2(user).get("/api/unknown")),
                refusal("nothing outside /api", ProblemType.NOT_FOUND,
                        () -> given().get("/anything")),
                refusal("a NUL in the path", ProblemType.INVALID_PATH,
                        () -> given().urlEncodingEnabled(false).auth().oauth2(user).get("/api/consents/me/%00")),
                refusal("a broken escape in the path", ProblemType.INVALID_PATH,
                        () -> given().urlEncodingEnabled(false).auth().oauth2(user).get("/api/consents/me/%C3%28")),
                refusal("an over-long path segment", ProblemType.INVALID_PATH,
                        () -> given().auth().oauth2(user).get("/api/consents/me/" + "a".repeat(257))),
                refusal("a NUL in the query", ProblemType.INVALID_QUERY,
                        () -> given().urlEncodingEnabled(false).auth().oauth2(user).get("/api/search?q=%00")),
                refusal("an over-long path", ProblemType.URI_TOO_LONG,
                        () -> given().auth().oauth2(user).get("/api/catalog/" + "a/".repeat(1100))),
                refusal("an over-long query (beyond Vert.x' own request line limit)", ProblemType.URI_TOO_LONG,
                        () -> given().auth().oauth2(user).get("/api/search?q=" + "a".repeat(9000))),
                refusal("a declared body over the limit", ProblemType.BODY_TOO_LARGE,
                        () -> given().auth().oauth2(user).contentType("application/json")
                                .body(new byte[256 * 1024 + 1]).post("/api/activity")));
    }

    private static Arguments refusal(String name, ProblemType type, Supplier<Response> call) {
        return Arguments.of(name, type, call);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void usesTheKitsProblemType(String name, ProblemType type, Supplier<Response> call) {
        assertKitProblem(call.get(), type);
        backends.all().forEach(backend -> assertTrue(backend.received().isEmpty(), backend.service() + " was called"));
    }

    @Test
    void aChunkedBodyOverTheLimit() throws Exception {
        byte[] body = new byte[300 * 1024];
        HttpRequest request = HttpRequest.newBuilder(activity)
                .header("Authorization", "Bearer " + TestKeys.user("subject-1"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(413, response.statusCode());
        assertEquals(Problem.MEDIA_TYPE, response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.headers().firstValue("X-Request-Id").isPresent(), "no X-Request-Id");
        assertTrue(response.body().contains("\"type\":\"" + ProblemType.BODY_TOO_LARGE.uri() + "\""), response.body());
        assertTrue(response.body().contains("\"title\":\"" + ProblemType.BODY_TOO_LARGE.title() + "\""), response.body());
        backends.all().forEach(backend -> assertTrue(backend.received().isEmpty(), backend.service() + " was called"));
    }

    @Test
    void aBackendThatIsDown() {
        backends.consent().stop();
        try {
            assertKitProblem(given().auth().oauth2(TestKeys.user("subject-1")).get("/api/consents/me"),
                    ProblemType.SERVICE_UNAVAILABLE);
        } finally {
            backends.consent().start();
        }
    }

    @Test
    void aBackendThatNeverAnswers() {
        backends.recommendation().hang();
        assertKitProblem(given().auth().oauth2(TestKeys.user("subject-1")).get("/api/search?q=shoes"),
                ProblemType.BACKEND_TIMEOUT);
    }

    private static void assertKitProblem(Response response, ProblemType type) {
        response.then()
                .statusCode(type.status())
                .contentType(Problem.MEDIA_TYPE)
                .header("X-Request-Id", not(emptyOrNullString()))
                .body("type", equalTo(type.uri()))
                .body("title", equalTo(type.title()))
                .body("status", equalTo(type.status()));
    }
}
