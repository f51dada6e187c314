package dev.personalization.consentview.repository;

import dev.personalization.contracts.ConsentDecisionV1;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class ConsentViewRepository implements PanacheRepository<ConsentView> {

    public List<ConsentView> forPseudonym(String pseudonym) {
        return list("pseudonym = ?1 order by purpose", pseudonym);
    }

    public Optional<ConsentView> find(String pseudonym, String purpose) {
        return find("pseudonym = ?1 and purpose = ?2", pseudonym, purpose).firstResultOptional();
    }

    /**
     * Stores the decision unless a decision with the same or a higher consent version is already
     * there: decisions may arrive late or out of order, and the newest one wins. One statement, so
     * that two writers for the same key cannot interleave between a read and a write.
     *
     * @return whether the view changed
     */
    public boolean applyIfNewer(String pseudonym, ConsentDecisionV1 decision, Instant now) {
        int changed = getEntityManager().createNativeQuery("""
                INSERT INTO consent_view (pseudonym, purpose, state, consent_version, purpose_version,
                                          decided_at, expires_at, updated_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                ON CONFLICT (pseudonym, purpose) DO UPDATE SET
                    state = EXCLUDED.state,
                    consent_version = EXCLUDED.consent_version,
                    purpose_version = EXCLUDED.purpose_version,
                    decided_at = EXCLUDED.decided_at,
                    expires_at = EXCLUDED.expires_at,
                    updated_at = EXCLUDED.updated_at
                WHERE consent_view.consent_version < EXCLUDED.consent_version
                """)
                .setParameter(1, pseudonym)
                .setParameter(2, decision.purpose())
                .setParameter(3, decision.state())
                .setParameter(4, decision.consentVersion())
                .setParameter(5, decision.purposeVersion())
                .setParameter(6, Timestamp.from(decision.decidedAt()))
                .setParameter(7, decision.expiresAt() == null ? null : Timestamp.from(decision.expiresAt()))
                .setParameter(8, Timestamp.from(now))
                .executeUpdate();
        return changed > 0;
    }
}
