package dev.personalization.recommendation.eval;

/**
 * One row of the table: a ranker measured over all items and over new items only.
 *
 * @param kept what the ranker knows about a subject (the privacy side of the curve)
 */
public record EvaluationResult(String name, String kept, Metrics allItems, Metrics newItems) {
}
