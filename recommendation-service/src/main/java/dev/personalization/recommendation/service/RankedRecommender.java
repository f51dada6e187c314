package dev.personalization.recommendation.service;

import dev.personalization.recommendation.ranking.DiscoverRanker;
import dev.personalization.recommendation.ranking.ItemCatalog;
import dev.personalization.recommendation.ranking.PurchasedItem;
import dev.personalization.recommendation.ranking.SubjectProfile;
import dev.personalization.recommendation.ranking.TopItems;
import dev.personalization.recommendation.repository.FeatureRepository.FeatureRow;
import dev.personalization.recommendation.repository.Product;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The evaluated rankers (docs/EVALUATION.md) over the live model: "buy again" is {@code BuyAgainRanker}
 * (recency-decayed repeat purchases, lifted by what many restock now) restricted to what the shopper
 * bought; "discover" is {@code DiscoverRanker} (the EASE weights learnt from the held features, category
 * affinity, k-anonymous popularity) over what they never bought. Among items neither the model nor
 * popularity scores, those of a liked category come first (the category fallback), then the catalog's
 * order. Sensitive products are left out of both lists; each pick says why.
 */
@ApplicationScoped
public class RankedRecommender implements Recommender {

    /** Far below any score the model or popularity gives: it only orders items that would otherwise tie at 0. */
    static final double CATEGORY_FALLBACK = 1e-9;

    private final Clock clock;

    public RankedRecommender(Clock clock) {
        this.clock = clock;
    }

    /** A liked category, and which purpose's feature says so more strongly. */
    private record Liked(double share, String purpose) {
    }

    @Override
    public List<Pick> buyAgain(RecommendationModel.Snapshot model, ShopperFeatures features, int limit) {
        List<FeatureRow> bought = features.ofKind(FeatureKinds.PURCHASED_PRODUCT);
        if (bought.isEmpty()) {
            return List.of();
        }
        ItemCatalog catalog = model.catalog();
        double[] scores = model.buyAgain().scores(profile(features, clock.instant()));
        List<FeatureRow> candidates = new ArrayList<>();
        for (FeatureRow feature : bought) {
            int at = catalog.indexOf(feature.item());
            if (at >= 0 && !model.products()[at].sensitive) {
                candidates.add(feature);
            }
        }
        candidates.sort(Comparator.comparingDouble((FeatureRow f) -> -scores[catalog.indexOf(f.item())])
                .thenComparingInt(f -> catalog.indexOf(f.item())));
        List<Pick> picks = new ArrayList<>();
        for (FeatureRow feature : candidates.subList(0, Math.min(limit, candidates.size()))) {
            long times = Math.max(1, Math.round(feature.weight()));
            String text = times == 1 ? "you bought this recently" : "you bought this about " + times + " times lately";
            picks.add(new Pick(model.products()[catalog.indexOf(feature.item())],
                    List.of(new Reason(FeatureKinds.PURCHASES, "purchase history", text))));
        }
        return picks;
    }

    @Override
    public List<Pick> discover(RecommendationModel.Snapshot model, ShopperFeatures features, int limit) {
        ItemCatalog catalog = model.catalog();
        Product[] products = model.products();
        SubjectProfile profile = profile(features, clock.instant());
        double[] scores = model.discover().scores(profile);
        Map<String, Liked> liked = liked(features);
        if (!liked.isEmpty()) {
            for (int i = 0; i < scores.length; i++) {
                Liked category = likedCategoryOf(catalog.category(i), liked);
                if (category != null) {
                    scores[i] += CATEGORY_FALLBACK * category.share();
                }
            }
        }
        Set<String> bought = new HashSet<>();
        profile.purchases().forEach(p -> bought.add(p.itemId()));
        int[] top = TopItems.select(scores, limit, i -> products[i].sensitive || bought.contains(catalog.id(i)));
        List<Pick> picks = new ArrayList<>(top.length);
        for (int item : top) {
            picks.add(new Pick(products[item], List.of(reason(model, profile, liked, item))));
        }
        return picks;
    }

