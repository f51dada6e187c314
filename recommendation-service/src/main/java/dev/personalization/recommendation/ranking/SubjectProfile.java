package dev.personalization.recommendation.ranking;

import dev.personalization.recommendation.catalog.taxonomy.PriceBand;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a ranker may know about one subject: the minimized profile profile-service keeps. Bought
 * items only within a bounded window; category affinities (decayed, summing to 1 or empty) and price band
 * shares are category-level and carry no product ids; recently viewed ids are the session's, newest first.
 *
 * @param asOf           the moment the ranking is for; ages are measured from it
 * @param decayedOrders  the subject's orders inside the item window, each weighted 1/2 per
 *                       {@link BuyAgainRanker#PROFILE_HALF_LIFE_DAYS} of age at {@code asOf} (one number the
 *                       profile keeps next to the items, like {@link PurchasedItem#decayedCount()}); 0 when not
 *                       known, then the ranker takes the largest item count as a lower bound
 */
public record SubjectProfile(Instant asOf, List<PurchasedItem> purchases, Map<String, Double> categoryAffinities,
                             Map<PriceBand, Double> priceBands, List<String> recentlyViewed, double decayedOrders) {
    public SubjectProfile {
        Objects.requireNonNull(asOf, "asOf");
        if (!(decayedOrders >= 0)) {
            throw new IllegalArgumentException("decayedOrders is not negative");
        }
        purchases = List.copyOf(purchases);
        categoryAffinities = Map.copyOf(categoryAffinities);
        priceBands = Map.copyOf(priceBands);
        recentlyViewed = List.copyOf(recentlyViewed);
    }

    /** A profile without an order count (see {@code decayedOrders}). */
    public SubjectProfile(Instant asOf, List<PurchasedItem> purchases, Map<String, Double> categoryAffinities,
                          Map<PriceBand, Double> priceBands, List<String> recentlyViewed) {
        this(asOf, purchases, categoryAffinities, priceBands, recentlyViewed, 0);
    }

    /** A subject the service knows nothing about yet. */
    public static SubjectProfile empty(Instant asOf) {
        return new SubjectProfile(asOf, List.of(), Map.of(), Map.of(), List.of(), 0);
    }
}
