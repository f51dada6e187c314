package dev.personalization.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * A full snapshot of one subject's minimized features, as profile-service holds them after a change; the
 * envelope's subject (and the record key) is the pseudonym. Snapshots, not deltas: a consumer keeps the
 * one with the highest {@code snapshotVersion} per subject and replaces everything it held with it, so a
 * repeated or older snapshot changes nothing. An empty {@code features} list means nothing is held (after
 * a withdrawal, an expiry or the end of a retention window).
 *
 * @param snapshotVersion monotonic per subject: a later snapshot has a higher number
 * @param asOf the time the weights were decayed to
 * @param features every feature held, each with the purpose that allowed it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProfileFeaturesV1(long snapshotVersion, Instant asOf, List<Feature> features) {

    public static final String TYPE = "profile.features.v1";
    public static final int SCHEMA_VERSION = 1;

    /**
     * One minimized feature.
     *
     * @param purpose browsing, purchases or search: the consent that allowed it
     * @param kind category-affinity, viewed-product, purchased-category, price-band, purchased-product,
     *        search-term or search-category
     * @param item the category path, product id, price band or catalog term
     * @param weight the time-decayed weight as of {@code asOf}
     * @param consentVersion the consent version of the purpose it was last accepted under; a consumer uses
     *        the feature only while that is the purpose's current granted version
     * @param lastSeen the day (UTC) it was last seen
     * @param expiresAt when profile-service deletes it (its retention window)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Feature(String purpose, String kind, String item, double weight, long consentVersion,
            Instant lastSeen, Instant expiresAt) {
    }
}
