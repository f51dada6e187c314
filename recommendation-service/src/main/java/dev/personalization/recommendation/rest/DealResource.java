package dev.personalization.recommendation.rest;

import dev.personalization.kit.problem.ProblemException;
import dev.personalization.kit.security.Scopes;
import dev.personalization.kit.security.SubjectPseudonyms;
import dev.personalization.kit.security.Subjects;
import dev.personalization.recommendation.mapping.OutputMapper;
import dev.personalization.recommendation.rest.ApiModels.DealRequest;
import dev.personalization.recommendation.rest.ApiModels.DealResponse;
import dev.personalization.recommendation.rest.ApiModels.DealsResponse;
import dev.personalization.recommendation.service.DealService;
import dev.personalization.recommendation.service.Personalization;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Promotions: partners with {@code deals:write} publish them; shoppers read theirs (personalized with purchases). */
@Path("/api/deals")
@Produces(MediaType.APPLICATION_JSON)
public class DealResource {

    static final String WRITE_SCOPE = "deals:write";

    private final DealService dealService;
    private final Personalization personalization;
    private final SubjectPseudonyms pseudonyms;
    private final OutputMapper mapper;
    private final Limits limits;
    private final JsonWebToken token;

    public DealResource(DealService dealService, Personalization personalization, SubjectPseudonyms pseudonyms,
            OutputMapper mapper, Limits limits, JsonWebToken token) {
        this.dealService = dealService;
        this.personalization = personalization;
        this.pseudonyms = pseudonyms;
        this.mapper = mapper;
        this.limits = limits;
        this.token = token;
    }

    @GET
    @Path("/me")
    @RolesAllowed("user")
    public DealsResponse mine(@QueryParam("limit") String limit) {
        int n = limits.of(limit);
        return mapper.deals(personalization.deals(pseudonyms.of(Subjects.of(token)), n));
    }

    /** Creates (201) or replaces (200) a promotion; 403 when another partner created it. */
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("partner")
    public Response put(@PathParam("id") String id, DealRequest request) {
        if (!Scopes.has(token, WRITE_SCOPE)) {
            throw ProblemException.forbidden("this token lacks the scope " + WRITE_SCOPE);
        }
        if (request == null) {
            throw ProblemException.badRequest(null, "a JSON object describing the deal is required");
        }
        DealService.Saved saved = dealService.put(id, new DealService.DealDraft(request.productId(),
                request.category(), request.percentOff(), request.validFrom(), request.validUntil()), Subjects.of(token));
        DealResponse body = mapper.deal(saved.deal());
        // a relative Location: Response.created would make it absolute with this backend's own address,
        // which the gateway passes through unchanged
        return saved.created()
                ? Response.status(Response.Status.CREATED)
                        .header(HttpHeaders.LOCATION, UriBuilder.fromPath("/api/deals/{id}").build(id).toString())
                        .entity(body).build()
                : Response.ok(body).build();
    }
}
