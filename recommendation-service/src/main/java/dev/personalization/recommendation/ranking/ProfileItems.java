package dev.personalization.recommendation.ranking;

import java.time.Duration;
import java.time.Instant;

/** Small shared arithmetic over a profile's bought items. */
final class ProfileItems {

    private static final double SECONDS_PER_DAY = 86_400.0;

    private ProfileItems() {
    }

    /** Days from {@code then} to {@code asOf}, never negative (a clock a little ahead is not the future). */
    static double ageDays(Instant asOf, Instant then) {
        return Math.max(0, Duration.between(then, asOf).getSeconds() / SECONDS_PER_DAY);
    }

    /** 1 now, 1/2 after one half-life; an infinite half-life never decays. */
    static double decay(double ageDays, double halfLifeDays) {
        return Double.isInfinite(halfLifeDays) ? 1 : Math.pow(0.5, ageDays / halfLifeDays);
    }

    static double max(double[] values) {
        double max = 0;
        for (double value : values) {
            max = Math.max(max, value);
        }
        return max;
    }
}
