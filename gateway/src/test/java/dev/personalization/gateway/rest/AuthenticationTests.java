package dev.personalization.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.gateway.testing.FakeBackends;
import dev.personalization.gateway.testing.FakeBackendsResource;
import dev.personalization.gateway.testing.InjectFakeBackends;
import dev.personalization.infra.DevTokens;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "kafka", value = "false"))
@QuarkusTestResource(FakeBackendsResource.class)
class AuthenticationTests {

    @InjectFakeBackends
    FakeBackends backends;

    @BeforeEach
    void reset() {
        backends.resetAll();
    }

    static Stream<Arguments> rejectedTokens() {
        DevTokens trusted = TestKeys.tokens();
        return Stream.of(
                Arguments.of("expired", trusted.token("subject-1")
                        .issuedAt(Instant.now().minus(Duration.ofHours(2))).lifetime(Duration.ofHours(1)).sign()),
                Arguments.of("tampered", tamper(trusted.token("subject-1").sign())),
                Arguments.of("wrong issuer", trusted.token("subject-1").issuer("https://elsewhere.example").sign()),
                Arguments.of("wrong audience", trusted.token("subject-1").audience("another-suite").sign()),
                Arguments.of("untrusted key", TestKeys.untrusted().token("subject-1").sign()),
                Arguments.of("not a JWT", "not-a-token"));
    }

    @ParameterizedTest(name = "{0} token")
    @MethodSource("rejectedTokens")
    void rejectsAnInvalidToken(String kind, String token) {
        expectUnauthorized(given().auth().oauth2(token));
    }

    @Test
    void rejectsARequestWithoutToken() {
        expectUnauthorized(given());
    }

    @Test
    void rejectsABasicAuthorizationHeader() {
        expectUnauthorized(given().header("Authorization", "Basic dXNlcjpwYXNz"));
    }

    @Test
    void forbidsAdminRoutesToAUser() {
        expectForbidden("PUT", "/api/admin/purposes/browsing", TestKeys.user("subject-1"));
    }

    @Test
    void forbidsPartnerRoutesToAUser() {
        expectForbidden("GET", "/api/partner/consents/x", TestKeys.user("subject-1"));
    }

    @Test
    void forbidsShopperRoutesToAPartner() {
        expectForbidden("GET", "/api/recommendations/me", TestKeys.partner("partner-1", "recommendations:read"));
    }

    @Test
    void forbidsShopperRoutesToAnAdmin() {
        expectForbidden("PUT", "/api/consents/me/browsing", TestKeys.admin("operator-1"));
    }

    private void expectUnauthorized(RequestSpecification request) {
        request.when().get("/api/consents/me")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"))
                .body("type", startsWith("https://"))
                .body("detail", not(containsString("Exception")));
        backends.all().forEach(backend -> assertTrue(backend.received().isEmpty(), backend.service()));
    }

    private void expectForbidden(String method, String path, String token) {
        given().auth().oauth2(token)
                .when().request(method, path)
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403))
                .body("title", equalTo("Forbidden"))
                .body("detail", equalTo("The token does not grant the role this resource requires"));
        backends.all().forEach(backend -> assertTrue(backend.received().isEmpty(), backend.service()));
    }

    /** Flips one character in the middle of the claims, keeping the signature. */
    private static String tamper(String token) {
        String[] parts = token.split("\\.");
        char[] claims = parts[1].toCharArray();
        int middle = claims.length / 2;
        claims[middle] = claims[middle] == 'A' ? 'B' : 'A';
        return parts[0] + "." + new String(claims) + "." + parts[2];
    }
}
