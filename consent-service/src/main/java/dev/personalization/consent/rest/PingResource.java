package dev.personalization.consent.rest;

import dev.personalization.consent.config.ConsentConfig;
import dev.personalization.kit.problem.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Trivial endpoints that do no work: the benchmark's baselines for what HTTP alone costs and what
 * the token check adds on top (see bench/consent-bench.sh). Every other /api path needs a token, so
 * these exist only where consent.benchmark-endpoints is on: the benchmark's own instance.
 */
@Path("/api/ping")
@Produces(MediaType.TEXT_PLAIN)
public class PingResource {

    private final boolean enabled;

    public PingResource(ConsentConfig config) {
        this.enabled = config.benchmarkEndpoints();
    }

    @GET
    @PermitAll
    public String ping() {
        return pong();
    }

    @GET
    @Path("/authenticated")
    @Authenticated
    public String authenticatedPing() {
        return pong();
    }

    private String pong() {
        if (!enabled) {
            throw ProblemException.notFound("resource", "no such resource");
        }
        return "pong";
    }
}
