package dev.personalization.recommendation.rest;

import dev.personalization.recommendation.config.RecommendationConfig;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses bodies over recommendation.max-body-size with a 413 problem before they are read. Quarkus'
 * own limit (quarkus.http.limits.max-body-size, higher) remains the hard stop for chunked bodies.
 */
@ApplicationScoped
public class BodyLimitFilter {

    private final RecommendationConfig config;

    public BodyLimitFilter(RecommendationConfig config) {
        this.config = config;
    }

    void register(@Observes Router router) {
        String body = Json.encode(Problem.of(413, "body-too-large", "Payload too large",
                "the body exceeds " + config.maxBodySize() + " bytes", null));
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && tooLarge(length)) {
                ctx.response().setStatusCode(413)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close")
                        .end(body);
                return;
            }
            ctx.next();
        });
    }

    private boolean tooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > config.maxBodySize();
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
