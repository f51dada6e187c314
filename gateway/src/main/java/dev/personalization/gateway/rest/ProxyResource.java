package dev.personalization.gateway.rest;

import dev.personalization.gateway.client.BackendClient;
import dev.personalization.gateway.client.BackendRequest;
import dev.personalization.gateway.client.BackendResponse;
import dev.personalization.gateway.config.GatewayConfig;
import dev.personalization.gateway.routing.Backend;
import dev.personalization.gateway.routing.Route;
import dev.personalization.gateway.routing.RouteTable;
import io.quarkus.security.Authenticated;
import io.quarkus.security.ForbiddenException;
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
 */
@Path("/api")
@Authenticated
public class ProxyResource {

    private static final byte[] NO_BODY = new byte[0];
    private static final String ANY_PATH = "{path: .*}";

    private final RouteTable routes;
    private final BackendClient backends;
    private final long maxBodySize;

    public ProxyResource(RouteTable routes, BackendClient backends, GatewayConfig config) {
        this.routes = routes;
        this.backends = backends;
        this.maxBodySize = config.maxBodySize().asLongValue();
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
        Route route = routes.find(path).orElseThrow(ProblemException::noRoute);
        route.access().requiredRole()
                .filter(role -> !caller.isUserInRole(role))
                .ifPresent(role -> {
                    throw new ForbiddenException();
                });
        byte[] content = body == null ? NO_BODY : body;
        // a declared Content-Length over the limit is refused earlier, by BodySizeLimit; this catches chunked bodies
        if (content.length > maxBodySize) {
            throw new ProblemException(Problem.payloadTooLarge(maxBodySize));
        }
        Backend backend = route.backend().orElseThrow(ProblemException::notImplementedYet);
        HttpServerRequest incoming = context.request();
        String requestId = RequestIds.of(context);
        BackendRequest request = new BackendRequest(incoming.method().name(), path, incoming.query(),
                ForwardedHeaders.toBackend(incoming.headers(), requestId), content);
        return backends.exchange(backend, request, ForwardedHeaders.TO_CALLER)
                .map(response -> toCaller(response, requestId));
    }

    private static Response toCaller(BackendResponse response, String requestId) {
        Response.ResponseBuilder answer = Response.status(response.status());
        response.headers().forEach((name, values) -> values.forEach(value -> answer.header(name, value)));
        if (!response.headers().containsKey(RequestIds.HEADER)) {
            answer.header(RequestIds.HEADER, requestId);
        }
        if (response.body().length > 0) {
            answer.entity(response.body());
        }
        return answer.build();
    }
}
