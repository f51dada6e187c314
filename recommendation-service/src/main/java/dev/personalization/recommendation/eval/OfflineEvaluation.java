package dev.personalization.recommendation.eval;

import dev.personalization.recommendation.catalog.taxonomy.CategoryTaxonomy;
import dev.personalization.recommendation.catalog.taxonomy.PriceBand;
import dev.personalization.recommendation.ranking.BuyAgainRanker;
import dev.personalization.recommendation.ranking.CatalogItem;
import dev.personalization.recommendation.ranking.ItemCatalog;
import dev.personalization.recommendation.ranking.PurchasedItem;
import dev.personalization.recommendation.ranking.SubjectProfile;
import dev.personalization.recommendation.ranking.TopItems;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * The offline protocol. The catalog is every stock code of the train rows; warm subjects are the test
 * customers who also appear in train; each gets the whole catalog ranked; an item is relevant if the
 * customer bought it in the test rows (items outside the catalog cannot be ranked and are not counted).
 * Two columns: all items, and new items only (items the customer bought in train are excluded from the
 * ranking and from the truth; subjects with nothing new to find are left out of that column).
 */
public final class OfflineEvaluation {

    public static final int CUTOFF = 10;
    private static final double SECONDS_PER_DAY = 86_400.0;

    private final ItemCatalog catalog;
    private final long asOf;
    private final int[] customerIds;
    /** per train subject: distinct items, purchase lines of each, last purchase (epoch seconds). */
    private final int[][] items;
    private final int[][] lines;
    private final long[][] last;
    /** per train subject: every purchase line as (item, epoch seconds), oldest first. */
    private final int[][] lineItems;
    private final long[][] lineTimes;
    private final int[] warm;
    private final int[][] truthAll;
    private final int[][] truthNew;
    private final int[] buyers;
    private final double[] trainLines;

    public OfflineEvaluation(List<RetailRow> trainRows, List<RetailRow> testRows) {
        List<RetailRow> train = RetailCsv.productsOnly(trainRows);
        List<RetailRow> test = RetailCsv.productsOnly(testRows);
        if (train.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException("train and test must each hold product rows");
        }
        // catalog: stock codes in code order; description and price from the latest train row of each
        Map<String, RetailRow> latest = new TreeMap<>();
        long maxTime = Long.MIN_VALUE;
        for (RetailRow row : train) {
            latest.merge(row.stockCode(), row, (a, b) -> b.at().isBefore(a.at()) ? a : b);
            maxTime = Math.max(maxTime, seconds(row));
        }
        List<CatalogItem> catalogItems = new ArrayList<>(latest.size());
        latest.forEach((code, row) -> catalogItems.add(new CatalogItem(code,
                CategoryTaxonomy.categoryOf(row.description()), PriceBand.of(row.unitPrice()))));
        catalog = ItemCatalog.of(catalogItems);
        asOf = maxTime;

        TreeMap<Integer, List<RetailRow>> byCustomer = new TreeMap<>();
        for (RetailRow row : train) {
            byCustomer.computeIfAbsent(row.customerId(), c -> new ArrayList<>()).add(row);
        }
        int subjects = byCustomer.size();
        customerIds = new int[subjects];
        items = new int[subjects][];
        lines = new int[subjects][];
        last = new long[subjects][];
        lineItems = new int[subjects][];
        lineTimes = new long[subjects][];
        buyers = new int[catalog.size()];
        trainLines = new double[catalog.size()];
        Map<Integer, Integer> subjectOf = new HashMap<>();
        int s = 0;
        for (Map.Entry<Integer, List<RetailRow>> entry : byCustomer.entrySet()) {
            List<RetailRow> rows = new ArrayList<>(entry.getValue());
            rows.sort((a, b) -> a.at().compareTo(b.at()));
            customerIds[s] = entry.getKey();
            subjectOf.put(entry.getKey(), s);
            TreeMap<Integer, long[]> perItem = new TreeMap<>();
            lineItems[s] = new int[rows.size()];
            lineTimes[s] = new long[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                int item = catalog.indexOf(rows.get(r).stockCode());
                long time = seconds(rows.get(r));
                lineItems[s][r] = item;
                lineTimes[s][r] = time;
                long[] stats = perItem.computeIfAbsent(item, i -> new long[2]);
                stats[0]++;
                stats[1] = Math.max(stats[1], time);
                trainLines[item]++;
            }
            items[s] = new int[perItem.size()];
            lines[s] = new int[perItem.size()];
            last[s] = new long[perItem.size()];
            int k = 0;
            for (Map.Entry<Integer, long[]> item : perItem.entrySet()) {
                items[s][k] = item.getKey();
                lines[s][k] = (int) item.getValue()[0];
                last[s][k] = item.getValue()[1];
                buyers[item.getKey()]++;
                k++;
            }
            s++;
        }

        TreeMap<Integer, TreeSet<Integer>> testItems = new TreeMap<>();
        for (RetailRow row : test) {
            Integer subject = subjectOf.get(row.customerId());
            int item = catalog.indexOf(row.stockCode());
            if (subject != null && item >= 0) {
                testItems.computeIfAbsent(subject, x -> new TreeSet<>()).add(item);
            }
        }
        warm = testItems.keySet().stream().mapToInt(Integer::intValue).toArray();
        truthAll = new int[warm.length][];
        truthNew = new int[warm.length][];
        for (int w = 0; w < warm.length; w++) {
            int[] bought = items[warm[w]];
            truthAll[w] = testItems.get(warm[w]).stream().mapToInt(Integer::intValue).toArray();
            truthNew[w] = Arrays.stream(truthAll[w]).filter(i -> Arrays.binarySearch(bought, i) < 0).toArray();
        }
    }

