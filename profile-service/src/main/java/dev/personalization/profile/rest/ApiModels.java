package dev.personalization.profile.rest;

import java.time.Instant;
import java.util.List;

/** Request and response bodies of the profile API. Entities never leave the service. */
public final class ApiModels {

    private ApiModels() {
    }

    /**
     * One purpose's decision as this service knows it from consent-service's events.
     * {@code state}: granted, denied, withdrawn or expired (a grant past {@code expiresAt});
     * {@code expiresAt} is null for anything but a grant.
     */
    public record ConsentResponse(String purpose, String state, long consentVersion, int purposeVersion,
            Instant decidedAt, Instant expiresAt) {
    }

    /** The subject's local consent view; empty when no decision has reached this service. */
    public record ConsentsResponse(List<ConsentResponse> consents) {
    }
}
