package dev.personalization.profile.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.personalization.consentview.service.ConsentViewService;
import dev.personalization.kit.security.SubjectPseudonyms;
import dev.personalization.kit.security.Subjects;
import dev.personalization.profile.config.ProfileConfig;
import dev.personalization.profile.mapping.ProfileMapper;
import dev.personalization.profile.rest.ApiModels.ActivityResponse;
import dev.personalization.profile.service.Activity;
import dev.personalization.profile.service.ActivityIntake;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Activity intake: a batch of the shopper's browsing, purchase and search events. Only what a granted
 * purpose allows is kept, minimized; the rest is dropped and counted. "me" is the token's subject.
 */
@Path("/api/activity")
@RolesAllowed("user")
public class ActivityResource {

    private final ActivityIntake intake;
    private final ConsentViewService consents;
    private final SubjectPseudonyms pseudonyms;
    private final ProfileMapper mapper;
    private final ProfileConfig config;
    private final JsonWebToken token;

    public ActivityResource(ActivityIntake intake, ConsentViewService consents, SubjectPseudonyms pseudonyms,
            ProfileMapper mapper, ProfileConfig config, JsonWebToken token) {
        this.intake = intake;
        this.consents = consents;
        this.pseudonyms = pseudonyms;
        this.mapper = mapper;
        this.config = config;
        this.token = token;
    }

    /**
     * 202 with counts accepted per type and dropped per type and reason; 400 (naming the field) for an
     * unknown type or field or a malformed event, 422 for payment data anywhere or a batch outside 1 to
     * {@code profile.intake.max-events} events (nothing of such a batch is stored); 503 while the consent
     * view is catching up.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response post(JsonNode body) {
        String pseudonym = pseudonyms.of(Subjects.of(token));
        List<Activity> events = ActivityBatchReader.read(body, config.intake().maxEvents());
        // before the transaction: a stale view refuses without taking a connection
        consents.requireCaughtUp();
        ActivityResponse response = mapper.activity(events.size(), intake.ingest(pseudonym, events));
        return Response.accepted(response).build();
    }
}
