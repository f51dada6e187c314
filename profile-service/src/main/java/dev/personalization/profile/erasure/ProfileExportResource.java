package dev.personalization.profile.erasure;

import dev.personalization.consentview.erasure.SubjectExport;
import dev.personalization.consentview.service.ConsentViewService;
import dev.personalization.kit.security.SubjectPseudonyms;
import dev.personalization.kit.security.Subjects;
import dev.personalization.profile.mapping.ConsentViewMapper;
import dev.personalization.profile.mapping.ProfileMapper;
import dev.personalization.profile.rest.ApiModels.ConsentResponse;
import dev.personalization.profile.rest.ApiModels.ProfileResponse;
import dev.personalization.profile.service.ProfileContents;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * profile-service's part of the shopper's export: the profile by purpose (with retention and expiry), the
 * version of the last feature snapshot sent from it (the snapshot's features are the profile's data), and
 * the consent view. 503 while the consent view catches up: never an export that may be stale.
 */
@Path("/api/profile/me/export")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class ProfileExportResource {

    /** What profile-service holds about the subject. */
    public record ProfileExport(ProfileResponse profile, Long featureSnapshotVersion, List<ConsentResponse> consents) {
    }

    private final ProfileContents contents;
    private final ProfileMapper profiles;
    private final ProfileErasureRepository repository;
    private final ConsentViewService consents;
    private final ConsentViewMapper consentMapper;
    private final SubjectPseudonyms pseudonyms;
    private final JsonWebToken token;

    public ProfileExportResource(ProfileContents contents, ProfileMapper profiles, ProfileErasureRepository repository,
            ConsentViewService consents, ConsentViewMapper consentMapper, SubjectPseudonyms pseudonyms,
            JsonWebToken token) {
        this.contents = contents;
        this.profiles = profiles;
        this.repository = repository;
        this.consents = consents;
        this.consentMapper = consentMapper;
        this.pseudonyms = pseudonyms;
        this.token = token;
    }

    @GET
    @jakarta.transaction.Transactional
    public SubjectExport export() {
        String pseudonym = pseudonyms.of(Subjects.of(token));
        ProfileContents.Held held = contents.of(pseudonym);
        List<ConsentResponse> view = consents.current(pseudonym, held.now()).stream().map(consentMapper::consent).toList();
        Long snapshot = repository.snapshotVersion(pseudonym).stream().boxed().findFirst().orElse(null);
        return new SubjectExport("profile-service", true, held.now(), new ProfileExport(
                profiles.profile(held.data(), held.retentionChoices(), held.now()), snapshot, view));
    }
}
