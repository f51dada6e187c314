package dev.personalization.kit.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.personalization.kit.problem.Problem;
import dev.personalization.kit.problem.ProblemType;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Refuses a request whose declared Content-Length is over {@code suite.http.max-body-size} with 413
 * problem+json before any of its body is read, and before authentication, so that nobody can make a
 * service buffer a large body. A body sent without a length (chunked) is read here up to the limit
 * and gets the same answer past it (Quarkus' own limit would end the response with a bare 413).
 *
 * <p>A body sent with a content coding ({@code Content-Encoding: gzip}, say) gets 415 problem+json with
 * {@code Accept-Encoding: identity}: the services read bodies as sent and never inflate them (no
 * decompression bomb to defuse), and without this a gzip body would be refused as malformed JSON, which
 * tells the client nothing.
 */
@ApplicationScoped
public class BodyLimit {

    private static final Duration LINGER = Duration.ofSeconds(5);

    private final long maxBodySize;
    private final byte[] problem;
    private final byte[] codedBody;
    private final BodyHandler chunkedBodies;

    public BodyLimit(HttpLimitsConfig config, ObjectMapper json) throws JsonProcessingException {
        this.maxBodySize = config.maxBodySize().asLongValue();
        this.problem = json.writeValueAsBytes(Problem.of(ProblemType.BODY_TOO_LARGE,
                "the body exceeds the limit of " + maxBodySize + " bytes"));
        this.codedBody = json.writeValueAsBytes(Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                "bodies are accepted as sent, without a content coding: send it without Content-Encoding"));
        this.chunkedBodies = BodyHandler.create(false).setBodyLimit(maxBodySize);
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check)
                .failureHandler(this::tooLargeWhileReading);
    }

    /** A chunked body that went over the limit while being read fails the route with 413. */
    private void tooLargeWhileReading(RoutingContext context) {
        if (context.statusCode() == 413 && !context.response().headWritten()) {
            context.response()
                    .setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(Buffer.buffer(problem));
            return;
        }
        context.next();
    }

    private void check(RoutingContext context) {
        HttpServerRequest incoming = context.request();
        String length = incoming.getHeader(HttpHeaders.CONTENT_LENGTH);
        boolean chunked = incoming.headers().contains(HttpHeaders.TRANSFER_ENCODING);
        if (coded(incoming.getHeader(HttpHeaders.CONTENT_ENCODING)) && hasBody(incoming, length, chunked)) {
            context.response().putHeader(HttpHeaders.ACCEPT_ENCODING, "identity");
            refuse(context, 415, codedBody);
            return;
        }
        // only a chunked body comes without a length (HTTP/1.1 only); a request without either has none
        if (length == null && chunked) {
            // Read here, up to the limit: past it the body handler fails the route with 413, which
            // tooLargeWhileReading answers; within it the resources read the body it kept.
            chunkedBodies.handle(context);
            return;
        }
        if (!declaresTooLarge(length)) {
            context.next();
            return;
        }
        refuse(context, 413, problem);
    }

    /** Answers before the body is read, then drops what is left of it and closes the connection. */
    private void refuse(RoutingContext context, int status, byte[] body) {
        HttpServerRequest request = context.request();
        context.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Buffer.buffer(body));
        if (request.isEnded()) {
            request.connection().close();
            return;
        }
        // Closing at once, with the body still arriving, makes the kernel reset the connection and many
        // clients lose the answer with it. So the rest of the body is read and dropped, for a short while.
        long closer = context.vertx().setTimer(LINGER.toMillis(), ignored -> request.connection().close());
        request.handler(discarded -> { })
                .endHandler(ignored -> {
                    context.vertx().cancelTimer(closer);
                    request.connection().close();
                })
                .resume();
    }

    private static boolean hasBody(HttpServerRequest request, String length, boolean chunked) {
        // HTTP/2 may send a body with neither header: one is still to come while the request has not ended
        return chunked || length != null && !length.trim().equals("0")
                || request.version() == HttpVersion.HTTP_2 && !request.isEnded();
    }

    /** Whether a Content-Encoding header names a coding other than identity. */
    static boolean coded(String contentEncoding) {
        return contentEncoding != null && !contentEncoding.isBlank()
                && !contentEncoding.trim().equalsIgnoreCase("identity");
    }

    boolean declaresTooLarge(String contentLength) {
        if (contentLength == null) {
            return false;
        }
        try {
            return Long.parseLong(contentLength.trim()) > maxBodySize;
        } catch (NumberFormatException malformed) {
            return false; // the HTTP layer rejects it
        }
    }
}
