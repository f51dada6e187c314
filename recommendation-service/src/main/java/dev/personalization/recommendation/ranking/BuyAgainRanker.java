package dev.personalization.recommendation.ranking;

import java.util.Objects;

/**
 * "Buy again": replenishment. A bought item scores by the share of the subject's orders that held it, both
 * decayed by age ({@code item orders / (orders + 1)}: a rate, so that a subject with 40 orders and one with 2
 * are on the same scale next to the discover score; the +1 keeps a single order from counting as certain).
 * The rate is lifted by the item's recent k-anonymous popularity (what many people restock right now is
 * restocked more, e.g. seasonal goods), and the discover score is added with a small weight, which orders
 * items bought equally often and fills the list for a subject with few purchases.
 */
public final class BuyAgainRanker implements Ranker {

    /** Half-life of {@link PurchasedItem#decayedCount()} and {@link SubjectProfile#decayedOrders()}. */
    public static final double PROFILE_HALF_LIFE_DAYS = 120;

    /**
     * @param discoverWeight  weight of the discover score (normalized to 1) next to an item in every order
     * @param trendWeight     lift of the rate of the most popular item: rate x (1 + trendWeight x popularity)
     * @param orderPrior      orders added to the subject's decayed orders before dividing
     */
    public record Settings(double discoverWeight, double trendWeight, double orderPrior) {
        public Settings {
            if (!(discoverWeight >= 0) || !(trendWeight >= 0) || !(orderPrior >= 0)) {
                throw new IllegalArgumentException("buy again weights are not negative");
            }
        }

        public static Settings defaults() {
            return new Settings(0.4, 2.0, 1.0);
        }
    }

    private final Ranker discover;
    private final Popularity trend;
    private final Settings settings;

    /**
     * @param discover the discover ranker whose score fills the list
     * @param trend    recent popularity over the same catalog (k-anonymous, normalized to 1)
     */
    public BuyAgainRanker(Ranker discover, Popularity trend, Settings settings) {
        this.discover = Objects.requireNonNull(discover, "discover");
        this.trend = Objects.requireNonNull(trend, "trend");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (trend.size() != discover.catalog().size()) {
            throw new IllegalArgumentException("the models must cover the catalog");
        }
    }

    @Override
    public ItemCatalog catalog() {
        return discover.catalog();
    }

    @Override
    public double[] scores(SubjectProfile profile) {
        ItemCatalog catalog = catalog();
        double[] scores = discover.scores(profile);
        double max = ProfileItems.max(scores);
        double scale = max > 0 ? settings.discoverWeight() / max : 0;
        for (int i = 0; i < scores.length; i++) {
            scores[i] *= scale;
        }
        double orders = profile.decayedOrders();
        double[] decayed = new double[profile.purchases().size()];
        for (int k = 0; k < decayed.length; k++) {
            PurchasedItem purchase = profile.purchases().get(k);
            double age = ProfileItems.ageDays(profile.asOf(), purchase.lastBought());
            decayed[k] = purchase.decayedCount() * ProfileItems.decay(age, PROFILE_HALF_LIFE_DAYS);
            // without an order count, the most often bought item was in at least that many orders
            orders = profile.decayedOrders() > 0 ? orders : Math.max(orders, decayed[k]);
        }
        double denominator = orders + settings.orderPrior();
        for (int k = 0; k < decayed.length; k++) {
            int item = catalog.indexOf(profile.purchases().get(k).itemId());
            if (item >= 0 && denominator > 0) {
                scores[item] += decayed[k] / denominator * (1 + settings.trendWeight() * trend.score(item));
            }
        }
        return scores;
    }
}
