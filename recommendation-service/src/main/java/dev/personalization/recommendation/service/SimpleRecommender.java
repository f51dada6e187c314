package dev.personalization.recommendation.service;

import dev.personalization.recommendation.config.RecommendationConfig;
import dev.personalization.recommendation.repository.AggregateRepository;
import dev.personalization.recommendation.repository.AggregateRepository.Pair;
import dev.personalization.recommendation.repository.AggregateRepository.Popularity;
import dev.personalization.recommendation.repository.FeatureRepository.FeatureRow;
import dev.personalization.recommendation.repository.Product;
import dev.personalization.recommendation.repository.ProductRepository;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plain recommender until the ranking package's arrives: buy-again by the decayed weight of repeat
 * purchases; discover from co-purchase neighbours (pairs at least k distinct subjects bought), then popular
 * products of the shopper's most browsed categories, then popular products (k distinct subjects), then the
 * catalog's own order. Sensitive products are left out of every list.
 */
@ApplicationScoped
@DefaultBean
public class SimpleRecommender implements Recommender {

    static final int TOP_CATEGORIES = 3;
    static final int POPULAR_POOL = 500;

    private final ProductRepository products;
    private final AggregateRepository aggregates;
    private final RecommendationConfig config;

    public SimpleRecommender(ProductRepository products, AggregateRepository aggregates, RecommendationConfig config) {
        this.products = products;
        this.aggregates = aggregates;
        this.config = config;
    }

    @Override
    @Transactional
    public List<Pick> buyAgain(ShopperFeatures profile, int limit) {
        List<FeatureRow> bought = profile.ofKind(FeatureKinds.PURCHASED_PRODUCT);
        Map<String, Product> known = products.byIds(bought.stream().map(FeatureRow::item).toList());
        List<Pick> picks = new ArrayList<>();
        for (FeatureRow feature : bought) {
            Product product = known.get(feature.item());
            if (product == null || product.sensitive) {
                continue;
            }
            long times = Math.max(1, Math.round(feature.weight()));
            String text = times == 1 ? "you bought this recently" : "you bought this about " + times + " times lately";
            picks.add(new Pick(product, List.of(new Reason(FeatureKinds.PURCHASES, "purchase history", text))));
            if (picks.size() == limit) {
                break;
            }
        }
        return picks;
    }

    @Override
    @Transactional
    public List<Pick> discover(ShopperFeatures profile, int limit) {
        int k = config.aggregates().minSubjects();
        Set<String> bought = new LinkedHashSet<>();
        profile.ofKind(FeatureKinds.PURCHASED_PRODUCT).forEach(f -> bought.add(f.item()));
        Map<String, Double> scores = new HashMap<>();
        Map<String, Reason> reasons = new HashMap<>();
        for (Pair pair : aggregates.neighbours(bought, k)) {
            String other = bought.contains(pair.a()) ? pair.b() : pair.a();
            if (!bought.contains(other)) {
                scores.merge(other, 1000.0 + pair.subjects(), Double::sum);
                reasons.putIfAbsent(other, new Reason(FeatureKinds.PURCHASES, "purchase history",
                        "often bought together with something you bought"));
            }
        }
        List<Popularity> popular = aggregates.popular(k, POPULAR_POOL);
        List<FeatureRow> categories = profile.ofKind(FeatureKinds.CATEGORY_AFFINITY).stream()
                .filter(f -> CatalogService.CATEGORY.matcher(f.item()).matches()).limit(TOP_CATEGORIES).toList();
        if (!categories.isEmpty()) {
            Map<String, Product> popularProducts = products.byIds(popular.stream().map(Popularity::productId).toList());
            for (FeatureRow category : categories) {
                Reason reason = new Reason(FeatureKinds.BROWSING, "browsing history",
                        "you often look at " + lastSegment(category.item()));
                List<String> inCategory = new ArrayList<>();
                for (Popularity item : popular) {
                    Product product = popularProducts.get(item.productId());
                    if (product != null && within(product.categoryPath, category.item())) {
                        inCategory.add(product.id);
                    }
                }
                products.neutralInCategory(category.item(), limit).forEach(p -> inCategory.add(p.id));
                double rank = category.weight();
                for (String id : inCategory) {
                    if (!bought.contains(id)) {
                        scores.merge(id, rank, Double::sum);
                        reasons.putIfAbsent(id, reason);
                    }
                    rank *= 0.99; // keeps the popular order within the category
                }
            }
        }
        Map<String, Pick> picks = new LinkedHashMap<>();
        List<String> personal = scores.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
        Map<String, Product> known = products.byIds(personal);
        for (String id : personal) {
            Product product = known.get(id);
            if (product != null && !product.sensitive && picks.size() < limit) {
                picks.put(id, new Pick(product, List.of(reasons.get(id))));
            }
        }
        // the same for everyone from here on: popular products, then the catalog's order
        Map<String, Product> popularProducts = products.byIds(popular.stream().map(Popularity::productId).toList());
        for (Popularity item : popular) {
            Product product = popularProducts.get(item.productId());
            if (picks.size() < limit && product != null && !product.sensitive && !bought.contains(product.id)) {
                picks.putIfAbsent(product.id, new Pick(product, List.of(Reason.popular())));
            }
        }
        if (picks.size() < limit) {
            for (Product product : products.neutral(limit + picks.size() + bought.size())) {
                if (picks.size() < limit && !bought.contains(product.id)) {
                    picks.putIfAbsent(product.id, new Pick(product, List.of(Reason.catalog())));
                }
            }
        }
        return new ArrayList<>(picks.values());
    }

    static boolean within(String path, String category) {
        return path.equals(category) || path.startsWith(category + "/");
    }

    static String lastSegment(String category) {
        return category.substring(category.lastIndexOf('/') + 1).replace('-', ' ');
    }
}