    /** What decided the item: the strongest neighbour source, a liked category, popularity, or nothing. */
    private static Reason reason(RecommendationModel.Snapshot model, SubjectProfile profile, Map<String, Liked> liked,
            int item) {
        ItemCatalog catalog = model.catalog();
        double fromBought = 0;
        int boughtSource = -1;
        for (PurchasedItem purchase : profile.purchases()) {
            int source = catalog.indexOf(purchase.itemId());
            double weight = source < 0 ? 0 : model.neighbours().weight(source, item);
            if (weight > fromBought) {
                fromBought = weight;
                boughtSource = source;
            }
        }
        double fromViewed = 0;
        int viewedSource = -1;
        for (String viewed : profile.recentlyViewed()) {
            int source = catalog.indexOf(viewed);
            double weight = source < 0 ? 0 : model.neighbours().weight(source, item) * DiscoverRanker.Settings.defaults().viewWeight();
            if (weight > fromViewed) {
                fromViewed = weight;
                viewedSource = source;
            }
        }
        if (boughtSource >= 0 && fromBought >= fromViewed) {
            return new Reason(FeatureKinds.PURCHASES, "purchase history",
                    "shoppers who bought " + model.products()[boughtSource].title + ", as you did, also bought this");
        }
        if (viewedSource >= 0) {
            return new Reason(FeatureKinds.BROWSING, "browsing history",
                    "related to " + model.products()[viewedSource].title + ", which you looked at");
        }
        String path = catalog.category(item);
        for (Map.Entry<String, Liked> category : liked.entrySet()) {
            if (Categories.within(path, category.getKey())) {
                String name = Categories.lastSegment(category.getKey());
                return FeatureKinds.BROWSING.equals(category.getValue().purpose())
                        ? new Reason(FeatureKinds.BROWSING, "browsing history", "you often look at " + name)
                        : new Reason(FeatureKinds.PURCHASES, "purchase history", "you often buy " + name);
            }
        }
        return model.popularity().score(item) > 0 ? Reason.popular() : Reason.catalog();
    }

    private static Liked likedCategoryOf(String path, Map<String, Liked> liked) {
        Liked best = null;
        for (Map.Entry<String, Liked> category : liked.entrySet()) {
            if (Categories.within(path, category.getKey()) && (best == null || category.getValue().share() > best.share())) {
                best = category.getValue();
            }
        }
        return best;
    }

    /** Browsed and bought categories by share, strongest first (a stable order for the reasons). */
    private static Map<String, Liked> liked(ShopperFeatures features) {
        Map<String, double[]> weights = new HashMap<>();
        features.ofKind(FeatureKinds.CATEGORY_AFFINITY).forEach(f -> weights.computeIfAbsent(f.item(), c -> new double[2])[0] += f.weight());
        features.ofKind(FeatureKinds.PURCHASED_CATEGORY).forEach(f -> weights.computeIfAbsent(f.item(), c -> new double[2])[1] += f.weight());
        double total = weights.values().stream().mapToDouble(w -> w[0] + w[1]).sum();
        Map<String, Liked> liked = new java.util.LinkedHashMap<>();
        weights.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -(e.getValue()[0] + e.getValue()[1]))
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> liked.put(e.getKey(), new Liked(total > 0 ? (e.getValue()[0] + e.getValue()[1]) / total : 0,
                        e.getValue()[0] >= e.getValue()[1] ? FeatureKinds.BROWSING : FeatureKinds.PURCHASES)));
        return liked;
    }

    /**
     * The ranker's view of the shopper: bought products (the feature's decayed weight as the decayed order
     * count; profile-service keeps no order count, so the ranker takes the largest as a lower bound), browsed
     * and bought category shares, viewed products newest first. Price bands are left out: the evaluated
     * rankers give them no weight.
     */
    static SubjectProfile profile(ShopperFeatures features, Instant now) {
        List<PurchasedItem> purchases = new ArrayList<>();
        for (FeatureRow feature : features.ofKind(FeatureKinds.PURCHASED_PRODUCT)) {
            int count = (int) Math.max(1, Math.ceil(feature.weight()));
            purchases.add(new PurchasedItem(feature.item(), count, feature.lastSeen(),
                    Math.min(count, Math.max(feature.weight(), 1e-6))));
        }
        Map<String, Double> affinities = new HashMap<>();
        liked(features).forEach((category, like) -> affinities.put(category, like.share()));
        List<String> viewed = features.ofKind(FeatureKinds.VIEWED_PRODUCT).stream()
                .sorted(Comparator.comparing(FeatureRow::lastSeen).reversed().thenComparing(FeatureRow::item))
                .map(FeatureRow::item).toList();
        return new SubjectProfile(now, purchases, affinities, Map.of(), viewed);
    }
}
