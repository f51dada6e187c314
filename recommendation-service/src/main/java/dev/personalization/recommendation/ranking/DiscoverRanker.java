package dev.personalization.recommendation.ranking;

import java.util.Map;
import java.util.Objects;

/**
 * "Discover": items the subject is likely to want next. An item model (EASE or co-occurrence neighbours)
 * spreads each bought or viewed item to related items (bought items optionally weighted by how recently
 * they were bought; on the retail data no extra weighting was best, the EASE training already favours recent
 * co-purchases); category affinity and price band lift popular items of what the subject likes; k-anonymous
 * popularity breaks the remaining ties and serves subjects with an empty profile.
 */
public final class DiscoverRanker implements Ranker {

    /**
     * @param sourceHalfLifeDays how fast a bought item's pull on its neighbours fades (infinite: never)
     * @param viewWeight         pull of a recently viewed item relative to a just-bought one
     * @param categoryWeight     lift of a popular item in a category the subject likes (affinity 1)
     * @param priceBandWeight    lift of a popular item in the subject's price bands (share 1)
     * @param popularityWeight   weight of plain popularity next to the item model's best score (1)
     */
    public record Settings(double sourceHalfLifeDays, double viewWeight, double categoryWeight,
                           double priceBandWeight, double popularityWeight) {
        public static Settings defaults() {
            return new Settings(Double.POSITIVE_INFINITY, 0.5, 0.1, 0.0, 0.2);
        }
    }

    private final ItemCatalog catalog;
    private final ItemNeighbours neighbours;
    private final Popularity popularity;
    private final Settings settings;

    public DiscoverRanker(ItemCatalog catalog, ItemNeighbours neighbours, Popularity popularity, Settings settings) {
        if (neighbours.size() != catalog.size() || popularity.size() != catalog.size()) {
            throw new IllegalArgumentException("the models must cover the catalog");
        }
        this.catalog = catalog;
        this.neighbours = neighbours;
        this.popularity = popularity;
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public ItemCatalog catalog() {
        return catalog;
    }

    @Override
    public double[] scores(SubjectProfile profile) {
        int n = catalog.size();
        double[] scores = new double[n];
        for (PurchasedItem purchase : profile.purchases()) {
            int source = catalog.indexOf(purchase.itemId());
            if (source >= 0) {
                double age = ProfileItems.ageDays(profile.asOf(), purchase.lastBought());
                neighbours.accumulate(source, ProfileItems.decay(age, settings.sourceHalfLifeDays()), scores);
            }
        }
        for (String viewed : profile.recentlyViewed()) {
            int source = catalog.indexOf(viewed);
            if (source >= 0) {
                neighbours.accumulate(source, settings.viewWeight(), scores);
            }
        }
        // the item model's scale depends on how much the subject bought; normalizing it makes the
        // category and popularity weights mean the same for a subject with 3 items and one with 300
        double max = ProfileItems.max(scores);
        if (max > 0) {
            for (int i = 0; i < n; i++) {
                scores[i] = Math.max(0, scores[i]) / max;
            }
        }
        Map<String, Double> affinities = profile.categoryAffinities();
        double topAffinity = affinities.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double topBand = profile.priceBands().values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        for (int i = 0; i < n; i++) {
            double popular = popularity.score(i);
            double lift = settings.popularityWeight();
            if (topAffinity > 0) {
                lift += settings.categoryWeight() * affinities.getOrDefault(catalog.category(i), 0.0) / topAffinity;
            }
            if (topBand > 0) {
                lift += settings.priceBandWeight()
                        * profile.priceBands().getOrDefault(catalog.priceBand(i), 0.0) / topBand;
            }
            scores[i] += lift * popular;
        }
        return scores;
    }
}
