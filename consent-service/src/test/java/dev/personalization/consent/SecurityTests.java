package dev.personalization.consent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** consent-service checks every token itself, whatever the gateway did before. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent_test"))
class SecurityTests {

    private static void unauthorized(String token) {
        (token == null ? given() : given().auth().oauth2(token))
                .get("/api/consents/me").then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .contentType("application/problem+json")
                .body("status", equalTo(401));
    }

    @Test
    void missingToken() {
        unauthorized(null);
    }

    @Test
    void expiredToken() {
        unauthorized(TestKeys.tokens().token("alice").issuedAt(Instant.now().minus(Duration.ofHours(3)))
                .lifetime(Duration.ofHours(1)).sign());
    }

    @Test
    void tamperedToken() {
        String token = TestKeys.user("alice");
        String[] parts = token.split("\\.");
        String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]));
        String forged = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.replace("\"alice\"", "\"mallory\"").getBytes());
        unauthorized(parts[0] + "." + forged + "." + parts[2]);
    }

    @Test
    void wrongIssuer() {
        unauthorized(TestKeys.tokens().token("alice").issuer("https://evil.example").sign());
    }

    @Test
    void wrongAudience() {
        unauthorized(TestKeys.tokens().token("alice").audience("another-suite").sign());
    }

    @Test
    void untrustedSigningKey() {
        unauthorized(TestKeys.untrusted().token("alice").sign());
    }

    @Test
    void notAToken() {
        unauthorized("not.a.jwt");
    }

    @Test
    void aRememberedTokenStillFailsWhenAnyCharacterChanges() {
        String token = TestKeys.user("alice");
        given().auth().oauth2(token).get("/api/consents/me").then().statusCode(200);
        int last = token.length() - 5;
        char changed = token.charAt(last) == 'A' ? 'B' : 'A';
        unauthorized(token.substring(0, last) + changed + token.substring(last + 1));
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() throws InterruptedException {
        String token = TestKeys.tokens().token("alice").lifetime(Duration.ofSeconds(2)).sign();
        given().auth().oauth2(token).get("/api/consents/me").then().statusCode(200);
        // the token's own expiry (plus the 1 s test clock skew) is the point: wait past it, then reuse the token
        Thread.sleep(4_000);
        unauthorized(token);
    }

    @Test
    void wrongRoleIsForbidden() {
        given().auth().oauth2(TestKeys.partner("shop-analytics", "consent:read")).get("/api/consents/me").then()
                .statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestKeys.user("alice")).contentType("application/json")
                .body("{\"title\":\"t\",\"notice\":\"n\",\"dataCategories\":[\"x\"],\"retentionDays\":1,\"legalBasis\":\"l\"}")
                .put("/api/admin/purposes/browsing").then()
                .statusCode(403).contentType("application/problem+json");
    }

    @Test
    void healthMetricsAndOpenApiNeedNoToken() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", org.hamcrest.Matchers.hasItems("kafka-outbox"));
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void theBenchmarkBaselinesAreOpenAndBehindTheTokenCheck() {
        given().get("/api/ping").then().statusCode(200).body(equalTo("pong"));
        given().get("/api/ping/authenticated").then().statusCode(401);
        given().auth().oauth2(TestKeys.partner("anyone")).get("/api/ping/authenticated").then()
                .statusCode(200).body(equalTo("pong"));
    }

    @Test
    void unknownPathsAreProblems() {
        given().auth().oauth2(TestKeys.user("alice")).get("/api/nothing-here").then()
                .statusCode(404).contentType("application/problem+json");
    }
}