    private static long seconds(RetailRow row) {
        return row.at().toEpochSecond(ZoneOffset.UTC);
    }

    public ItemCatalog catalog() {
        return catalog;
    }

    /** The moment rankings are made for: the last train purchase. */
    public Instant asOf() {
        return Instant.ofEpochSecond(asOf);
    }

    public int trainSubjects() {
        return customerIds.length;
    }

    public int warmSubjects() {
        return warm.length;
    }

    /** Train subjects' distinct items, by subject index (catalog positions, ascending). */
    public int[][] subjectItems() {
        return items;
    }

    /** Per catalog position, how many distinct train subjects bought it. */
    public int[] buyers() {
        return buyers.clone();
    }

    /** Per catalog position, train purchase lines at or after {@code days} before {@link #asOf()}. */
    public double[] linesInLastDays(double days) {
        double[] counts = new double[catalog.size()];
        long from = asOf - (long) (days * SECONDS_PER_DAY);
        for (int s = 0; s < lineItems.length; s++) {
            for (int r = 0; r < lineItems[s].length; r++) {
                if (lineTimes[s][r] >= from) {
                    counts[lineItems[s][r]]++;
                }
            }
        }
        return counts;
    }

    /**
     * A subject's purchase lines per item within the last {@code windowDays}, each weighted 1/2 per
     * {@code halfLifeDays} of age: the replenishment signal a profile can keep as one number per item.
     */
    public double[] decayedLineCounts(int subject, double windowDays, double halfLifeDays) {
        double[] counts = new double[catalog.size()];
        long from = Double.isInfinite(windowDays) ? Long.MIN_VALUE : asOf - (long) (windowDays * SECONDS_PER_DAY);
        for (int r = 0; r < lineItems[subject].length; r++) {
            long time = lineTimes[subject][r];
            if (time >= from) {
                counts[lineItems[subject][r]] += Math.pow(0.5, (asOf - time) / SECONDS_PER_DAY / halfLifeDays);
            }
        }
        return counts;
    }

    /** Per train subject and item (aligned with {@link #subjectItems()}): 1/2 per half-life of the last purchase's age. */
    public double[][] recencyWeights(double halfLifeDays) {
        double[][] weights = new double[items.length][];
        for (int s = 0; s < items.length; s++) {
            weights[s] = new double[items[s].length];
            for (int k = 0; k < items[s].length; k++) {
                weights[s][k] = Math.pow(0.5, (asOf - last[s][k]) / SECONDS_PER_DAY / halfLifeDays);
            }
        }
        return weights;
    }

    /** Per catalog position, all train purchase lines. */
    public double[] lines() {
        return trainLines.clone();
    }

    /** A subject's purchase lines per item over the whole train period (0 for items never bought). */
    public double[] lineCounts(int subject) {
        double[] counts = new double[catalog.size()];
        for (int k = 0; k < items[subject].length; k++) {
            counts[items[subject][k]] = lines[subject][k];
        }
        return counts;
    }

