package dev.personalization.consent.rest;

import dev.personalization.kit.security.Scopes;
import dev.personalization.kit.security.Subjects;
import dev.personalization.consent.mapping.ConsentMapper;
import dev.personalization.consent.rest.ApiModels.PartnerConsentResponse;
import dev.personalization.consent.service.ConsentService;
import dev.personalization.kit.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Partner teams check a shopper's consent; each check is recorded and shown to the shopper. */
@Path("/api/partner/consents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("partner")
public class PartnerConsentResource {

    static final String SCOPE = "consent:read";

    private final ConsentService consents;
    private final ConsentMapper mapper;
    private final JsonWebToken token;

    public PartnerConsentResource(ConsentService consents, ConsentMapper mapper, JsonWebToken token) {
        this.consents = consents;
        this.mapper = mapper;
        this.token = token;
    }

    @GET
    @Path("/{subject}")
    public PartnerConsentResponse check(@PathParam("subject") String subject, @QueryParam("purpose") String purpose) {
        if (!Scopes.has(token, SCOPE)) {
            throw ProblemException.forbidden("this token lacks the scope " + SCOPE);
        }
        if (subject.isBlank() || subject.length() > Subjects.MAX_LENGTH) {
            throw ProblemException.badRequest("subject", "subject must have 1 to 128 characters");
        }
        if (purpose == null || purpose.isBlank()) {
            throw ProblemException.badRequest("purpose", "the query parameter purpose is required");
        }
        return mapper.partnerConsent(subject, consents.partnerCheck(subject, purpose, Subjects.of(token)));
    }
}
