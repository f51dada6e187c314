package dev.personalization.profile.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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

    /**
     * The answer to an activity batch (202): how many events of each type were kept, and how many were
     * dropped and why (no-consent, invalid, no-match), one entry per type and reason.
     *
     * @param received how many events the batch had
     * @param accepted per type (view, purchase, search), events whose minimized data was kept
     * @param dropped per type and reason, events of which nothing was kept
     */
    public record ActivityResponse(int received, Map<String, Integer> accepted, List<DroppedCount> dropped) {
    }

    public record DroppedCount(String type, String reason, int count) {
    }

    /** Everything the profile holds about the shopper, grouped by the purpose that allowed it. */
    public record ProfileResponse(List<PurposeData> purposes) {
    }

    /**
     * One purpose: the retention window that applies (the shopper's shorter choice, else the default) and
     * every datum held under it.
     */
    public record PurposeData(String purpose, int retentionDays, int defaultRetentionDays, boolean retentionChosen,
            List<HeldDatum> data) {
    }

    /**
     * One datum, exactly as stored and as feature snapshots carry it.
     *
     * @param kind category-affinity, viewed-product, purchased-category, price-band, purchased-product,
     *        search-term or search-category
     * @param item the category path, product id, price band or catalog term
     * @param source the event type it came from (view, purchase, search)
     * @param weight its time-decayed score now
     * @param consentVersion the consent version it was accepted under
     * @param firstSeen the day it was first seen
     * @param lastSeen the day it was last seen
     * @param expiresAt when it is deleted
     */
    public record HeldDatum(String kind, String item, String source, double weight, long consentVersion,
            Instant firstSeen, Instant lastSeen, Instant expiresAt) {
    }

    /** A shorter retention window for one purpose, in days (1 up to the purpose's default). */
    public record RetentionRequest(Integer days) {
    }
}
