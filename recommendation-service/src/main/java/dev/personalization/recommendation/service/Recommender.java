package dev.personalization.recommendation.service;

import dev.personalization.recommendation.repository.Product;
import java.util.List;

/**
 * Chooses the products of the two recommendation lists from what the shopper let the service use. An
 * implementation must give the same answer for {@link ShopperFeatures#NONE} whoever asks, and must never
 * choose a sensitive product on the strength of the shopper's features. The ranking package's rankers
 * replace {@link SimpleRecommender} behind this interface.
 */
public interface Recommender {

    /** A chosen product and why. */
    record Pick(Product product, List<Reason> reasons) {
    }

    /** Products the shopper bought and may buy again; empty without the purchases purpose. */
    List<Pick> buyAgain(ShopperFeatures profile, int limit);

    /** Products new to the shopper: neighbours of what they bought, their browsed categories, then popular ones. */
    List<Pick> discover(ShopperFeatures profile, int limit);
}
