package dev.personalization.gateway.rest;

import dev.personalization.gateway.client.BackendClient;
import dev.personalization.gateway.client.BackendRequest;
import dev.personalization.gateway.client.BackendResponse;
import dev.personalization.gateway.routing.Backend;
import dev.personalization.gateway.routing.Route;
import dev.personalization.gateway.routing.RouteTable;
import dev.personalization.kit.problem.ProblemException;
import dev.personalization.kit.problem.ProblemType;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
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
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The single front door: every request under {@code /api} is authenticated, matched against the
 * {@link RouteTable}, checked for the route's role and forwarded to the backend that owns the path.
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

    public ProxyResource(RouteTable routes, BackendClient backends) {
        this.routes = routes;
        this.backends = backends;
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
        Route route = routes.find(path).orElseThrow(ProxyResource::noRoute);
        route.access().requiredRole()
                .filter(role -> !caller.isUserInRole(role))
                .ifPresent(role -> {
                    throw ProblemException.forbidden("The token does not grant the role this resource requires");
                });
        byte[] content = body == null ? NO_BODY : body;
        Backend backend = route.backend().orElseThrow(ProxyResource::notImplementedYet);
        HttpServerRequest incoming = context.request();
        String requestId = RequestIds.of(context);
        BackendRequest request = new BackendRequest(incoming.method().name(), path, incoming.query(),
                ForwardedHeaders.toBackend(incoming.headers(), requestId), content);
        return backends.exchange(backend, request, ForwardedHeaders.TO_CALLER)
                .map(ProxyResource::toCaller);
    }

    private static ProblemException noRoute() {
        return new ProblemException(ProblemType.NOT_FOUND, "No API resource at this path", null);
    }

    private static ProblemException notImplementedYet() {
        return new ProblemException(ProblemType.NOT_IMPLEMENTED, "This resource is not implemented yet", null);
    }

    /** The backend's answer; X-Request-Id, if the backend sent none, is added by {@link RequestIdHeader}. */
    private static Response toCaller(BackendResponse response) {
        Response.ResponseBuilder answer = Response.status(response.status());
        response.headers().forEach((name, values) -> values.forEach(value -> answer.header(name, value)));
        if (response.body().length > 0) {
            answer.entity(response.body());
        }
        return answer.build();
    }
}
