package dev.personalization.gateway.rest;

import dev.personalization.gateway.routing.Route;
import dev.personalization.gateway.routing.RouteTable;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/**
 * One line per request of the public port, category {@value #CATEGORY}: method, the route's TEMPLATE
 * ({@code /api/consents/me/{purpose}}, never the path, which can name a subject), status, latency and
 * request id. Never a token, an address, a query string or a body. Paths outside the route table are
 * logged as {@code /api/*} (unknown API path) or {@code /*} (the page and its assets).
 */
@ApplicationScoped
public class AccessLog {

    public static final String CATEGORY = "dev.personalization.gateway.access";
    private static final Logger LOG = Logger.getLogger(CATEGORY);
    private static final String ROUTE_KEY = AccessLog.class.getName() + ".route";

    private final RouteTable routes;

    public AccessLog(RouteTable routes) {
        this.routes = routes;
    }

    void install(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::observe);
    }

    private void observe(RoutingContext context) {
        if (LOG.isInfoEnabled()) {
            long started = System.nanoTime();
            context.addEndHandler(ignored -> LOG.info(line(context, System.nanoTime() - started)));
        }
        context.next();
    }

    // built by hand: String.format costs more than the rest of the line on every request
    private String line(RoutingContext context, long nanos) {
        long hundredths = nanos / 10_000;
        long fraction = hundredths % 100;
        return new StringBuilder(128).append(context.request().method().name()).append(' ')
                .append(template(context)).append(' ')
                .append(context.response().getStatusCode()).append(' ')
                .append(hundredths / 100).append('.').append(fraction < 10 ? "0" : "").append(fraction).append("ms request=")
                .append(RequestIds.of(context)).toString();
    }

    /** Saves the access log a second lookup of the route the proxy found. */
    static void matched(RoutingContext context, Route route) {
        context.put(ROUTE_KEY, route);
    }

    private String template(RoutingContext context) {
        Route matched = context.get(ROUTE_KEY);
        if (matched != null) {
            return matched.template();
        }
        String path = context.normalizedPath();
        if (!path.startsWith("/api/") && !path.equals("/api")) {
            return "/*";
        }
        return routes.find(context.request().method().name(), path).route().map(Route::template).orElse("/api/*");
    }
}
