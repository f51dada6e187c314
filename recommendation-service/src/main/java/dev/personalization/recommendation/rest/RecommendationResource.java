package dev.personalization.recommendation.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
    private final ObjectMapper json;

    public RecommendationResource(Personalization personalization, SubjectPseudonyms pseudonyms, OutputMapper mapper,
            Limits limits, JsonWebToken token, ObjectMapper json) {
        this.json = json;
        this.personalization = personalization;
        this.pseudonyms = pseudonyms;
        this.mapper = mapper;
        this.limits = limits;
        this.token = token;
    }

    @GET
    @Path("/recommendations/me")
    @RolesAllowed("user")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RecommendationsResponse.class)))
    public Response mine(@QueryParam("limit") String limit) {
        return answer(pseudonyms.of(Subjects.of(token)), limits.of(limit));
    }

    /** A partner reads a shopper's recommendations: personalized only where that shopper consented. */
    @GET
    @Path("/partner/recommendations/{subject}")
    @RolesAllowed("partner")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RecommendationsResponse.class)))
    public Response forSubject(@PathParam("subject") String subject, @QueryParam("limit") String limit) {
        if (!Scopes.has(token, READ_SCOPE)) {
            throw ProblemException.forbidden("this token lacks the scope " + READ_SCOPE);
        }
        if (!Subjects.usable(subject)) {
            throw ProblemException.badRequest("subject", "subject must be 1 to " + Subjects.MAX_LENGTH
                    + " characters without control characters");
        }
        return answer(pseudonyms.of(subject), limits.of(limit));
    }

    /** The rendered JSON, usually from the cache: serialized once per change, not per request. */
    private Response answer(String pseudonym, int limit) {
        byte[] body = personalization.recommendations(pseudonym, limit, recommendations -> {
            try {
                return json.writeValueAsBytes(mapper.recommendations(recommendations));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("recommendations could not be rendered", e);
            }
        });
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
