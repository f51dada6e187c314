package dev.personalization.recommendation.eval;

import dev.personalization.recommendation.ranking.BuyAgainRanker;
import dev.personalization.recommendation.ranking.DiscoverRanker;
import dev.personalization.recommendation.ranking.ItemModels;
import dev.personalization.recommendation.ranking.ItemNeighbours;
import dev.personalization.recommendation.ranking.Popularity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The offline evaluator: {@code --train FILE --test FILE} or {@code --data FILE --split-at YYYY-MM-DD},
 * optional {@code --json OUT} and {@code --curve OUT.png}. Prints the table (markdown) to standard output.
 */
public final class EvalCli {

    /** Item-level window of the minimized profile, in days. */
    public static final double MINIMIZED_ITEM_WINDOW_DAYS = 90;
    /** Half-life of category affinities and price band shares in every profile. */
    public static final double CATEGORY_HALF_LIFE_DAYS = 90;
    static final double EASE_LAMBDA = 150;
    /** Window of the popularity used by discover and as the buy-again trend, in days. */
    static final double POPULARITY_DAYS = 14;
    static final double EASE_RECENCY_HALF_LIFE_DAYS = 30;
    static final int EASE_NEIGHBOURS = 1000;
    static final int KNN_NEIGHBOURS = 50;
    /** profile-service's purchases retention: the live model learns from nothing older. */
    static final double LIVE_WINDOW_DAYS = 180;
    static final double[] CURVE_WINDOWS = {0, 7, 14, 30, 60, 90, 180, Double.POSITIVE_INFINITY};

