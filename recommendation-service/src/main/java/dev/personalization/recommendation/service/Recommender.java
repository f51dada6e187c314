package dev.personalization.recommendation.service;

import dev.personalization.recommendation.repository.Product;
import java.util.List;

/**
 * Chooses the products of the two recommendation lists from what the shopper let the service use, over one
 * model snapshot. An implementation must give the same answer for {@link ShopperFeatures#NONE} whoever
 * asks, and must never choose a sensitive product on the strength of the shopper's features.
 */
public interface Recommender {

    /** A chosen product and why. */
    record Pick(Product product, List<Reason> reasons) {
    }

    /** Products the shopper bought and may buy again; empty without the purchases purpose. */
    List<Pick> buyAgain(RecommendationModel.Snapshot model, ShopperFeatures profile, int limit);

    /** Products new to the shopper: neighbours of what they bought or viewed, liked categories, then popular ones. */
    List<Pick> discover(RecommendationModel.Snapshot model, ShopperFeatures profile, int limit);
}