    /**
     * What the profile of a subject would hold: bought items of the last {@code itemWindowDays} (0: none,
     * infinite: all), and, if asked, category affinities and price band shares decayed with
     * {@code categoryHalfLifeDays} over the whole history.
     */
    public SubjectProfile profile(int subject, double itemWindowDays, boolean categories, double categoryHalfLifeDays) {
        Instant now = asOf();
        long from = Double.isInfinite(itemWindowDays) ? Long.MIN_VALUE : asOf - (long) (itemWindowDays * SECONDS_PER_DAY);
        Map<Integer, int[]> counts = new LinkedHashMap<>();
        Map<Integer, Double> decayed = new HashMap<>();
        Map<Integer, Long> lastTimes = new HashMap<>();
        Map<String, Double> affinities = new HashMap<>();
        Map<PriceBand, Double> bands = new HashMap<>();
        double total = 0;
        double orders = 0;
        long lastOrder = Long.MIN_VALUE;
        for (int r = 0; r < lineItems[subject].length; r++) {
            int item = lineItems[subject][r];
            long time = lineTimes[subject][r];
            if (itemWindowDays > 0 && time >= from) {
                // an order is a customer's lines with one invoice time (the files carry no invoice number);
                // lines come oldest first, so a new time starts a new order
                if (time != lastOrder) {
                    orders += Math.pow(0.5, (asOf - time) / SECONDS_PER_DAY / BuyAgainRanker.PROFILE_HALF_LIFE_DAYS);
                    lastOrder = time;
                }
                // the same item on two lines of one order is one order of it
                Long previous = lastTimes.put(item, time);
                if (previous == null) {
                    counts.put(item, new int[]{1});
                    decayed.put(item, 1.0);
                } else if (previous != time) {
                    counts.get(item)[0]++;
                    double kept = decayed.get(item);
                    decayed.put(item, kept * Math.pow(0.5, (time - previous) / SECONDS_PER_DAY
                            / BuyAgainRanker.PROFILE_HALF_LIFE_DAYS) + 1);
                }
            }
            if (categories) {
                double weight = Math.pow(0.5, (asOf - time) / SECONDS_PER_DAY / categoryHalfLifeDays);
                affinities.merge(catalog.category(item), weight, Double::sum);
                bands.merge(catalog.priceBand(item), weight, Double::sum);
                total += weight;
            }
        }
        if (total > 0) {
            double sum = total;
            affinities.replaceAll((k, v) -> v / sum);
            bands.replaceAll((k, v) -> v / sum);
        }
        List<PurchasedItem> purchases = new ArrayList<>(counts.size());
        counts.forEach((item, count) -> purchases.add(new PurchasedItem(catalog.id(item), count[0],
                Instant.ofEpochSecond(lastTimes.get(item)), Math.min(count[0], decayed.get(item)))));
        return new SubjectProfile(now, purchases, affinities, bands, List.of(), orders);
    }

    /** Measures a ranker given as a score array per train subject index. */
    public EvaluationResult evaluate(String name, String kept, IntFunction<double[]> scorer) {
        int n = warm.length;
        double[][] perSubject = new double[n][];
        int[][] topAll = new int[n][];
        int[][] topNew = new int[n][];
        IntStream.range(0, n).parallel().forEach(w -> {
            int subject = warm[w];
            double[] scores = scorer.apply(subject);
            int[] bought = items[subject];
            topAll[w] = TopItems.select(scores, CUTOFF, i -> false);
            topNew[w] = TopItems.select(scores, CUTOFF, i -> Arrays.binarySearch(bought, i) >= 0);
            perSubject[w] = new double[6];
            score(topAll[w], truthAll[w], perSubject[w], 0);
            score(topNew[w], truthNew[w], perSubject[w], 3);
        });
        return new EvaluationResult(name, kept, average(perSubject, topAll, truthAll, 0),
                average(perSubject, topNew, truthNew, 3));
    }

    private static void score(int[] top, int[] truth, double[] out, int at) {
        if (truth.length == 0) {
            return;
        }
        int hits = 0;
        double dcg = 0;
        for (int rank = 0; rank < top.length; rank++) {
            if (Arrays.binarySearch(truth, top[rank]) >= 0) {
                hits++;
                dcg += 1 / log2(rank + 2);
            }
        }
        double ideal = 0;
        for (int rank = 0; rank < Math.min(CUTOFF, truth.length); rank++) {
            ideal += 1 / log2(rank + 2);
        }
        out[at] = hits > 0 ? 1 : 0;
        out[at + 1] = dcg / ideal;
        out[at + 2] = (double) hits / truth.length;
    }

    private Metrics average(double[][] perSubject, int[][] tops, int[][] truths, int at) {
        double hr = 0;
        double ndcg = 0;
        double recall = 0;
        int counted = 0;
        BitSet shown = new BitSet(catalog.size());
        for (int w = 0; w < perSubject.length; w++) {
            if (truths[w].length == 0) {
                continue;
            }
            counted++;
            hr += perSubject[w][at];
            ndcg += perSubject[w][at + 1];
            recall += perSubject[w][at + 2];
            for (int item : tops[w]) {
                shown.set(item);
            }
        }
        double c = Math.max(1, counted);
        return new Metrics(hr / c, ndcg / c, recall / c, (double) shown.cardinality() / catalog.size(), counted);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
