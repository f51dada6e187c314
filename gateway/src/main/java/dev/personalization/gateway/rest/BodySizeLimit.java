package dev.personalization.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.personalization.gateway.config.GatewayConfig;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Refuses a request whose declared Content-Length is over {@code gateway.max-body-size} before any
 * of its body is read. It runs ahead of Quarkus' own upload limit
 * ({@code quarkus.http.limits.max-body-size}, the hard stop), which would answer a bare 413, and
 * ahead of authentication, so that nobody can make the gateway buffer a large body.
 */
@ApplicationScoped
public class BodySizeLimit {

    private static final Duration LINGER = Duration.ofSeconds(5);

    private final long maxBodySize;
    private final byte[] problem;

    public BodySizeLimit(GatewayConfig config, ObjectMapper json) throws JsonProcessingException {
        this.maxBodySize = config.maxBodySize().asLongValue();
        this.problem = json.writeValueAsBytes(Problem.payloadTooLarge(maxBodySize));
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (!declaresTooLarge(context.request().getHeader(HttpHeaders.CONTENT_LENGTH))) {
            context.next();
            return;
        }
        HttpServerRequest request = context.request();
        context.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(RequestIds.HEADER, RequestIds.of(context))
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Buffer.buffer(problem));
        if (request.isEnded()) {
            request.connection().close();
            return;
        }
        // Closing at once, with the body still arriving, makes the kernel reset the connection and many
        // clients lose the 413 with it. So the rest of the body is read and dropped, for a short while.
        long closer = context.vertx().setTimer(LINGER.toMillis(), ignored -> request.connection().close());
        request.handler(discarded -> { })
                .endHandler(ignored -> {
                    context.vertx().cancelTimer(closer);
                    request.connection().close();
                })
                .resume();
    }

    private boolean declaresTooLarge(String contentLength) {
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
