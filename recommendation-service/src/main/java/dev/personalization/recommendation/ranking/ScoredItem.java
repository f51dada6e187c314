package dev.personalization.recommendation.ranking;

/** A ranked item and the score it was ranked by (comparable only within one ranking). */
public record ScoredItem(String itemId, double score) {
}
