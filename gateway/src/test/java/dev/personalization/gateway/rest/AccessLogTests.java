package dev.personalization.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.gateway.testing.FakeBackends;
import dev.personalization.gateway.testing.FakeBackendsResource;
import dev.personalization.gateway.testing.InjectFakeBackends;
import dev.personalization.infra.testing.Eventually;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    private static String lineWith(String requestId) {
        // the line is written when the answer ends, which rest-assured may see a moment before
        List<List<String>> found = new ArrayList<>(1);
        Eventually.await("an access log line for " + requestId, Duration.ofSeconds(1), () -> {
            List<String> lines = linesWith(requestId);
            if (lines.isEmpty()) {
                return false;
            }
            found.add(lines);
            return true;
        });
        assertEquals(1, found.get(0).size(), "one line per request");
        return found.get(0).get(0);
    }

    private static List<String> linesWith(String requestId) {
        try {
            return Files.readAllLines(LOG).stream().filter(l -> l.contains("request=" + requestId)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
