package dev.personalization.consent.service;

import dev.personalization.consent.repository.ConsentState;
import dev.personalization.consent.repository.PurposeVersion;
import java.time.Instant;

/** Immutable copies of what the read path needs, safe to cache and share between threads. */
public final class ConsentSnapshots {

    private ConsentSnapshots() {
    }

    /** A purpose's current version. */
    public record PurposeRef(String purpose, int version) {
        static PurposeRef of(PurposeVersion entity) {
            return new PurposeRef(entity.purpose, entity.version);
        }
    }

    /** A subject's latest decision for one purpose. */
    public record StateSnapshot(String purpose, int purposeVersion, long consentVersion, String decision,
            String reason, Instant decidedAt, Instant expiresAt) {
        static StateSnapshot of(ConsentState entity) {
            return new StateSnapshot(entity.purpose, entity.purposeVersion, entity.consentVersion, entity.decision,
                    entity.reason, entity.decidedAt, entity.expiresAt);
        }
    }
}
