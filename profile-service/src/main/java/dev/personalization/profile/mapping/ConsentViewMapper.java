package dev.personalization.profile.mapping;

import dev.personalization.consentview.repository.ConsentView;
import dev.personalization.consentview.service.ConsentViewService.CurrentConsent;
import dev.personalization.profile.rest.ApiModels.ConsentResponse;
import jakarta.enterprise.context.ApplicationScoped;

/** Explicit mapping from the consent view to the API's records. */
@ApplicationScoped
public class ConsentViewMapper {

    public ConsentResponse consent(CurrentConsent current) {
        ConsentView view = current.view();
        return new ConsentResponse(view.purpose, current.effectiveState(), view.consentVersion, view.purposeVersion,
                view.decidedAt, view.expiresAt);
    }
}
