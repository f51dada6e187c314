package dev.personalization.gateway.rest;

import dev.personalization.kit.problem.Problem;
import java.util.Map;

/** A refusal of the gateway's own that carries headers besides its problem (Retry-After, Allow). */
public class GatewayRefusal extends RuntimeException {

    private final transient Problem problem;
    private final Map<String, String> headers;

    public GatewayRefusal(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
