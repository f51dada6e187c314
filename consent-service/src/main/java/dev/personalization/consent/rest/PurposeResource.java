package dev.personalization.consent.rest;

import dev.personalization.kit.security.Subjects;
import dev.personalization.consent.mapping.ConsentMapper;
import dev.personalization.consent.rest.ApiModels.PurposeRequest;
import dev.personalization.consent.rest.ApiModels.PurposeResponse;
import dev.personalization.consent.rest.ApiModels.PurposesResponse;
import dev.personalization.kit.problem.ProblemException;
import dev.personalization.consent.service.PurposeService;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class PurposeResource {

    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    private final PurposeService purposes;
    private final ConsentMapper mapper;
    private final JsonWebToken token;

    public PurposeResource(PurposeService purposes, ConsentMapper mapper, JsonWebToken token) {
        this.purposes = purposes;
        this.mapper = mapper;
        this.token = token;
    }

    @GET
    @Path("/purposes")
    @Authenticated
    public PurposesResponse list() {
        return new PurposesResponse(purposes.current().stream().map(mapper::purpose).toList());
    }

    @PUT
    @Path("/admin/purposes/{purpose}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    public PurposeResponse publish(@PathParam("purpose") String purpose, PurposeRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("title", "a JSON body with the new version's notice is required");
        }
        requireText("title", request.title(), 200);
        requireText("notice", request.notice(), 10_000);
        requireText("legalBasis", request.legalBasis(), 200);
        if (request.dataCategories() == null || request.dataCategories().isEmpty()) {
            throw ProblemException.invalid("dataCategories", "dataCategories must list at least one category");
        }
        for (String category : request.dataCategories()) {
            if (category == null || !CATEGORY.matcher(category).matches()) {
                throw ProblemException.invalid("dataCategories",
                        "each data category is a lowercase slug such as product-views");
            }
        }
        if (request.retentionDays() == null || request.retentionDays() < 1 || request.retentionDays() > 3650) {
            throw ProblemException.invalid("retentionDays", "retentionDays must be a whole number from 1 to 3650");
        }
        return mapper.purpose(purposes.publish(purpose, new PurposeService.NewVersion(request.title(),
                request.notice(), request.dataCategories(), request.retentionDays(), request.legalBasis()),
                Subjects.of(token)));
    }

    private static void requireText(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(field, field + " is required");
        }
        if (value.length() > max) {
            throw ProblemException.invalid(field, field + " must have at most " + max + " characters");
        }
    }
}
