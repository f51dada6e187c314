package dev.personalization.consentview.repository;

import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

@ApplicationScoped
public class ConsentViewRepository implements PanacheRepository<ConsentView> {

    /**
     * The newest consent version wins: a decision with the same or a lower one changes nothing. A decision
     * of an erased pseudonym made before its erasure (erased_subject) changes nothing either, so that a
     * replayed grant cannot undo the erasure.
     */
    private static final String UPSERT = """
            INSERT INTO consent_view (pseudonym, purpose, state, consent_version, purpose_version,
                                      decided_at, expires_at, updated_at)
            SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS INTEGER),
                   CAST(? AS TIMESTAMPTZ), CAST(? AS TIMESTAMPTZ), CAST(? AS TIMESTAMPTZ)
            WHERE NOT EXISTS (SELECT 1 FROM erased_subject e
                              WHERE e.pseudonym = CAST(? AS VARCHAR) AND e.erased_at >= CAST(? AS TIMESTAMPTZ))
            ON CONFLICT (pseudonym, purpose) DO UPDATE SET
                state = EXCLUDED.state,
                consent_version = EXCLUDED.consent_version,
                purpose_version = EXCLUDED.purpose_version,
                decided_at = EXCLUDED.decided_at,
                expires_at = EXCLUDED.expires_at,
                updated_at = EXCLUDED.updated_at
            WHERE consent_view.consent_version < EXCLUDED.consent_version
            """;

    public List<ConsentView> forPseudonym(String pseudonym) {
        return list("pseudonym = ?1 order by purpose", pseudonym);
    }

    /** The subject's decisions, their rows locked FOR SHARE until the caller's transaction ends. */
    public List<ConsentView> lockForPseudonym(String pseudonym) {
        return find("pseudonym = :pseudonym order by purpose",
                io.quarkus.panache.common.Parameters.with("pseudonym", pseudonym))
                .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_READ).list();
    }

    public Optional<ConsentView> find(String pseudonym, String purpose) {
        return find("pseudonym = ?1 and purpose = ?2", pseudonym, purpose).firstResultOptional();
    }

    /**
     * Stores each decision, in order, unless a decision with the same or a higher consent version is
     * already there: decisions may arrive late or out of order, and the newest one wins. One statement
     * per decision, so that two writers for the same key cannot interleave between a read and a write;
     * all of them in the caller's transaction and in one round trip (a JDBC batch), each seeing the ones
     * before it.
     *
     * @return per decision, whether it changed the view
     */
    public boolean[] applyAllIfNewer(List<EventEnvelope<ConsentDecisionV1>> events, Instant now) {
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            // each subject's erasure lock, in one order (no deadlock between two such transactions): see
            // ErasedSubjectRepository.lockSubject
            try (PreparedStatement lock = connection.prepareStatement(
                    dev.personalization.consentview.erasure.ErasedSubjectRepository.LOCK_SUBJECT.replace("?1", "?"))) {
                for (String subject : new java.util.TreeSet<>(events.stream().map(EventEnvelope::subject).toList())) {
                    lock.setString(1, subject);
                    lock.executeQuery().close();
                }
            }
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                Timestamp at = Timestamp.from(now);
                for (EventEnvelope<ConsentDecisionV1> event : events) {
                    ConsentDecisionV1 decision = event.data();
                    upsert.setString(1, event.subject());
                    upsert.setString(2, decision.purpose());
                    upsert.setString(3, decision.state());
                    upsert.setLong(4, decision.consentVersion());
                    upsert.setInt(5, decision.purposeVersion());
                    upsert.setTimestamp(6, Timestamp.from(decision.decidedAt()));
                    upsert.setTimestamp(7, decision.expiresAt() == null ? null : Timestamp.from(decision.expiresAt()));
                    upsert.setTimestamp(8, at);
                    upsert.setString(9, event.subject());
                    upsert.setTimestamp(10, Timestamp.from(decision.decidedAt()));
                    upsert.addBatch();
                }
                int[] counts = upsert.executeBatch();
                boolean[] changed = new boolean[counts.length];
                for (int i = 0; i < counts.length; i++) {
                    changed[i] = counts[i] > 0;
                }
                ProcessedEventRepository.requireCounts(counts);
                return changed;
            }
        });
    }
}
