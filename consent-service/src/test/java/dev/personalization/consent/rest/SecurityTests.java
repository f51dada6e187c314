package dev.personalization.consent.rest;

import dev.personalization.infra.testing.ManagementInterface;
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
        Instant issued = Instant.now();
        String token = TestKeys.tokens().token("alice").issuedAt(issued).lifetime(Duration.ofSeconds(5)).sign();
        given().auth().oauth2(token).get("/api/consents/me").then().statusCode(200);
        // the token's own expiry (plus the 1 s test clock skew) is the point: wait past it, then reuse the token
        long untilExpired = Duration.between(Instant.now(), issued.plusSeconds(5 + 1)).toMillis() + 1_000;
        Thread.sleep(Math.max(0, untilExpired));
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
    void healthMetricsAndOpenApiLiveOnTheManagementInterfaceOnly() {
        ManagementInterface.given().get("/q/health/live").then().statusCode(200);
        ManagementInterface.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", org.hamcrest.Matchers.hasItems("kafka-outbox"));
        ManagementInterface.given().get("/q/metrics").then().statusCode(200);
        ManagementInterface.given().get("/q/openapi").then().statusCode(200);
        for (String path : new String[] {"/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi"}) {
            given().get(path).then().statusCode(404).contentType("application/problem+json");
        }
    }

    @Test
    void everyDoorBindsLoopbackOnly() {
        org.junit.jupiter.api.Assertions.assertEquals("127.0.0.1", ManagementInterface.uri().getHost());
        org.junit.jupiter.api.Assertions.assertEquals("127.0.0.1",
                org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("quarkus.http.host", String.class));
    }

    @Test
    void theBenchmarkBaselinesAreOpenAndBehindTheTokenCheck() {
        given().get("/api/ping").then().statusCode(200).body(equalTo("pong"));
        given().get("/api/ping/authenticated").then().statusCode(401);
        given().auth().oauth2(TestKeys.partner("anyone")).get("/api/ping/authenticated").then()
                .statusCode(200).body(equalTo("pong"));
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefused() throws Exception {
        // a body without Content-Length, sent in chunks: the declared-length check cannot see it coming
        String subject = "chunky-" + java.util.UUID.randomUUID();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/consents/me/browsing HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + TestKeys.user(subject) + "\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] body = ("{\"granted\": true, \"padding\": \"" + "x".repeat(40_000) + "\"}")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            try {
                for (int offset = 0; offset < body.length; offset += 4096) {
                    int length = Math.min(4096, body.length - offset);
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.write(body, offset, length);
                    out.write("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.io.IOException closedEarly) {
                // the server may answer and close before the whole body is sent
            }
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.append(line).append('\n');
            }
            // Quarkus' own limit answers this one, before the application: a 413 without a problem body
            org.junit.jupiter.api.Assertions.assertTrue(head.toString().startsWith("HTTP/1.1 413"), head.toString());
        }
        given().auth().oauth2(TestKeys.user(subject)).get("/api/consents/me/history").then()
                .statusCode(200).body("entries.size()", equalTo(0));
    }

    @Test
    void metricsNeverCarryASubjectFromAPath() {
        String subject = "subject-" + java.util.UUID.randomUUID();
        given().auth().oauth2(TestKeys.partner("p")).queryParam("purpose", "browsing")
                .get("/api/partner/consents/" + subject).then().statusCode(403);
        given().auth().oauth2(TestKeys.partner("p", "consent:read")).queryParam("purpose", "browsing")
                .get("/api/partner/consents/" + subject).then().statusCode(200);
        given().auth().oauth2(TestKeys.partner("p", "consent:read")).header("Content-Length", "999999")
                .get("/api/partner/consents/" + subject).then().statusCode(413);
        String metrics = ManagementInterface.given().get("/q/metrics").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(metrics.contains(subject), "a subject reached a metric label");
    }

    @Test
    void unknownPathsAreProblems() {
        given().auth().oauth2(TestKeys.user("alice")).get("/api/nothing-here").then()
                .statusCode(404).contentType("application/problem+json");
    }
}
