package dev.personalization.recommendation.rest;

import dev.personalization.kit.problem.ProblemException;
import dev.personalization.recommendation.config.RecommendationConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** The {@code limit} query parameter of the outputs: 1 to the configured maximum, a default when absent. */
@ApplicationScoped
public class Limits {

    private final RecommendationConfig config;

    public Limits(RecommendationConfig config) {
        this.config = config;
    }

    public int of(String limit) {
        if (limit == null) {
            return config.outputs().defaultLimit();
        }
        int max = config.outputs().maxLimit();
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("limit", "limit must be a whole number from 1 to " + max);
    }
}
