package dev.personalization.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.gateway.testing.FakeBackends;
import dev.personalization.gateway.testing.FakeBackendsResource;
import dev.personalization.gateway.testing.InjectFakeBackends;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads the gateway's log file (target/gateway-test.log in tests) after real requests. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "kafka", value = "false"))
@QuarkusTestResource(FakeBackendsResource.class)
class AccessLogTests {

    private static final Path LOG = Path.of("target/gateway-test.log");

    @InjectFakeBackends
    FakeBackends backends;

    @BeforeEach
    void reset() {
        backends.resetAll();
    }

    @Test
    void eachRequestIsOneLineWithMethodTemplateStatusLatencyAndRequestIdOnly() throws IOException {
        String subject = "log-subject-" + UUID.randomUUID();
        String token = TestKeys.user(subject);
        String requestId = "log-" + UUID.randomUUID();

        given().auth().oauth2(token).header("X-Request-Id", requestId)
                .contentType("application/json").body("{\"granted\":true}")
                .put("/api/consents/me/browsing?secret-query=" + subject)
                .then().statusCode(200);

        String line = lineWith(requestId);
        assertTrue(line.contains("[" + AccessLog.CATEGORY + "]"), line);
        assertTrue(Pattern.compile(" PUT /api/consents/me/\\{purpose} 200 \\d+\\.\\d\\dms request=" + requestId + "$")
                .matcher(line).find(), line);
        assertFalse(line.contains(token), "token logged");
        assertFalse(line.contains(token.substring(0, 20)), "token logged");
        assertFalse(line.contains(subject), "subject or query logged");
        assertFalse(line.contains("secret-query"), "query logged");
        assertFalse(line.contains("127.0.0.1"), "address logged");
    }

    @Test
    void aPartnerPathIsLoggedByItsTemplateNotTheSubjectItNames() throws IOException {
        String named = "named-subject-" + UUID.randomUUID();
        String requestId = "log-" + UUID.randomUUID();
        given().auth().oauth2(TestKeys.partner("log-partner", "consent:read")).header("X-Request-Id", requestId)
                .get("/api/partner/consents/" + named + "?purpose=browsing")
                .then().statusCode(200);
        String line = lineWith(requestId);
        assertTrue(line.contains(" GET /api/partner/consents/{subject} 200 "), line);
        assertFalse(line.contains(named), line);

        String unknownId = "log-" + UUID.randomUUID();
        given().auth().oauth2(TestKeys.user("log-shopper")).header("X-Request-Id", unknownId)
                .get("/api/nothing/" + named).then().statusCode(404);
        String unknown = lineWith(unknownId);
        assertTrue(unknown.contains(" GET /api/* 404 "), unknown);
        assertFalse(unknown.contains(named), unknown);
    }

    private static String lineWith(String requestId) throws IOException {
        // the line is written when the answer ends, which rest-assured may see a moment before
        for (int attempt = 0; attempt < 50; attempt++) {
            List<String> lines = Files.readAllLines(LOG).stream().filter(l -> l.contains("request=" + requestId)).toList();
            if (!lines.isEmpty()) {
                assertEquals(1, lines.size(), "one line per request");
                return lines.get(0);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("no access log line for " + requestId);
    }
}
