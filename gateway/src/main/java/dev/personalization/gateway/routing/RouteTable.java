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

/** Which backend owns each public path, and which role the gateway demands before forwarding. */
@ApplicationScoped
public class RouteTable {

    private static final List<Route> ROUTES = List.of(
            Route.to("/api/purposes", CONSENT, ANY_VALID_TOKEN),
            Route.to("/api/admin/**", CONSENT, ADMIN),
            Route.to("/api/consents/receipts/verify", CONSENT, ANY_VALID_TOKEN),
            Route.to("/api/consents/**", CONSENT, USER),
            Route.to("/api/partner/consents/**", CONSENT, PARTNER),
            Route.to("/api/me", CONSENT, USER),
            Route.to("/api/me/erasure/**", CONSENT, USER),
            Route.to("/api/activity", PROFILE, USER),
            Route.to("/api/profile/**", PROFILE, USER),
            Route.to("/api/recommendations/**", RECOMMENDATION, USER),
            Route.to("/api/deals/me", RECOMMENDATION, USER),
            // PUT /api/deals/{id} is for partners with deals:write; recommendation-service checks role and scope
            Route.to("/api/deals/**", RECOMMENDATION, ANY_VALID_TOKEN),
            Route.to("/api/search", RECOMMENDATION, USER),
            Route.to("/api/partner/recommendations/**", RECOMMENDATION, PARTNER),
            Route.to("/api/catalog/**", RECOMMENDATION, ANY_VALID_TOKEN));

    /** The most specific route for a normalized path, if any. */
    public Optional<Route> find(String path) {
        return ROUTES.stream()
                .filter(route -> route.matches(path))
                .max(Comparator.comparingInt(Route::specificity));
    }
}
