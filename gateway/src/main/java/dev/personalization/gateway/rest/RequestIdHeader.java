package dev.personalization.gateway.rest;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Puts the exchange's X-Request-Id on every answer of the public port, whoever writes it: a backend's
 * answer passed through, a resource's or exception mapper's problem, or the service kit's early
 * refusals (bad request target, body too large), which end the response before any resource runs.
 * A backend's own X-Request-Id, when it sends one, is left as it is.
 */
@ApplicationScoped
public class RequestIdHeader {

    /**
     * Installed first of all routes: its observer runs before the kit's (default priority), so that at
     * the same route order, Integer.MIN_VALUE, it comes ahead of RequestTargetGuard.
     */
    void install(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) Router router) {
        router.route().order(Integer.MIN_VALUE).handler(RequestIdHeader::stamp);
    }

    private static void stamp(RoutingContext context) {
        String id = RequestIds.of(context);
        context.addHeadersEndHandler(ignored -> {
            if (!context.response().headers().contains(RequestIds.HEADER)) {
                context.response().putHeader(RequestIds.HEADER, id);
            }
        });
        context.next();
    }
}
