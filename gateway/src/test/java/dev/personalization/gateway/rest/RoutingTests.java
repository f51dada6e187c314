package dev.personalization.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.gateway.testing.FakeBackend;
import dev.personalization.gateway.testing.FakeBackends;
import dev.personalization.gateway.testing.FakeBackendsResource;
import dev.personalization.gateway.testing.InjectFakeBackends;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.gateway.routing.RouteTable;
import dev.personalization.infra.testing.TestKeys;
import dev.personalization.kit.problem.ProblemType;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "kafka", value = "false"))
@QuarkusTestResource(FakeBackendsResource.class)
class RoutingTests {

    @InjectFakeBackends
    FakeBackends backends;

    @Inject
    RouteTable table;

    @BeforeEach
    void reset() {
        backends.resetAll();
    }

    /** Every path of ../shared/API.md (and the few the services document beyond it), as a caller sends it. */
    static Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of("GET", "/api/purposes", null, "user", "consent-service"),
                Arguments.of("GET", "/api/purposes", null, "partner", "consent-service"),
                Arguments.of("PUT", "/api/admin/purposes/browsing", null, "admin", "consent-service"),
                Arguments.of("GET", "/api/admin/ledger/verify", "subject=s-1", "admin", "consent-service"),
                Arguments.of("POST", "/api/consents/receipts/verify", null, "partner", "consent-service"),
                Arguments.of("GET", "/api/consents/me", null, "user", "consent-service"),
                Arguments.of("PUT", "/api/consents/me/browsing", null, "user", "consent-service"),
                Arguments.of("GET", "/api/consents/me/history", null, "user", "consent-service"),
                Arguments.of("GET", "/api/partner/consents/subject-7", "purpose=browsing", "partner", "consent-service"),
                Arguments.of("DELETE", "/api/me", null, "user", "consent-service"),
                Arguments.of("GET", "/api/me/erasure/42", null, "user", "consent-service"),
                Arguments.of("POST", "/api/activity", null, "user", "profile-service"),
                Arguments.of("GET", "/api/profile/me", null, "user", "profile-service"),
                Arguments.of("GET", "/api/profile/me/consents", null, "user", "profile-service"),
                Arguments.of("PUT", "/api/profile/me/retention/browsing", null, "user", "profile-service"),
                Arguments.of("GET", "/api/recommendations/me", "limit=5", "user", "recommendation-service"),
                Arguments.of("GET", "/api/deals/me", "limit=3", "user", "recommendation-service"),
                Arguments.of("PUT", "/api/deals/deal-1", null, "partner", "recommendation-service"),
                Arguments.of("GET", "/api/search", "q=red%20shoes&limit=10", "user", "recommendation-service"),
                Arguments.of("GET", "/api/partner/recommendations/subject-7", "limit=5", "partner",
                        "recommendation-service"),
                Arguments.of("PUT", "/api/catalog/products/p-1", null, "partner", "recommendation-service"),
                Arguments.of("POST", "/api/catalog/products", null, "partner", "recommendation-service"),
                Arguments.of("GET", "/api/catalog/products", "category=shoes", "user", "recommendation-service"),
                Arguments.of("GET", "/api/catalog/products/p-1", null, "partner", "recommendation-service"));
    }

    @Test
    void theWalkCoversEveryLineOfTheRouteTable() {
        Set<String> walked = routes()
                .map(arguments -> arguments.get()[0] + " " + table.find((String) arguments.get()[0],
                        (String) arguments.get()[1]).route().orElseThrow().template())
                .collect(Collectors.toSet());
        walked.add("GET /api/me/data");
        Set<String> listed = table.routes().stream().map(route -> route.method() + " " + route.template())
                .collect(Collectors.toSet());
        assertEquals(listed, walked);
    }

    @ParameterizedTest(name = "{0} {1} is 404 problem+json from the gateway")
    @CsvSource({"GET,/api/consents/other", "GET,/api/consents/me/browsing/extra", "GET,/api/profile",
            "GET,/api/catalog", "POST,/api/recommendations", "GET,/api/partner/consents", "GET,/api/me/erasure",
            "DELETE,/api/me/data/all", "GET,/apix"})
    void aPathNoServiceImplementsIs404(String method, String path) {
        given().auth().oauth2(TestKeys.tokens().token("subject-7").groups("user").sign())
                .when().request(method, path)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo(ProblemType.NOT_FOUND.uri()));
        backends.all().forEach(backend -> assertTrue(backend.received().isEmpty(), backend.service() + " was called"));
    }

    @ParameterizedTest(name = "{0} {1} is 405 naming {2}")
    @CsvSource({"POST,/api/consents/me,GET", "DELETE,/api/consents/me/browsing,PUT", "GET,/api/activity,POST",
            "PUT,/api/me,DELETE", "DELETE,/api/catalog/products/p-1,'GET, PUT'"})
    void aKnownPathWithAnotherMethodIs405(String method, String path, String allowed) {
        given().auth().oauth2(TestKeys.tokens().token("subject-7").groups("user").sign())
                .when().request(method, path)
                .then().statusCode(405)
                .contentType("application/problem+json")
                .header("Allow", allowed)
                .body("type", equalTo(ProblemType.METHOD_NOT_ALLOWED.uri()));
        backends.all().forEach(backend -> assertTrue(backend.received().isEmpty(), backend.service() + " was called"));
    }

    @ParameterizedTest(name = "{0} {1} as {3} reaches {4}")
    @MethodSource("routes")
    void eachRouteReachesItsBackend(String method, String path, String query, String role, String service) {
        String token = TestKeys.tokens().token("subject-7").groups(role).sign();
        String target = query == null ? path : path + "?" + query;

        given().urlEncodingEnabled(false)
                .auth().oauth2(token)
                .when().request(method, target)
                .then().statusCode(200)
                .body("service", equalTo(service));

        FakeBackend.Received received = backends.named(service).onlyRequest();
        assertEquals(method, received.method());
        assertEquals(path, received.path());
        assertEquals(query, received.query());
        assertEquals("Bearer " + token, received.header("Authorization").orElseThrow());
        backends.all().stream()
                .filter(other -> !other.service().equals(service))
                .forEach(other -> assertTrue(other.received().isEmpty(), other.service() + " was called"));
    }
}
