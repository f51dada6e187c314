package dev.personalization.profile.service;

import java.time.Duration;
import java.time.Instant;

/** Exponential decay of a score: a score seen one half-life ago weighs half. */
public final class Decay {

    private Decay() {
    }

    /** The score given as of {@code from}, decayed to {@code to} (never grown: a later {@code from} keeps it). */
    public static double to(double score, Instant from, Instant to, double halfLifeSeconds) {
        long seconds = Duration.between(from, to).getSeconds();
        if (seconds <= 0) {
            return score;
        }
        return score * Math.pow(0.5, seconds / halfLifeSeconds);
    }
}
