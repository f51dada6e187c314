package dev.personalization.recommendation.ranking;

import java.time.Instant;
import java.util.Objects;

/**
 * What a minimized profile keeps of one bought product inside its retention window: in how many orders it
 * was bought (an order with the item on several lines counts once: a basket is one decision to buy), when
 * the last one was, and the orders decayed to that moment (each counts 1/2 per
 * {@link BuyAgainRanker#PROFILE_HALF_LIFE_DAYS} of age; the profile updates it on each order as
 * {@code w = w * 2^(-days since last / half-life) + 1}). No quantities, prices or order contents.
 */
public record PurchasedItem(String itemId, int count, Instant lastBought, double decayedCount) {
    public PurchasedItem {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(lastBought, "lastBought");
        if (count < 1 || !(decayedCount > 0) || decayedCount > count) {
            throw new IllegalArgumentException("a purchased item was bought at least once");
        }
    }

    /** An item whose lines are all at {@code lastBought}, or whose history is not known in detail. */
    public PurchasedItem(String itemId, int count, Instant lastBought) {
        this(itemId, count, lastBought, count);
    }
}
