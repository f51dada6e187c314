package dev.personalization.kit.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.personalization.kit.problem.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * A problem+json answer written straight onto a Vert.x response, for the route handlers that refuse a
 * request before JAX-RS sees it (where ProblemExceptionMapper writes the same bodies).
 */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    /** Ends the response with the problem's status and body; a bare 500 if it cannot be rendered. */
    public static void end(HttpServerResponse response, Problem problem, ObjectMapper json) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            response.setStatusCode(500).end();
            return;
        }
        response.setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Buffer.buffer(body));
    }
}
