package dev.personalization.consent.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

@ApplicationScoped
public class SubjectChainRepository implements PanacheRepositoryBase<SubjectChain, String> {

    public static final String GENESIS = "0".repeat(64);

    /** Locks the chain head of a subject reference for this transaction, creating it when the subject is new. */
    public SubjectChain lockHead(String subject) {
        getEntityManager()
                .createNativeQuery("INSERT INTO subject_chain (subject_ref, head_hash, entries) VALUES (?1, ?2, 0) "
                        + "ON CONFLICT (subject_ref) DO NOTHING")
                .setParameter(1, subject)
                .setParameter(2, GENESIS)
                .executeUpdate();
        return findById(subject, LockModeType.PESSIMISTIC_WRITE);
    }
}
