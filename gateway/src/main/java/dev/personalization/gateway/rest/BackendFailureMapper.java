package dev.personalization.gateway.rest;

import dev.personalization.gateway.client.BackendTimeoutException;
import dev.personalization.gateway.client.CircuitOpenException;
import dev.personalization.gateway.config.GatewayConfig;
import dev.personalization.gateway.client.BackendUnavailableException;
import dev.personalization.kit.problem.Problem;
import dev.personalization.kit.problem.ProblemType;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The gateway's own failures, as problem+json of the suite's types; every other failure is mapped by
 * service-kit's ProblemExceptionMapper. Logs name the backend and the request id, never a path (it can
 * hold a subject), a token, a body or a stack trace.
 */
public class BackendFailureMapper {

    private static final Logger LOG = Logger.getLogger(BackendFailureMapper.class);

    private final String retryAfter;

    public BackendFailureMapper(GatewayConfig config) {
        this.retryAfter = String.valueOf(Math.max(1, config.circuitBreaker().openFor().toSeconds()));
    }

    @ServerExceptionMapper
    public Response unavailable(BackendUnavailableException failure, RoutingContext context) {
        String service = failure.backend().serviceName();
        if (failure instanceof CircuitOpenException) {
            // no log line per refused call while the circuit is open: the opening failures were logged
            return Problem.of(ProblemType.SERVICE_UNAVAILABLE, service + " is unavailable; the gateway "
                    + "stopped calling it for a while").toResponseBuilder().header("Retry-After", retryAfter).build();
        }
        LOG.warnf("%s is unavailable (request %s)", service, RequestIds.of(context));
        return Problem.of(ProblemType.SERVICE_UNAVAILABLE, service + " is unavailable").toResponse();
    }

    @ServerExceptionMapper
    public Response refused(GatewayRefusal refusal) {
        Response.ResponseBuilder answer = refusal.problem().toResponseBuilder();
        refusal.headers().forEach(answer::header);
        return answer.build();
    }

    @ServerExceptionMapper
    public Response timedOut(BackendTimeoutException failure, RoutingContext context) {
        String service = failure.backend().serviceName();
        LOG.warnf("%s did not answer in time (request %s)", service, RequestIds.of(context));
        return Problem.of(ProblemType.BACKEND_TIMEOUT, service + " did not answer in time").toResponse();
    }
}
