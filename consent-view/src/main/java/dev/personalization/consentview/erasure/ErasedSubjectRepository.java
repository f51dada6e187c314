package dev.personalization.consentview.erasure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;

/** The per-pseudonym "erased at" marker (erased_subject) and the emptying of the subject's consent view. */
@ApplicationScoped
public class ErasedSubjectRepository {

    private final EntityManager entityManager;

    public ErasedSubjectRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Deletes the subject's consent view rows; returns how many. */
    public long deleteConsentView(String pseudonym) {
        return entityManager.createNativeQuery("DELETE FROM consent_view WHERE pseudonym = ?1")
                .setParameter(1, pseudonym).executeUpdate();
    }

    /** Records (or moves forward) the time up to which the pseudonym's consent decisions no longer count. */
    /**
     * Serialises a subject's erasure with the view's changes of that subject: both take this transaction
     * lock first, so a decision applied concurrently either commits before the erasure (and is deleted by
     * it) or runs after it and sees the "erased at" marker. Without it a decision's insert could read the
     * state before the erasure's commit and leave a row behind.
     */
    public void lockSubject(String pseudonym) {
        entityManager.createNativeQuery(LOCK_SUBJECT).setParameter(1, pseudonym).getSingleResult();
    }

    /** The statement of {@link #lockSubject}: one namespace (the first key) for the consent view's locks. */
    public static final String LOCK_SUBJECT = "SELECT CAST(pg_advisory_xact_lock(7317, hashtext(?1)) AS TEXT)";

    /** Whether this pseudonym was erased here (its "erased at" marker exists). */
    public boolean isErased(String pseudonym) {
        return !entityManager.createNativeQuery("SELECT 1 FROM erased_subject WHERE pseudonym = ?1")
                .setParameter(1, pseudonym).getResultList().isEmpty();
    }

    public void markErased(String pseudonym, Instant erasedAt) {
        entityManager.createNativeQuery("""
                INSERT INTO erased_subject (pseudonym, erased_at) VALUES (?1, ?2)
                ON CONFLICT (pseudonym) DO UPDATE SET erased_at = GREATEST(erased_subject.erased_at, EXCLUDED.erased_at)
                """).setParameter(1, pseudonym).setParameter(2, Timestamp.from(erasedAt)).executeUpdate();
    }
}
