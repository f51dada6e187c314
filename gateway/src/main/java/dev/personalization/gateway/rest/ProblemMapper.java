package dev.personalization.gateway.rest;

import dev.personalization.gateway.client.BackendTimeoutException;
import dev.personalization.gateway.client.BackendUnavailableException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become RFC 7807 answers. Logs name the backend and the request id,
 * never a path (it can hold a subject), a token, a body or a stack trace.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public Response unauthenticated(RoutingContext context) {
        Problem problem = Problem.of("unauthorized", 401, "Unauthorized",
                "A valid bearer token is required");
        return answer(problem, context).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException failure, RoutingContext context) {
        return answer(Problem.of("forbidden", 403, "Forbidden",
                "The token does not grant the role this resource requires"), context).build();
    }

    @ServerExceptionMapper
    public Response refused(ProblemException failure, RoutingContext context) {
        return answer(failure.problem(), context).build();
    }

    @ServerExceptionMapper
    public Response unavailable(BackendUnavailableException failure, RoutingContext context) {
        String service = failure.backend().serviceName();
        LOG.warnf("%s is unavailable (request %s)", service, RequestIds.of(context));
        return answer(Problem.of("backend-unavailable", 503, "Service Unavailable", service + " is unavailable"),
                context).build();
    }

    @ServerExceptionMapper
    public Response timedOut(BackendTimeoutException failure, RoutingContext context) {
        String service = failure.backend().serviceName();
        LOG.warnf("%s did not answer in time (request %s)", service, RequestIds.of(context));
        return answer(Problem.of("backend-timeout", 504, "Gateway Timeout", service + " did not answer in time"),
                context).build();
    }

    /** Refusals by the HTTP layer itself: no such resource, method not allowed, unreadable body. */
    @ServerExceptionMapper
    public Response http(WebApplicationException failure, RoutingContext context) {
        int status = failure.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(failure, context);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "Request Refused";
        if (status == 404) {
            return answer(Problem.of("not-found", 404, title, "No resource at this path"), context).build();
        }
        return answer(Problem.of("request-refused", status, title, "The request was refused: " + title), context)
                .build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable failure, RoutingContext context) {
        if (context.response().ended()) {
            // the HTTP layer has answered already (its hard body-size stop); null leaves it at that
            return null;
        }
        // deliberately without the exception: its message or trace could carry personal data
        LOG.errorf("Unexpected failure while handling request %s", RequestIds.of(context));
        return answer(Problem.of("internal-error", 500, "Internal Server Error",
                "The gateway failed to handle the request"), context).build();
    }

    private static Response.ResponseBuilder answer(Problem problem, RoutingContext context) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .header(RequestIds.HEADER, RequestIds.of(context))
                .entity(problem);
    }
}
