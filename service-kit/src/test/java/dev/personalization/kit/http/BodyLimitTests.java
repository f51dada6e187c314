package dev.personalization.kit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.kit.problem.ProblemType;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** suite.http.max-body-size is 1K in these tests: over it is 413 problem+json, declared or chunked. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "kafka", value = "false"))
class BodyLimitTests {

    @TestHTTPResource("/kit/orders")
    URI orders;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static String bodyOf(int size) {
        String head = "{\"item\":\"";
        String tail = "\",\"quantity\":1,\"gift\":false}";
        return head + "x".repeat(Math.max(0, size - head.length() - tail.length())) + tail;
    }

    private HttpResponse<String> send(HttpRequest.BodyPublisher body) throws Exception {
        return client.send(HttpRequest.newBuilder(orders).header("Content-Type", "application/json")
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertTooLarge(HttpResponse<String> answer) {
        assertEquals(413, answer.statusCode());
        assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""));
        assertTrue(answer.body().contains(ProblemType.BODY_TOO_LARGE.uri()), answer.body());
    }

    @Test
    void aBodyWithinTheLimitIsRead() throws Exception {
        assertEquals(200, send(HttpRequest.BodyPublishers.ofString(bodyOf(1000))).statusCode());
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413() throws Exception {
        assertTooLarge(send(HttpRequest.BodyPublishers.ofString(bodyOf(5000))));
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() throws Exception {
        byte[] bytes = bodyOf(5000).getBytes(StandardCharsets.UTF_8);
        // an input stream publisher has no length: the client sends it chunked
        assertTooLarge(send(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
    }

    @Test
    void aChunkedBodyWithinTheLimitIsRead() throws Exception {
        byte[] bytes = bodyOf(900).getBytes(StandardCharsets.UTF_8);
        assertEquals(200, send(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .statusCode());
    }
}
