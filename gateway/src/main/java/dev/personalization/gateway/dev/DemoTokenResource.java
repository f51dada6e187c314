package dev.personalization.gateway.dev;

import dev.personalization.kit.problem.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The shop page's demo sign-in: pick a demo shopper, get a short-lived user token for it. It answers
 * only when {@code gateway.demo.enabled} is true (the dev profile, and what {@code ./suite up} starts);
 * otherwise both paths answer 404 exactly like a path nothing serves. Hidden from OpenAPI: it is not
 * part of the public API.
 */
@Path("/dev")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class DemoTokenResource {

    private final DemoTokens tokens;
    private final DemoConfig config;
    private final Clock clock;

    public DemoTokenResource(DemoTokens tokens, DemoConfig config) {
        this.tokens = tokens;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    public record ShoppersResponse(List<String> shoppers) {
    }

    public record TokenRequest(String subject) {
    }

    public record TokenResponse(String subject, String token, Instant expiresAt) {
    }

    @GET
    @Path("/shoppers")
    @Operation(hidden = true)
    public ShoppersResponse shoppers() {
        requireEnabled();
        return new ShoppersResponse(config.shoppers());
    }

    @POST
    @Path("/token")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public TokenResponse token(TokenRequest request) {
        requireEnabled();
        if (request == null || request.subject() == null) {
            throw ProblemException.badRequest("subject", "subject is required");
        }
        if (!DemoTokens.isDemoSubject(request.subject())) {
            throw ProblemException.invalid("subject", "only demo shoppers (" + DemoConfig.SUBJECT_PREFIX
                    + "followed by lowercase letters, digits or hyphens) can sign in here");
        }
        DemoTokens.SignedToken signed = tokens.sign(request.subject(), clock.instant());
        return new TokenResponse(request.subject(), signed.token(), signed.expiresAt());
    }

    private void requireEnabled() {
        if (!tokens.enabled()) {
            throw new NotFoundException();
        }
    }
}
