package dev.personalization.recommendation.eval;

/**
 * Top-10 quality of one ranker in one column, averaged over the subjects that have something to find.
 *
 * @param coverage share of the catalog that appears in at least one subject's top 10
 */
public record Metrics(double hitRate, double ndcg, double recall, double coverage, int subjects) {
}
