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

/** suite.http.max-body-size is 64K in these tests: over it is 413 problem+json, declared or chunked. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "kafka", value = "false"))
class BodyLimitTests {

    @TestHTTPResource("/kit/orders")
    URI orders;

    @TestHTTPResource("/kit/orders/non-blocking")
    URI ordersOnTheEventLoop;

    @TestHTTPResource("/kit/echo")
    URI echo;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** An order whose item is {@code size} bytes of varied text, so that a body read wrong shows. */
    private static String bodyOf(int size) {
        String head = "{\"item\":\"";
        String tail = "\",\"quantity\":1,\"gift\":false}";
        StringBuilder item = new StringBuilder();
        for (int i = 0; item.length() < size - head.length() - tail.length(); i++) {
            item.append((char) ('a' + i % 26));
        }
        return head + item + tail;
    }

    private HttpResponse<String> send(HttpRequest.BodyPublisher body) throws Exception {
        return send(orders, body);
    }

    private HttpResponse<String> send(URI target, HttpRequest.BodyPublisher body) throws Exception {
        return client.send(HttpRequest.newBuilder(target).header("Content-Type", "application/json")
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertTooLarge(HttpResponse<String> answer) {
        assertEquals(413, answer.statusCode());
        assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""));
        assertTrue(answer.body().contains(ProblemType.BODY_TOO_LARGE.uri()), answer.body());
    }

    @Test
    void aBodyWithinTheLimitIsRead() throws Exception {
        assertEquals(200, send(HttpRequest.BodyPublishers.ofString(bodyOf(60_000))).statusCode());
    }

    @Test
    void aChunkedBodyReadAsBytesArrivesIntact() throws Exception {
        byte[] bytes = bodyOf(50_000).getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> answer = client.send(HttpRequest.newBuilder(echo).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, answer.statusCode());
        org.junit.jupiter.api.Assertions.assertArrayEquals(bytes, answer.body());
    }

    @Test
    void aBodyWithAContentCodingIs415NotMalformed() throws Exception {
        for (String coding : new String[] {"gzip", "br", "deflate, gzip"}) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(orders)
                    .header("Content-Type", "application/json").header("Content-Encoding", coding)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {31, -117, 8, 0, 0, 0})).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(415, answer.statusCode(), coding);
            assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""));
            assertEquals("identity", answer.headers().firstValue("Accept-Encoding").orElse(""));
            assertTrue(answer.body().contains(ProblemType.UNSUPPORTED_MEDIA_TYPE.uri()), answer.body());
        }
        // identity is no coding at all
        assertEquals(200, client.send(HttpRequest.newBuilder(orders).header("Content-Type", "application/json")
                .header("Content-Encoding", "identity").POST(HttpRequest.BodyPublishers.ofString(bodyOf(500)))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413() throws Exception {
        assertTooLarge(send(HttpRequest.BodyPublishers.ofString(bodyOf(70_000))));
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() throws Exception {
        byte[] bytes = bodyOf(300_000).getBytes(StandardCharsets.UTF_8);
        // an input stream publisher has no length: the client sends it chunked
        assertTooLarge(send(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
    }

    @Test
    void aChunkedBodyWithinTheLimitArrivesIntact() throws Exception {
        byte[] bytes = bodyOf(900).getBytes(StandardCharsets.UTF_8);
        assertEquals(200, send(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .statusCode());
    }
}