    private EvalCli() {
    }

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("eval: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(Options.USAGE);
            return;
        }
        long started = System.nanoTime();
        OfflineEvaluation evaluation = options.load();
        Report report = run(evaluation, options.curve() != null);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.print(report.markdown());
        System.out.printf(Locale.ROOT, "%nrun time %.1f s%n", seconds);
        if (options.json() != null) {
            Files.writeString(options.json(), report.json(), StandardCharsets.UTF_8);
        }
        if (options.curve() != null) {
            PrivacyUtilityCurve.write(report.curve(), options.curve());
        }
    }

    /** Every row of the table, and the curve points when asked for. */
    public static Report run(OfflineEvaluation evaluation, boolean withCurve) {
        int n = evaluation.catalog().size();
        int[] buyers = evaluation.buyers();
        double[] allLines = evaluation.lines();
        double[] recentLines = evaluation.linesInLastDays(30);
        List<EvaluationResult> rows = new ArrayList<>();
        // baselines: the score is the primary count, distinct buyers break ties (< 10,000 customers)
        rows.add(evaluation.evaluate("popularity, all train", "nothing", s -> tieBroken(allLines, buyers)));
        rows.add(evaluation.evaluate("popularity, last 30 days", "nothing", s -> tieBroken(recentLines, buyers)));
        rows.add(evaluation.evaluate("repeat purchases", "all bought items",
                s -> tieBroken(evaluation.lineCounts(s), buyers)));

        double[][] gram = ItemModels.cooccurrence(n, evaluation.subjectItems());
        ItemNeighbours cosine = ItemModels.cosine(gram, KNN_NEIGHBOURS);
        rows.add(evaluation.evaluate("item-kNN (cosine, " + KNN_NEIGHBOURS + " neighbours)", "all bought items", s -> {
            double[] scores = new double[n];
            for (int item : evaluation.subjectItems()[s]) {
                cosine.accumulate(item, 1, scores);
            }
            return tieBroken(scores, buyers);
        }));
        gram = null;

        ItemNeighbours ease = ItemModels.ease(ItemModels.cooccurrence(n, evaluation.subjectItems(),
                evaluation.recencyWeights(EASE_RECENCY_HALF_LIFE_DAYS)), EASE_LAMBDA, EASE_NEIGHBOURS);
        Popularity popularity = Popularity.of(evaluation.linesInLastDays(POPULARITY_DAYS), buyers, Popularity.DEFAULT_K);
        DiscoverRanker discover = new DiscoverRanker(evaluation.catalog(), ease, popularity,
                DiscoverRanker.Settings.defaults());
        BuyAgainRanker buyAgain = new BuyAgainRanker(discover, popularity, BuyAgainRanker.Settings.defaults());

        double all = Double.POSITIVE_INFINITY;
        rows.add(evaluation.evaluate("service buy again, full history", kept(all, true),
                s -> buyAgain.scores(evaluation.profile(s, all, true, CATEGORY_HALF_LIFE_DAYS))));
        rows.add(evaluation.evaluate("service discover, full history", kept(all, true),
                s -> discover.scores(evaluation.profile(s, all, true, CATEGORY_HALF_LIFE_DAYS))));
        double window = MINIMIZED_ITEM_WINDOW_DAYS;
        rows.add(evaluation.evaluate("service buy again, minimized profile", kept(window, true),
                s -> buyAgain.scores(evaluation.profile(s, window, true, CATEGORY_HALF_LIFE_DAYS))));
        rows.add(evaluation.evaluate("service discover, minimized profile", kept(window, true),
                s -> discover.scores(evaluation.profile(s, window, true, CATEGORY_HALF_LIFE_DAYS))));

        // the model as the live service learns it (RecommendationModel / SimilarityTraining): only what the
        // profiles hold (bought items of the purchases retention window) and only items k subjects hold
        DiscoverRanker liveDiscover = new DiscoverRanker(evaluation.catalog(), liveModel(evaluation), popularity,
                DiscoverRanker.Settings.defaults());
        BuyAgainRanker liveBuyAgain = new BuyAgainRanker(liveDiscover, popularity, BuyAgainRanker.Settings.defaults());
        String live = kept(window, true) + "; model learnt from k-anonymous " + (int) LIVE_WINDOW_DAYS + "-day profiles";
        rows.add(evaluation.evaluate("live service buy again, minimized profile", live,
                s -> liveBuyAgain.scores(evaluation.profile(s, window, true, CATEGORY_HALF_LIFE_DAYS))));
        rows.add(evaluation.evaluate("live service discover, minimized profile", live,
                s -> liveDiscover.scores(evaluation.profile(s, window, true, CATEGORY_HALF_LIFE_DAYS))));

        List<Report.CurvePoint> curve = new ArrayList<>();
        if (withCurve) {
            for (boolean categories : new boolean[]{true, false}) {
                for (double days : CURVE_WINDOWS) {
                    if (days == 0 && !categories) {
                        continue;
                    }
                    EvaluationResult buy = evaluation.evaluate("buy again", kept(days, categories),
                            s -> buyAgain.scores(evaluation.profile(s, days, categories, CATEGORY_HALF_LIFE_DAYS)));
                    EvaluationResult find = evaluation.evaluate("discover", kept(days, categories),
                            s -> discover.scores(evaluation.profile(s, days, categories, CATEGORY_HALF_LIFE_DAYS)));
                    curve.add(new Report.CurvePoint(days, categories, buy.allItems().ndcg(), find.newItems().ndcg()));
                }
            }
        }
        return new Report(evaluation, rows, curve);
    }

    /**
     * EASE as the live service trains it: each subject's items of the last {@link #LIVE_WINDOW_DAYS} (what
     * profile-service keeps under the purchases purpose), items fewer than k subjects hold left out.
     */
    static ItemNeighbours liveModel(OfflineEvaluation evaluation) {
        int[][] items = evaluation.subjectItems();
        double[][] weights = evaluation.recencyWeights(EASE_RECENCY_HALF_LIFE_DAYS);
        double held = Math.pow(0.5, LIVE_WINDOW_DAYS / EASE_RECENCY_HALF_LIFE_DAYS);
        int[] holders = new int[evaluation.catalog().size()];
        for (int s = 0; s < items.length; s++) {
            for (int k = 0; k < items[s].length; k++) {
                holders[items[s][k]] += weights[s][k] >= held ? 1 : 0;
            }
        }
        int[][] keptItems = new int[items.length][];
        double[][] keptWeights = new double[items.length][];
        for (int s = 0; s < items.length; s++) {
            int n = 0;
            int[] ids = new int[items[s].length];
            double[] w = new double[items[s].length];
            for (int k = 0; k < items[s].length; k++) {
                if (weights[s][k] >= held && holders[items[s][k]] >= Popularity.DEFAULT_K) {
                    ids[n] = items[s][k];
                    w[n++] = weights[s][k];
                }
            }
            keptItems[s] = Arrays.copyOf(ids, n);
            keptWeights[s] = Arrays.copyOf(w, n);
        }
        return ItemModels.ease(ItemModels.cooccurrence(evaluation.catalog().size(), keptItems, keptWeights),
                EASE_LAMBDA, EASE_NEIGHBOURS);
    }

    static String kept(double itemWindowDays, boolean categories) {
        String items = itemWindowDays == 0 ? "no item ids"
                : Double.isInfinite(itemWindowDays) ? "all bought items"
                : String.format(Locale.ROOT, "bought items of the last %.0f days", itemWindowDays);
        return categories ? items + " + decayed category affinities and price bands" : items;
    }

    private static double[] tieBroken(double[] primary, int[] buyers) {
        double[] scores = new double[primary.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = primary[i] * 10_000 + buyers[i];
        }
        return scores;
    }

    record Options(Path train, Path test, Path data, LocalDateTime splitAt, LocalDateTime until, Path json, Path curve,
                   boolean help) {

        static final String USAGE = """
                usage: eval --train FILE --test FILE [--json OUT] [--curve OUT.png]
                       eval --data FILE --split-at YYYY-MM-DD [--until YYYY-MM-DD] [--json OUT] [--curve OUT.png]
                  files are Online Retail CSV (customer_id,stock_code,description,quantity,unit_price,
                  invoice_ts,country), plain or .xz; --split-at puts rows before the date in train, the rest in test
                  (only rows before --until, if given: e.g. a validation month before the test month)""";

        static Options parse(String[] args) {
            Path train = null;
            Path test = null;
            Path data = null;
            LocalDateTime splitAt = null;
            LocalDateTime until = null;
            Path json = null;
            Path curve = null;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--help") || flag.equals("-h")) {
                    return new Options(null, null, null, null, null, null, null, true);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--train" -> train = Path.of(value);
                    case "--test" -> test = Path.of(value);
                    case "--data" -> data = Path.of(value);
                    case "--split-at" -> splitAt = date(flag, value);
                    case "--until" -> until = date(flag, value);
                    case "--json" -> json = Path.of(value);
                    case "--curve" -> curve = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            boolean pair = train != null && test != null && data == null && splitAt == null && until == null;
            boolean split = data != null && splitAt != null && train == null && test == null
                    && (until == null || until.isAfter(splitAt));
            if (!pair && !split) {
                throw new IllegalArgumentException(
                        "give either --train and --test, or --data and --split-at (and --until after it)");
            }
            return new Options(train, test, data, splitAt, until, json, curve, false);
        }

        private static LocalDateTime date(String flag, String value) {
            try {
                return LocalDate.parse(value).atStartOfDay();
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException(flag + " takes a date YYYY-MM-DD");
            }
        }

        OfflineEvaluation load() {
            if (data != null) {
                List<RetailRow> rows = RetailCsv.read(data);
                return new OfflineEvaluation(rows.stream().filter(r -> r.at().isBefore(splitAt)).toList(),
                        rows.stream().filter(r -> !r.at().isBefore(splitAt))
                                .filter(r -> until == null || r.at().isBefore(until)).toList());
            }
            return new OfflineEvaluation(RetailCsv.read(train), RetailCsv.read(test));
        }
    }
}
