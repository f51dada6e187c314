package dev.personalization.gateway.routing;

import static dev.personalization.gateway.routing.Access.ADMIN;
import static dev.personalization.gateway.routing.Access.ANY_VALID_TOKEN;
import static dev.personalization.gateway.routing.Access.PARTNER;
import static dev.personalization.gateway.routing.Access.USER;
import static dev.personalization.gateway.routing.Backend.CONSENT;
import static dev.personalization.gateway.routing.Backend.PROFILE;
import static dev.personalization.gateway.routing.Backend.RECOMMENDATION;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every public path of the suite (../shared/API.md and what the services document beyond it), the
 * service that owns it, the role the gateway demands before forwarding and the route class its limits
 * and timeout come from. A path not listed is 404 and a listed path with another method 405, answered
 * by the gateway: no backend sees them. {@code GET /} and the page's assets are the gateway's static
 * resources, outside {@code /api}.
 */
@ApplicationScoped
public class RouteTable {

    static final List<Route> ROUTES = List.of(
            Route.to("GET", "/api/purposes", CONSENT, ANY_VALID_TOKEN, RouteClass.SHARED),
            Route.to("PUT", "/api/admin/purposes/{purpose}", CONSENT, ADMIN, RouteClass.ADMIN),
            Route.to("GET", "/api/admin/ledger/verify", CONSENT, ADMIN, RouteClass.ADMIN),
            Route.to("GET", "/api/consents/me", CONSENT, USER, RouteClass.SHOPPER),
            Route.to("PUT", "/api/consents/me/{purpose}", CONSENT, USER, RouteClass.SHOPPER),
            Route.to("GET", "/api/consents/me/history", CONSENT, USER, RouteClass.SHOPPER),
            Route.to("POST", "/api/consents/receipts/verify", CONSENT, ANY_VALID_TOKEN, RouteClass.SHARED),
            Route.to("GET", "/api/partner/consents/{subject}", CONSENT, PARTNER, RouteClass.PARTNER),
            Route.to("DELETE", "/api/me", CONSENT, USER, RouteClass.SHOPPER),
            Route.to("GET", "/api/me/erasure/{id}", CONSENT, USER, RouteClass.SHOPPER),
            // composed by the gateway's export resource (package export) from every service's data
            Route.local("GET", "/api/me/data", USER, RouteClass.SHOPPER),
            Route.to("POST", "/api/activity", PROFILE, USER, RouteClass.INTAKE),
            Route.to("GET", "/api/profile/me", PROFILE, USER, RouteClass.SHOPPER),
            Route.to("GET", "/api/profile/me/consents", PROFILE, USER, RouteClass.SHOPPER),
            Route.to("PUT", "/api/profile/me/retention/{purpose}", PROFILE, USER, RouteClass.SHOPPER),
            Route.to("GET", "/api/recommendations/me", RECOMMENDATION, USER, RouteClass.SHOPPER),
            Route.to("GET", "/api/deals/me", RECOMMENDATION, USER, RouteClass.SHOPPER),
            Route.to("PUT", "/api/deals/{id}", RECOMMENDATION, PARTNER, RouteClass.PARTNER),
            Route.to("GET", "/api/search", RECOMMENDATION, USER, RouteClass.SHOPPER),
            Route.to("GET", "/api/partner/recommendations/{subject}", RECOMMENDATION, PARTNER, RouteClass.PARTNER),
            Route.to("GET", "/api/catalog/products", RECOMMENDATION, ANY_VALID_TOKEN, RouteClass.SHARED),
            Route.to("GET", "/api/catalog/products/{id}", RECOMMENDATION, ANY_VALID_TOKEN, RouteClass.SHARED),
            Route.to("PUT", "/api/catalog/products/{id}", RECOMMENDATION, PARTNER, RouteClass.PARTNER),
            Route.to("POST", "/api/catalog/products", RECOMMENDATION, PARTNER, RouteClass.PARTNER));

    // split once: the lookup runs on every request
    private static final String[][] SEGMENTS = ROUTES.stream().map(Route::segments).toArray(String[][]::new);

    /** What a request finds: its route, or the methods the path has (none: 404; some: 405). */
    public record Lookup(Optional<Route> route, Set<String> allowedMethods) {
    }

    public List<Route> routes() {
        return ROUTES;
    }

    /** The route for a method and a normalized path; HEAD is served by the GET route. */
    public Lookup find(String method, String path) {
        String[] segments = path.startsWith("/") ? path.substring(1).split("/", -1) : new String[] {""};
        String wanted = "HEAD".equals(method) ? "GET" : method;
        Route best = null;
        Set<String> allowed = new TreeSet<>();
        for (int i = 0; i < SEGMENTS.length; i++) {
            Route route = ROUTES.get(i);
            if (!Route.matchesPath(SEGMENTS[i], segments)) {
                continue;
            }
            if (route.method().equals(wanted)) {
                best = best == null ? route : moreSpecific(best, route);
            } else {
                allowed.add(route.method());
            }
        }
        return new Lookup(Optional.ofNullable(best), best == null ? allowed : Set.of());
    }

    private static Route moreSpecific(Route a, Route b) {
        return Comparator.comparingInt(Route::literalSegments).compare(a, b) >= 0 ? a : b;
    }
}
