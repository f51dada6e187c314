package dev.personalization.recommendation.eval;

import java.util.List;
import java.util.Locale;

/** The evaluation's table (markdown), its JSON form, and the points of the privacy-utility curve. */
public record Report(OfflineEvaluation evaluation, List<EvaluationResult> rows, List<CurvePoint> curve) {

    /**
     * @param itemWindowDays days of bought item ids kept (0: none, infinite: all)
     * @param categories     whether decayed category affinities and price bands are kept
     */
    public record CurvePoint(double itemWindowDays, boolean categories, double buyAgainNdcg, double discoverNdcg) {
    }

    public EvaluationResult row(String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    public String markdown() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "catalog %d items, %d train customers, %d warm test customers, as of %s%n%n",
                evaluation.catalog().size(), evaluation.trainSubjects(), evaluation.warmSubjects(), evaluation.asOf()));
        text.append("| ranker | HR@10 | NDCG@10 | recall@10 | coverage | HR@10 new | NDCG@10 new | recall@10 new | coverage new |\n");
        text.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (EvaluationResult row : rows) {
            Metrics a = row.allItems();
            Metrics n = row.newItems();
            text.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |%n",
                    row.name(), a.hitRate(), a.ndcg(), a.recall(), a.coverage(), n.hitRate(), n.ndcg(), n.recall(),
                    n.coverage()));
        }
        if (!curve.isEmpty()) {
            text.append("\n| item ids kept | categories kept | buy again NDCG@10 (all) | discover NDCG@10 (new) |\n");
            text.append("|---|---|---:|---:|\n");
            for (CurvePoint point : curve) {
                text.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f |%n", window(point.itemWindowDays()),
                        point.categories() ? "yes" : "no", point.buyAgainNdcg(), point.discoverNdcg()));
            }
        }
        return text.toString();
    }

    static String window(double days) {
        return days == 0 ? "none" : Double.isInfinite(days) ? "all" : String.format(Locale.ROOT, "%.0f days", days);
    }

    public String json() {
        StringBuilder text = new StringBuilder("{\n");
        text.append(String.format(Locale.ROOT, "  \"catalogItems\": %d,%n  \"trainCustomers\": %d,%n  \"warmCustomers\": %d,%n  \"asOf\": \"%s\",%n  \"cutoff\": %d,%n  \"rows\": [%n",
                evaluation.catalog().size(), evaluation.trainSubjects(), evaluation.warmSubjects(), evaluation.asOf(),
                OfflineEvaluation.CUTOFF));
        for (int i = 0; i < rows.size(); i++) {
            EvaluationResult row = rows.get(i);
            text.append(String.format(Locale.ROOT, "    {\"name\": \"%s\", \"kept\": \"%s\", \"all\": %s, \"new\": %s}%s%n",
                    row.name(), row.kept(), metrics(row.allItems()), metrics(row.newItems()), i + 1 < rows.size() ? "," : ""));
        }
        text.append("  ],\n  \"curve\": [\n");
        for (int i = 0; i < curve.size(); i++) {
            CurvePoint p = curve.get(i);
            text.append(String.format(Locale.ROOT, "    {\"itemWindowDays\": %s, \"categories\": %b, \"buyAgainNdcg\": %.4f, \"discoverNdcg\": %.4f}%s%n",
                    Double.isInfinite(p.itemWindowDays()) ? "null" : String.format(Locale.ROOT, "%.0f", p.itemWindowDays()),
                    p.categories(), p.buyAgainNdcg(), p.discoverNdcg(), i + 1 < curve.size() ? "," : ""));
        }
        return text.append("  ]\n}\n").toString();
    }

    private static String metrics(Metrics m) {
        return String.format(Locale.ROOT, "{\"hr\": %.4f, \"ndcg\": %.4f, \"recall\": %.4f, \"coverage\": %.4f, \"subjects\": %d}",
                m.hitRate(), m.ndcg(), m.recall(), m.coverage(), m.subjects());
    }
}
