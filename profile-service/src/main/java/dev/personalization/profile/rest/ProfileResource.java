package dev.personalization.profile.rest;

import dev.personalization.consentview.service.ConsentViewService;
import dev.personalization.kit.problem.ProblemException;
import dev.personalization.kit.security.SubjectPseudonyms;
import dev.personalization.kit.security.Subjects;
import dev.personalization.profile.mapping.ConsentViewMapper;
import dev.personalization.profile.mapping.ProfileMapper;
import dev.personalization.profile.rest.ApiModels.ConsentsResponse;
import dev.personalization.profile.rest.ApiModels.ProfileResponse;
import dev.personalization.profile.rest.ApiModels.PurposeData;
import dev.personalization.profile.rest.ApiModels.RetentionRequest;
import dev.personalization.profile.service.ProfileContents;
import dev.personalization.profile.service.RetentionPolicy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
    private final ProfileMapper profiles;
    private final ProfileContents contents;
    private final RetentionPolicy retention;
    private final JsonWebToken token;

    public ProfileResource(ConsentViewService consents, SubjectPseudonyms pseudonyms, ConsentViewMapper mapper,
            ProfileMapper profiles, ProfileContents contents, RetentionPolicy retention, JsonWebToken token) {
        this.consents = consents;
        this.pseudonyms = pseudonyms;
        this.mapper = mapper;
        this.profiles = profiles;
        this.contents = contents;
        this.retention = retention;
        this.token = token;
    }

    /**
     * Every datum held about the shopper, grouped by the purpose that allowed it (every purpose listed,
     * with the retention window that applies), each with its source event type, first and last seen,
     * expiry and the consent version it was accepted under: the rows feature snapshots are built from.
     */
    @GET
    @Path("/me")
    public ProfileResponse me() {
        ProfileContents.Held held = contents.of(pseudonyms.of(Subjects.of(token)));
        return profiles.profile(held.data(), held.retentionChoices(), held.now());
    }

    /**
     * Chooses a shorter retention window for one purpose's data, applied at once to what is held (data
     * past the new window are deleted). 404 for an unknown purpose, 422 unless 1 &le; days &le; the default.
     */
    @PUT
    @Path("/me/retention/{purpose}")
    @Consumes(MediaType.APPLICATION_JSON)
    public PurposeData chooseRetention(@PathParam("purpose") String purpose, RetentionRequest request) {
        String pseudonym = pseudonyms.of(Subjects.of(token));
        if (request == null) {
            throw ProblemException.invalid("days", "a body {\"days\": N} is required");
        }
        retention.choose(pseudonym, purpose, request.days());
        ProfileResponse profile = me();
        return profile.purposes().stream().filter(group -> group.purpose().equals(purpose)).findFirst().orElseThrow();
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
