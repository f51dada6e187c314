package dev.personalization.gateway.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.personalization.gateway.client.BackendClient;
import dev.personalization.gateway.client.BackendRequest;
import dev.personalization.gateway.client.BackendResponse;
import dev.personalization.gateway.client.BackendTimeoutException;
import dev.personalization.gateway.client.BackendUnavailableException;
import dev.personalization.gateway.client.CircuitOpenException;
import dev.personalization.gateway.config.GatewayConfig;
import dev.personalization.gateway.limits.RateLimiter;
import dev.personalization.gateway.privacy.GlobalPrivacyControl;
import dev.personalization.gateway.resilience.StaleRecommendations;
import dev.personalization.gateway.routing.Access;
import dev.personalization.gateway.routing.Backend;
import dev.personalization.gateway.routing.Route;
import dev.personalization.gateway.routing.RouteClass;
import dev.personalization.gateway.routing.RouteTable;
import dev.personalization.kit.http.ProblemResponses;
import dev.personalization.kit.problem.Problem;
import dev.personalization.kit.problem.ProblemException;
import dev.personalization.kit.problem.ProblemType;
import dev.personalization.kit.security.VerifiedTokenCache;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * The single front door: every request under {@code /api} is authenticated, matched against the
 * {@link RouteTable} (404 or 405 problem+json when nothing fits), checked for the route's role and its
 * class's rate limit, and forwarded to the backend that owns the path within the class's timeout. A
 * shopper's Global Privacy Control signal is recorded in consent-service before the request goes on.
 * The backend's answer, errors included, goes back unchanged. A route the gateway answers itself (the
 * data export) is left to its JAX-RS resource.
 *
 * <p>A Vert.x route, not a JAX-RS resource: the request and the backend's answer pass between the
 * server and the pooled client as the buffers they arrive in, with no resource layer in between: about
 * half the CPU per request of the JAX-RS resource it replaced (README, "Gateway"). The gateway's refusals
 * are written here as the same problem+json the services' exception mappers write.
 *
 * <p>Bodies are forwarded as they come: reading them strictly is each backend's job. Their size is
 * capped before this route runs (service-kit's BodyLimit, {@code suite.http.max-body-size}), for
 * declared and chunked bodies alike.
 */
@ApplicationScoped
public class ProxyRoute {

    private static final Logger LOG = Logger.getLogger(ProxyRoute.class);
    /** Where Quarkus' HTTP metrics read a request's path template: the route's, never the path itself. */
    private static final String METRICS_TEMPLATE = "UrlPathTemplate";
    private static final String SHOPPER_ROLE = Access.USER.requiredRole().orElseThrow();
    private static final String BEARER = "Bearer ";
    private static final Problem UNAUTHORIZED = Problem.of(ProblemType.UNAUTHORIZED, "a valid bearer token is required");

    private final RouteTable routes;
    private final BackendClient backends;
    private final RateLimiter limits;
    private final GlobalPrivacyControl gpc;
    private final StaleRecommendations stale;
    private final ObjectMapper json;
    private final VerifiedTokenCache tokens;
    private final String retryAfterOpenCircuit;
    private final Map<RouteClass, Duration> timeouts = new EnumMap<>(RouteClass.class);

    public ProxyRoute(RouteTable routes, BackendClient backends, GatewayConfig config, RateLimiter limits,
            GlobalPrivacyControl gpc, StaleRecommendations stale, ObjectMapper json, VerifiedTokenCache tokens) {
        this.routes = routes;
        this.backends = backends;
        this.limits = limits;
        this.gpc = gpc;
        this.stale = stale;
        this.json = json;
        this.tokens = tokens;
        this.retryAfterOpenCircuit = String.valueOf(Math.max(1, config.circuitBreaker().openFor().toSeconds()));
        for (RouteClass routeClass : RouteClass.values()) {
            timeouts.put(routeClass, routeClass.settings(config).timeout().orElse(config.backendTimeout()));
        }
    }

    /** After the kit's request guards and body limit and the CORS filter; before JAX-RS, which serves the local routes. */
    void install(@Observes Router router) {
        router.route("/api/*").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        // normalized: percent-encoded dots and dot segments cannot sneak past the route's role check
        String path = context.normalizedPath();
        HttpServerRequest incoming = context.request();
        RouteTable.Lookup lookup = routes.find(incoming.method().name(), path);
        Route route = lookup.route().orElse(null);
        if (route != null) {
            AccessLog.matched(context, route);
            if (route.backend().isEmpty()) {
                context.next();
                return;
            }
            Context request = Vertx.currentContext();
            if (request != null) {
                request.putLocal(METRICS_TEMPLATE, route.template());
            }
        }
        JsonWebToken caller = verifiedToken(incoming);
        Buffer kept = context.body().buffer();
        if (kept != null || incoming.isEnded()) {
            admitOrRefuse(context, path, lookup, caller, kept);
            return;
        }
        // read now: later, parts of it could go by before anyone listens
        incoming.body().onComplete(read -> {
            if (read.succeeded()) {
                admitOrRefuse(context, path, lookup, caller, read.result());
            }
            // else the caller went away while sending it
        });
        incoming.resume();
    }

    /**
     * The caller's bearer token, verified by the service kit's parser (smallrye-jwt's checks with the
     * configured key, issuer and audience, the suite's lifetime rules, and its cache of tokens already
     * verified); null when there is none or it does not pass. The same check Quarkus' JWT mechanism
     * makes, without building a security identity through a reactive pipeline on every request.
     */
    private JsonWebToken verifiedToken(HttpServerRequest incoming) {
        String authorization = incoming.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        try {
            return tokens.parse(authorization.substring(BEARER.length()).trim());
        } catch (ParseException refused) {
            return null;
        }
    }

    private void admitOrRefuse(RoutingContext context, String path, RouteTable.Lookup lookup, JsonWebToken caller,
            Buffer body) {
        try {
            admit(context, path, lookup, caller, body);
        } catch (RuntimeException refusal) {
            refuse(context, refusal);
        }
    }

    private void admit(RoutingContext context, String path, RouteTable.Lookup lookup, JsonWebToken caller,
            Buffer body) {
        if (caller == null) {
            throw new ProblemException(UNAUTHORIZED);
        }
        Route route = lookup.route().orElseThrow(() -> noRoute(lookup));
        route.access().requiredRole()
                .filter(role -> !caller.getGroups().contains(role))
                .ifPresent(role -> {
                    throw ProblemException.forbidden("The token does not grant the role this resource requires");
                });
        String subject = caller.getName();
        limits.admit(route.routeClass(), subject);
        Backend backend = route.backend().orElseThrow();
        HttpServerRequest incoming = context.request();
        HttpMethod method = incoming.method();
        String requestId = RequestIds.of(context);
        BackendRequest request = new BackendRequest(method, path, incoming.query(),
                ForwardedHeaders.toBackend(incoming.headers(), requestId),
                method == HttpMethod.GET || method == HttpMethod.HEAD ? null : body);
        Duration timeout = timeouts.get(route.routeClass());
        if (caller.getGroups().contains(SHOPPER_ROLE) && GlobalPrivacyControl.signalled(incoming)) {
            // never fails: a signal consent-service did not take is logged, and the request goes on
            gpc.honour(subject, incoming.getHeader(HttpHeaders.AUTHORIZATION), requestId).subscribe().with(
                    honoured -> send(context, route, backend, request, timeout, honoured),
                    failure -> send(context, route, backend, request, timeout, false));
            return;
        }
        send(context, route, backend, request, timeout, false);
    }

    private void send(RoutingContext context, Route route, Backend backend, BackendRequest request, Duration timeout,
            boolean gpcHonoured) {
        BackendClient.InFlight inFlight = new BackendClient.InFlight();
        // the caller went away: the backend need not finish the work
        context.addEndHandler(ended -> {
            if (ended.failed()) {
                inFlight.cancel();
            }
        });
        Future<BackendResponse> answer = backends.send(backend, request, timeout, inFlight);
        boolean staleAllowed = stale.covers(route);
        answer.onComplete(result -> {
            if (result.succeeded()) {
                BackendResponse answered = result.result();
                BackendResponse kept = staleAllowed && StaleRecommendations.replaces(answered) ? stale.kept() : null;
                if (kept != null) {
                    reply(context, kept, gpcHonoured, true);
                    return;
                }
                if (staleAllowed) {
                    stale.remember(answered);
                }
                reply(context, answered, gpcHonoured, false);
                return;
            }
            BackendResponse kept = staleAllowed && StaleRecommendations.replaces(result.cause()) ? stale.kept() : null;
            if (kept != null) {
                reply(context, kept, gpcHonoured, true);
            } else {
                refuse(context, result.cause());
            }
        });
    }

    /** The backend's answer; X-Request-Id, if the backend sent none, is added by {@link RequestIdHeader}. */
    private static void reply(RoutingContext context, BackendResponse answer, boolean gpcHonoured, boolean stale) {
        HttpServerResponse response = context.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(answer.status());
        if (gpcHonoured) {
            response.putHeader(GlobalPrivacyControl.RESPONSE_HEADER, GlobalPrivacyControl.APPLIED);
        }
        if (stale) {
            response.putHeader(StaleRecommendations.STALE_HEADER, "true");
        }
        ForwardedHeaders.toCaller(answer.headers(), response.headers());
        if (answer.body().length() > 0) {
            response.end(answer.body());
        } else {
            response.end();
        }
    }

    /** The gateway's own refusals and failures, as problem+json of the suite's types. */
    private void refuse(RoutingContext context, Throwable failure) {
        HttpServerResponse response = context.response();
        if (response.ended() || response.closed()) {
            return;
        }
        // logs name the backend and the request id, never a path (it can hold a subject), a token or a body
        if (failure instanceof GatewayRefusal refusal) {
            refusal.headers().forEach(response::putHeader);
            write(response, refusal.problem());
        } else if (failure instanceof ProblemException problem) {
            if (problem.problem().status() == 401) {
                response.putHeader("WWW-Authenticate", "Bearer");
            }
            write(response, problem.problem());
        } else if (failure instanceof CircuitOpenException open) {
            // no log line per refused call while the circuit is open: the opening failures were logged
            response.putHeader("Retry-After", retryAfterOpenCircuit);
            write(response, Problem.of(ProblemType.SERVICE_UNAVAILABLE, open.backend().serviceName()
                    + " is unavailable; the gateway stopped calling it for a while"));
        } else if (failure instanceof BackendUnavailableException unavailable) {
            String service = unavailable.backend().serviceName();
            LOG.warnf("%s is unavailable (request %s)", service, RequestIds.of(context));
            write(response, Problem.of(ProblemType.SERVICE_UNAVAILABLE, service + " is unavailable"));
        } else if (failure instanceof BackendTimeoutException timeout) {
            String service = timeout.backend().serviceName();
            LOG.warnf("%s did not answer in time (request %s)", service, RequestIds.of(context));
            write(response, Problem.of(ProblemType.BACKEND_TIMEOUT, service + " did not answer in time"));
        } else {
            // the class name only: a message or a trace could carry personal data
            LOG.errorf("unexpected failure: %s", failure.getClass().getSimpleName());
            LOG.debug("unexpected failure", failure);
            write(response, Problem.of(ProblemType.INTERNAL_ERROR, "the request could not be completed"));
        }
    }

    private void write(HttpServerResponse response, Problem problem) {
        ProblemResponses.end(response, problem, json);
    }

    private static RuntimeException noRoute(RouteTable.Lookup lookup) {
        if (lookup.allowedMethods().isEmpty()) {
            return new ProblemException(ProblemType.NOT_FOUND, "No API resource at this path", null);
        }
        String allowed = String.join(", ", lookup.allowedMethods());
        return new GatewayRefusal(Problem.of(ProblemType.METHOD_NOT_ALLOWED,
                "This resource answers " + allowed + " only"), Map.of("Allow", allowed));
    }
}
