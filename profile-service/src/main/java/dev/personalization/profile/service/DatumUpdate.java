package dev.personalization.profile.service;

import java.time.Instant;

/**
 * What one batch adds to one datum of a subject: a weight as of {@code day}, first and last seen (days),
 * the consent version it was accepted under, and until when it may be kept.
 */
public record DatumUpdate(String purpose, String kind, String item, String source, double weight,
        Instant firstSeen, Instant lastSeen, long consentVersion, Instant expiresAt) {

    /** Two updates of the same datum in one batch, decayed to the later day: what two upserts would leave. */
    DatumUpdate merge(DatumUpdate other, double halfLifeSeconds) {
        Instant last = lastSeen.isAfter(other.lastSeen) ? lastSeen : other.lastSeen;
        double combined = Decay.to(weight, lastSeen, last, halfLifeSeconds)
                + Decay.to(other.weight, other.lastSeen, last, halfLifeSeconds);
        Instant first = firstSeen.isBefore(other.firstSeen) ? firstSeen : other.firstSeen;
        Instant expires = expiresAt.isAfter(other.expiresAt) ? expiresAt : other.expiresAt;
        return new DatumUpdate(purpose, kind, item, source, combined, first, last,
                Math.max(consentVersion, other.consentVersion), expires);
    }
}
