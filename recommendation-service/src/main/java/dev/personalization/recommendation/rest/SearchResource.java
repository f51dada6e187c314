package dev.personalization.recommendation.rest;

import dev.personalization.kit.problem.ProblemException;
import dev.personalization.kit.security.SubjectPseudonyms;
import dev.personalization.kit.security.Subjects;
import dev.personalization.recommendation.mapping.OutputMapper;
import dev.personalization.recommendation.rest.ApiModels.SearchResponse;
import dev.personalization.recommendation.service.Personalization;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Catalog search, relevance first; re-ranked for the shopper only with the search purpose. */
@Path("/api/search")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    static final int MAX_QUERY = 200;

    private final Personalization personalization;
    private final SubjectPseudonyms pseudonyms;
    private final OutputMapper mapper;
    private final Limits limits;
    private final JsonWebToken token;

    public SearchResource(Personalization personalization, SubjectPseudonyms pseudonyms, OutputMapper mapper,
            Limits limits, JsonWebToken token) {
        this.personalization = personalization;
        this.pseudonyms = pseudonyms;
        this.mapper = mapper;
        this.limits = limits;
        this.token = token;
    }

    @GET
    @RolesAllowed("user")
    public SearchResponse search(@QueryParam("q") String q, @QueryParam("limit") String limit) {
        // the query text is never logged, stored nor echoed in an error
        if (q == null || q.isBlank() || q.length() > MAX_QUERY || q.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.badRequest("q", "q must be 1 to " + MAX_QUERY + " characters of text");
        }
        int n = limits.of(limit);
        return mapper.search(personalization.search(pseudonyms.of(Subjects.of(token)), q.strip(), n));
    }
}
