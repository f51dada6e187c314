package dev.personalization.gateway.rest;

import dev.personalization.gateway.client.BackendClient;
import dev.personalization.gateway.client.BackendRequest;
import dev.personalization.gateway.client.BackendResponse;
import dev.personalization.gateway.client.BackendTimeoutException;
import dev.personalization.gateway.client.BackendUnavailableException;
import dev.personalization.gateway.config.GatewayConfig;
import dev.personalization.gateway.limits.RateLimiter;
import dev.personalization.gateway.privacy.GlobalPrivacyControl;
import dev.personalization.gateway.resilience.StaleRecommendations;
import dev.personalization.gateway.routing.Access;
import dev.personalization.gateway.routing.Backend;
import dev.personalization.gateway.routing.Route;
import dev.personalization.gateway.routing.RouteTable;
import dev.personalization.kit.problem.Problem;
import dev.personalization.kit.problem.ProblemException;
import dev.personalization.kit.problem.ProblemType;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The single front door: every request under {@code /api} is authenticated, matched against the
 * {@link RouteTable} (404 or 405 problem+json when nothing fits), checked for the route's role and its
 * class's rate limit, and forwarded to the backend that owns the path within the class's timeout. A
 * shopper's Global Privacy Control signal is recorded in consent-service before the request goes on.
 * The backend's answer, errors included, goes back unchanged. The catch-all operations are hidden
 * from OpenAPI: the paths are documented by the services that own them.
 *
 * <p>Bodies are forwarded as they come: reading them strictly is each backend's job. Their size is
 * capped before this resource runs (service-kit's BodyLimit, {@code suite.http.max-body-size}), for
 * declared and chunked bodies alike.
 */
@Path("/api")
@Authenticated
public class ProxyResource {

    private static final byte[] NO_BODY = new byte[0];
    private static final String ANY_PATH = "{path: .*}";

    private final RouteTable routes;
    private final BackendClient backends;
    private final GatewayConfig config;
    private final RateLimiter limits;
    private final GlobalPrivacyControl gpc;
    private final StaleRecommendations stale;

    public ProxyResource(RouteTable routes, BackendClient backends, GatewayConfig config, RateLimiter limits,
            GlobalPrivacyControl gpc, StaleRecommendations stale) {
        this.routes = routes;
        this.backends = backends;
        this.config = config;
        this.limits = limits;
        this.gpc = gpc;
        this.stale = stale;
    }

    @GET
    @Path(ANY_PATH)
    @Operation(hidden = true)
    public Uni<Response> get(@Context RoutingContext context, @Context SecurityContext caller) {
        return forward(context, caller, NO_BODY);
    }

    @HEAD
    @Path(ANY_PATH)
    @Operation(hidden = true)
    public Uni<Response> head(@Context RoutingContext context, @Context SecurityContext caller) {
        return forward(context, caller, NO_BODY);
    }

    @POST
    @Path(ANY_PATH)
    @Operation(hidden = true)
    public Uni<Response> post(@Context RoutingContext context, @Context SecurityContext caller, byte[] body) {
        return forward(context, caller, body);
    }

    @PUT
    @Path(ANY_PATH)
    @Operation(hidden = true)
    public Uni<Response> put(@Context RoutingContext context, @Context SecurityContext caller, byte[] body) {
        return forward(context, caller, body);
    }

    @PATCH
    @Path(ANY_PATH)
    @Operation(hidden = true)
    public Uni<Response> patch(@Context RoutingContext context, @Context SecurityContext caller, byte[] body) {
        return forward(context, caller, body);
    }

    @DELETE
    @Path(ANY_PATH)
    @Operation(hidden = true)
    public Uni<Response> delete(@Context RoutingContext context, @Context SecurityContext caller, byte[] body) {
        return forward(context, caller, body);
    }

    private Uni<Response> forward(RoutingContext context, SecurityContext caller, byte[] body) {
        // normalized: percent-encoded dots and dot segments cannot sneak past the route's role check
        String path = context.normalizedPath();
        HttpServerRequest incoming = context.request();
        RouteTable.Lookup lookup = routes.find(incoming.method().name(), path);
        Route route = lookup.route().orElseThrow(() -> noRoute(lookup));
        AccessLog.matched(context, route);
        route.access().requiredRole()
                .filter(role -> !caller.isUserInRole(role))
                .ifPresent(role -> {
                    throw ProblemException.forbidden("The token does not grant the role this resource requires");
                });
        String subject = caller.getUserPrincipal().getName();
        limits.admit(route.routeClass(), subject);
        // a local route whose resource is missing from this build: say so instead of 404
        Backend backend = route.backend().orElseThrow(ProxyResource::notImplementedYet);
        byte[] content = body == null ? NO_BODY : body;
        String requestId = RequestIds.of(context);
        BackendRequest request = new BackendRequest(incoming.method().name(), path, incoming.query(),
                ForwardedHeaders.toBackend(incoming.headers(), requestId), content);
        Duration timeout = route.routeClass().settings(config).timeout().orElse(config.backendTimeout());
        boolean shopper = caller.isUserInRole(Access.USER.requiredRole().orElseThrow());
        if (shopper && GlobalPrivacyControl.signalled(incoming)) {
            return gpc.honour(subject, incoming.getHeader(HttpHeaders.AUTHORIZATION), requestId)
                    .flatMap(honoured -> send(route, backend, request, timeout, honoured));
        }
        return send(route, backend, request, timeout, false);
    }

    private Uni<Response> send(Route route, Backend backend, BackendRequest request, Duration timeout,
            boolean gpcHonoured) {
        Uni<BackendResponse> answer = backends.exchange(backend, request, timeout, ForwardedHeaders.TO_CALLER);
        if (stale.covers(route)) {
            answer = answer.invoke(stale::remember)
                    .onFailure(failure -> failure instanceof BackendUnavailableException
                            || failure instanceof BackendTimeoutException)
                    .recoverWithUni(stale::insteadOf);
        }
        return answer.map(response -> toCaller(response, gpcHonoured));
    }

    private static RuntimeException noRoute(RouteTable.Lookup lookup) {
        if (lookup.allowedMethods().isEmpty()) {
            return new ProblemException(ProblemType.NOT_FOUND, "No API resource at this path", null);
        }
        String allowed = String.join(", ", lookup.allowedMethods());
        return new GatewayRefusal(Problem.of(ProblemType.METHOD_NOT_ALLOWED,
                "This resource answers " + allowed + " only"), Map.of("Allow", allowed));
    }

    private static ProblemException notImplementedYet() {
        return new ProblemException(ProblemType.NOT_IMPLEMENTED, "This resource is not implemented yet", null);
    }

    /** The backend's answer; X-Request-Id, if the backend sent none, is added by {@link RequestIdHeader}. */
    private static Response toCaller(BackendResponse response, boolean gpcHonoured) {
        Response.ResponseBuilder answer = Response.status(response.status());
        if (gpcHonoured) {
            answer.header(GlobalPrivacyControl.RESPONSE_HEADER, GlobalPrivacyControl.APPLIED);
        }
        response.headers().forEach((name, values) -> values.forEach(value -> answer.header(name, value)));
        if (response.body().length > 0) {
            answer.entity(response.body());
        }
        return answer.build();
    }
}
