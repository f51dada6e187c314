package dev.personalization.profile.service;

import java.util.Locale;
import java.util.Optional;

/** The kinds of activity intake takes, each allowed by exactly one purpose. */
public enum ActivityType {
    VIEW("browsing"),
    PURCHASE("purchases"),
    SEARCH("search");

    private final String purpose;

    ActivityType(String purpose) {
        this.purpose = purpose;
    }

    public String purpose() {
        return purpose;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ActivityType> of(String label) {
        for (ActivityType type : values()) {
            if (type.label().equals(label)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
