package dev.personalization.consent.rest;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Trivial endpoints that do no work: the benchmark's baselines for what HTTP alone costs and what
 * the token check adds on top (see bench/consent-bench.sh).
 */
@Path("/api/ping")
@Produces(MediaType.TEXT_PLAIN)
public class PingResource {

    @GET
    @PermitAll
    public String ping() {
        return "pong";
    }

    @GET
    @Path("/authenticated")
    @Authenticated
    public String authenticatedPing() {
        return "pong";
    }
}
