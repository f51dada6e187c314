package dev.personalization.profile.rest;

import dev.personalization.consentview.service.ConsentViewService;
import dev.personalization.kit.security.SubjectPseudonyms;
import dev.personalization.kit.security.Subjects;
import dev.personalization.profile.mapping.ConsentViewMapper;
import dev.personalization.profile.rest.ApiModels.ConsentsResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** What the profile holds about the shopper. "me" is always the subject of the bearer token. */
@Path("/api/profile")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class ProfileResource {

    private final ConsentViewService consents;
    private final SubjectPseudonyms pseudonyms;
    private final ConsentViewMapper mapper;
    private final JsonWebToken token;

    public ProfileResource(ConsentViewService consents, SubjectPseudonyms pseudonyms, ConsentViewMapper mapper,
            JsonWebToken token) {
        this.consents = consents;
        this.pseudonyms = pseudonyms;
        this.mapper = mapper;
        this.token = token;
    }

    /**
     * The consent decisions this service acts on, as it last heard them from consent-service; 503
     * service-unavailable (problem+json) while the view is catching up with the consent topic, rather
     * than an answer that may miss a withdrawal.
     */
    @GET
    @Path("/me/consents")
    public ConsentsResponse myConsents() {
        consents.requireCaughtUp();
        String pseudonym = pseudonyms.of(Subjects.of(token));
        return new ConsentsResponse(consents.current(pseudonym, Instant.now()).stream().map(mapper::consent).toList());
    }
}
