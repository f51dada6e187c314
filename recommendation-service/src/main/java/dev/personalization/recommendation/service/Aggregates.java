package dev.personalization.recommendation.service;

import dev.personalization.recommendation.config.RecommendationConfig;
import dev.personalization.recommendation.repository.AggregateRepository;
import dev.personalization.recommendation.repository.AggregateRepository.PairDelta;
import dev.personalization.recommendation.repository.AggregateRepository.Popularity;
import dev.personalization.recommendation.repository.AggregateRepository.PopularityDelta;
import dev.personalization.recommendation.repository.FeatureRepository;
import dev.personalization.recommendation.repository.FeatureRepository.FeatureRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps the aggregates (popularity, co-purchases) equal to what the held features say, by applying the
 * difference of one subject's contribution before and after each change of their features, in the changing
 * transaction. Each subject counts once per product, with a capped contribution: no one shopper can make a
 * product popular, and a product needs k distinct subjects to be shown as popular at all.
 */
@ApplicationScoped
public class Aggregates {

    /** One subject's contribution: capped units per product, and the pairs of products they bought. */
    public record Contribution(Map<String, Long> popularity, Set<String> pairs) {
    }

    /** The aggregates as numbers: products' (subjects, units) and pairs' subjects. */
    public record Totals(Map<String, List<Long>> popularity, Map<String, Integer> pairs) {
    }

    private final AggregateRepository aggregates;
    private final FeatureRepository features;
    private final RecommendationConfig config;

    public Aggregates(AggregateRepository aggregates, FeatureRepository features, RecommendationConfig config) {
        this.aggregates = aggregates;
        this.features = features;
        this.config = config;
    }

    /** What the subject's features add to the aggregates. */
    public Contribution contribution(List<FeatureRow> held) {
        long cap = Math.round(config.aggregates().contributionCap() * 1000);
        Map<String, Long> units = new TreeMap<>();
        Map<String, Double> bought = new HashMap<>();
        for (FeatureRow feature : held) {
            if (FeatureKinds.PURCHASED_PRODUCT.equals(feature.kind()) || FeatureKinds.VIEWED_PRODUCT.equals(feature.kind())) {
                units.merge(feature.item(), Math.max(1, Math.round(feature.weight() * 1000)), Long::sum);
            }
            if (FeatureKinds.PURCHASED_PRODUCT.equals(feature.kind())) {
                bought.merge(feature.item(), feature.weight(), Double::sum);
            }
        }
        units.replaceAll((item, value) -> Math.min(value, cap));
        List<String> top = bought.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(config.aggregates().maxPairItems())
                .map(Map.Entry::getKey).sorted().toList();
        Set<String> pairs = new HashSet<>();
        for (int i = 0; i < top.size(); i++) {
            for (int j = i + 1; j < top.size(); j++) {
                pairs.add(top.get(i) + " " + top.get(j));
            }
        }
        return new Contribution(units, pairs);
    }

    /** One subject's contribution before and after a change of their features. */
    public record Change(Contribution before, Contribution after) {
    }

    /** The rows' deltas of one or more changes, each key once. */
    record Deltas(List<PopularityDelta> popularity, List<PairDelta> pairs) {
    }

    /** Applies the change from one contribution to the next, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replace(Contribution before, Contribution after) {
        replaceAll(List.of(new Change(before, after)));
    }

    /**
     * Applies several changes in the caller's transaction at once: their deltas summed per row, then one
     * statement per table in key order. Applied one by one, they would lock rows in several rounds, each in
     * key order but not all of them together, and a concurrent change could deadlock with this transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replaceAll(List<Change> changes) {
        Deltas deltas = deltas(changes);
        aggregates.apply(deltas.popularity(), deltas.pairs());
    }

    /** The summed deltas of the changes, without the rows whose changes cancel out. */
    static Deltas deltas(List<Change> changes) {
        Map<String, long[]> products = new TreeMap<>();
        Map<String, Integer> pairs = new TreeMap<>();
        for (Change change : changes) {
            Set<String> items = new HashSet<>(change.before().popularity().keySet());
            items.addAll(change.after().popularity().keySet());
            for (String item : items) {
                Long old = change.before().popularity().get(item);
                Long now = change.after().popularity().get(item);
                long[] delta = products.computeIfAbsent(item, i -> new long[2]);
                delta[0] += (now == null ? 0 : 1) - (old == null ? 0 : 1);
                delta[1] += (now == null ? 0 : now) - (old == null ? 0 : old);
            }
            for (String pair : change.before().pairs()) {
                if (!change.after().pairs().contains(pair)) {
                    pairs.merge(pair, -1, Integer::sum);
                }
            }
            for (String pair : change.after().pairs()) {
                if (!change.before().pairs().contains(pair)) {
                    pairs.merge(pair, 1, Integer::sum);
                }
            }
        }
        List<PopularityDelta> popularity = new ArrayList<>();
        products.forEach((item, delta) -> {
            if (delta[0] != 0 || delta[1] != 0) {
                popularity.add(new PopularityDelta(item, Math.toIntExact(delta[0]), delta[1]));
            }
        });
        List<PairDelta> pairDeltas = new ArrayList<>();
        pairs.forEach((pair, subjects) -> {
            if (subjects != 0) {
                pairDeltas.add(pairDelta(pair, subjects));
            }
        });
        return new Deltas(popularity, pairDeltas);
    }

    private static PairDelta pairDelta(String pair, int subjects) {
        int space = pair.indexOf(' ');
        return new PairDelta(pair.substring(0, space), pair.substring(space + 1), subjects);
    }

    /** The aggregates as maintained, row by row. */
    @Transactional
    public Totals maintained() {
        Map<String, List<Long>> popularity = new HashMap<>();
        for (Popularity row : aggregates.allPopularity().values()) {
            popularity.put(row.productId(), List.of((long) row.subjects(), row.units()));
        }
        return new Totals(popularity, aggregates.allPairs());
    }

    /** The aggregates recomputed from scratch from every feature held now. */
    @Transactional
    public Totals recomputed() {
        Map<String, List<FeatureRow>> bySubject = new HashMap<>();
        for (FeatureRow row : features.all()) {
            bySubject.computeIfAbsent(row.pseudonym(), p -> new ArrayList<>()).add(row);
        }
        Map<String, long[]> popularity = new HashMap<>();
        Map<String, Integer> pairs = new HashMap<>();
        for (List<FeatureRow> held : bySubject.values()) {
            Contribution contribution = contribution(held);
            contribution.popularity().forEach((item, units) -> {
                long[] total = popularity.computeIfAbsent(item, i -> new long[2]);
                total[0]++;
                total[1] += units;
            });
            contribution.pairs().forEach(pair -> pairs.merge(pair, 1, Integer::sum));
        }
        Map<String, List<Long>> totals = new HashMap<>();
        popularity.forEach((item, total) -> totals.put(item, List.of(total[0], total[1])));
        return new Totals(totals, pairs);
    }
}
