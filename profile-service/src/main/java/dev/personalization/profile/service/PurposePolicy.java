package dev.personalization.profile.service;

import dev.personalization.profile.config.ProfileConfig;
import dev.personalization.profile.config.ProfileConfig.PurposeSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The purposes the profile keeps data for, with their default retention and decay, and a shopper's shorter choice. */
@ApplicationScoped
public class PurposePolicy {

    private final Map<String, PurposeSettings> purposes;
    private final Map<String, Double> halfLifeSeconds = new HashMap<>();

    public PurposePolicy(ProfileConfig config) {
        this.purposes = Map.copyOf(config.purposes());
        for (ActivityType type : ActivityType.values()) {
            if (!purposes.containsKey(type.purpose())) {
                throw new IllegalStateException("profile.purposes." + type.purpose() + " is not configured");
            }
        }
        purposes.forEach((name, settings) -> {
            if (settings.retention().toDays() < 1 || settings.halfLife().toSeconds() < 1) {
                throw new IllegalStateException("profile.purposes." + name + ": retention must be at least a day "
                        + "and half-life at least a second");
            }
            halfLifeSeconds.put(name, (double) settings.halfLife().toSeconds());
        });
    }

    public boolean known(String purpose) {
        return purposes.containsKey(purpose);
    }

    /** The purposes in name order. */
    public List<String> names() {
        return List.copyOf(new TreeSet<>(purposes.keySet()));
    }

    public int defaultDays(String purpose) {
        return (int) purposes.get(purpose).retention().toDays();
    }

    /** The window that applies to the subject: the shorter one they chose, else the default. */
    public int days(String purpose, Map<String, Integer> choices) {
        Integer chosen = choices.get(purpose);
        int byDefault = defaultDays(purpose);
        return chosen == null ? byDefault : Math.min(chosen, byDefault);
    }

    public Duration window(String purpose, Map<String, Integer> choices) {
        return Duration.ofDays(days(purpose, choices));
    }

    public double halfLifeSeconds(String purpose) {
        return halfLifeSeconds.get(purpose);
    }

    public Map<String, Double> halfLives() {
        return halfLifeSeconds;
    }
}
