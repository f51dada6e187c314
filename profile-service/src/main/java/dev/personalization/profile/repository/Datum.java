package dev.personalization.profile.repository;

import java.time.Instant;

/** A stored datum (a row of profile_datum); its score is as of {@code lastSeen}. */
public record Datum(String purpose, String kind, String item, String source, double score, long consentVersion,
        Instant firstSeen, Instant lastSeen, Instant expiresAt) {
}
