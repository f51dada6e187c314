package dev.personalization.recommendation.service;

import dev.personalization.recommendation.ranking.ItemModels;
import dev.personalization.recommendation.ranking.ItemNeighbours;
import dev.personalization.recommendation.repository.ModelInputRepository.ItemFeature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns the discover model's item-item weights from the item-level features the service holds (bought and
 * viewed products of every consenting subject, already minimized and windowed by profile-service): EASE,
 * as evaluated, with each subject-item entry weighted 1/2 per half-life of its age. k-anonymous: an item
 * fewer than k distinct subjects bought or viewed is left out of the matrix altogether, so it neither
 * receives nor gives weight. The dense inverse is O(n^3): at most {@code maxItems} items (those most
 * subjects hold) enter it. Pure logic.
 */
public final class SimilarityTraining {

    /** The learnt model over its own items: {@code neighbours} is indexed by position in {@code items}. */
    public record Trained(String[] items, ItemNeighbours neighbours, int subjects) {
        public static final Trained NONE = new Trained(new String[0], ItemNeighbours.truncate(new double[0][0], 0), 0);
    }

    /**
     * @param minSubjects   k
     * @param maxItems      the most items that enter the matrix
     * @param lambda        EASE's ridge
     * @param neighbours    neighbours kept per item
     * @param recencyHalfLife age at which a subject-item entry weighs half
     * @param viewWeight    weight of a viewed (not bought) item next to a bought one
     */
    public record Settings(int minSubjects, int maxItems, double lambda, int neighbours, Duration recencyHalfLife,
                           double viewWeight) {
    }

    private SimilarityTraining() {
    }

    public static Trained train(List<ItemFeature> features, Instant now, Settings settings) {
        Map<String, Map<String, Double>> bySubject = new LinkedHashMap<>();
        double halfLifeDays = settings.recencyHalfLife().toSeconds() / 86_400.0;
        for (ItemFeature feature : features) {
            double age = Math.max(0, Duration.between(feature.lastSeen(), now).toSeconds() / 86_400.0);
            double weight = Math.pow(0.5, age / halfLifeDays)
                    * (FeatureKinds.PURCHASED_PRODUCT.equals(feature.kind()) ? 1 : settings.viewWeight());
            bySubject.computeIfAbsent(feature.pseudonym(), p -> new HashMap<>()).merge(feature.item(), weight, Math::max);
        }
        Map<String, Integer> holders = new HashMap<>();
        bySubject.values().forEach(items -> items.keySet().forEach(item -> holders.merge(item, 1, Integer::sum)));
        List<String> kept = holders.entrySet().stream().filter(e -> e.getValue() >= settings.minSubjects())
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(settings.maxItems()).map(Map.Entry::getKey).sorted().toList();
        if (kept.isEmpty()) {
            return Trained.NONE;
        }
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < kept.size(); i++) {
            position.put(kept.get(i), i);
        }
        List<int[]> subjectItems = new ArrayList<>();
        List<double[]> weights = new ArrayList<>();
        for (Map<String, Double> items : bySubject.values()) {
            List<Map.Entry<String, Double>> usable = items.entrySet().stream()
                    .filter(e -> position.containsKey(e.getKey())).toList();
            if (usable.isEmpty()) {
                continue;
            }
            int[] ids = new int[usable.size()];
            double[] w = new double[usable.size()];
            for (int k = 0; k < ids.length; k++) {
                ids[k] = position.get(usable.get(k).getKey());
                w[k] = usable.get(k).getValue();
            }
            subjectItems.add(ids);
            weights.add(w);
        }
        double[][] gram = ItemModels.cooccurrence(kept.size(), subjectItems.toArray(int[][]::new),
                weights.toArray(double[][]::new));
        ItemNeighbours model = ItemModels.ease(gram, settings.lambda(), settings.neighbours());
        return new Trained(kept.toArray(String[]::new), model, subjectItems.size());
    }
}
