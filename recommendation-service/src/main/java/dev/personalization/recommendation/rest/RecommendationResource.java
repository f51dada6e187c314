package dev.personalization.recommendation.rest;

import dev.personalization.kit.problem.ProblemException;
import dev.personalization.kit.security.Scopes;
import dev.personalization.kit.security.SubjectPseudonyms;
import dev.personalization.kit.security.Subjects;
import dev.personalization.recommendation.mapping.OutputMapper;
import dev.personalization.recommendation.rest.ApiModels.RecommendationsResponse;
import dev.personalization.recommendation.service.Personalization;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Recommendations in two lists, "buy again" and "discover": personalized from browsing and purchases only
 * where the shopper granted them; otherwise the same for everyone. 503 while the consent view catches up.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class RecommendationResource {

    static final String READ_SCOPE = "recommendations:read";

    private final Personalization personalization;
    private final SubjectPseudonyms pseudonyms;
    private final OutputMapper mapper;
    private final Limits limits;
    private final JsonWebToken token;

    public RecommendationResource(Personalization personalization, SubjectPseudonyms pseudonyms, OutputMapper mapper,
            Limits limits, JsonWebToken token) {
        this.personalization = personalization;
        this.pseudonyms = pseudonyms;
        this.mapper = mapper;
        this.limits = limits;
        this.token = token;
    }

    @GET
    @Path("/recommendations/me")
    @RolesAllowed("user")
    public RecommendationsResponse mine(@QueryParam("limit") String limit) {
        int n = limits.of(limit);
        return mapper.recommendations(personalization.recommendations(pseudonyms.of(Subjects.of(token)), n));
    }

    /** A partner reads a shopper's recommendations: personalized only where that shopper consented. */
    @GET
    @Path("/partner/recommendations/{subject}")
    @RolesAllowed("partner")
    public RecommendationsResponse forSubject(@PathParam("subject") String subject, @QueryParam("limit") String limit) {
        if (!Scopes.has(token, READ_SCOPE)) {
            throw ProblemException.forbidden("this token lacks the scope " + READ_SCOPE);
        }
        if (!Subjects.usable(subject)) {
            throw ProblemException.badRequest("subject", "subject must be 1 to " + Subjects.MAX_LENGTH
                    + " characters without control characters");
        }
        int n = limits.of(limit);
        return mapper.recommendations(personalization.recommendations(pseudonyms.of(subject), n));
    }
}
