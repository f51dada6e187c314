package dev.personalization.consent.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class LedgerRepository implements PanacheRepository<LedgerEntry> {

    // Subjects here are chain references (LedgerEntry.subjectRef), never raw subject ids.

    /**
     * Appenders hold this lock shared, from before their entry gets its id until they commit; a
     * checkpoint takes it exclusively for an instant to read the highest id, so that every entry up
     * to that id is committed (ids are handed out in one order, commits may land in another).
     */
    private static final long APPEND_FENCE = 74616003;

    public void enterAppendFence() {
        getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock_shared(?1)")
                .setParameter(1, APPEND_FENCE).getSingleResult();
    }

    /** The highest entry id, once every append in flight has committed (see {@link #enterAppendFence}). */
    public long lastCommittedId() {
        getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(?1)")
                .setParameter(1, APPEND_FENCE).getSingleResult();
        return ((Number) getEntityManager().createNativeQuery("SELECT coalesce(max(id), 0) FROM consent_ledger")
                .getSingleResult()).longValue();
    }

    /** The chain of a subject reference (see SubjectKeys), oldest first. */
    public List<LedgerEntry> history(String subjectRef) {
        return list("subjectRef = ?1 order by id", subjectRef);
    }

    /** A page of the subject's entries after the given id, oldest first. */
    public List<LedgerEntry> page(String subject, long afterId, int size) {
        return find("subjectRef = ?1 and id > ?2 order by id", subject, afterId).page(0, size).list();
    }

    /** Subjects after the given one in their natural order, a page at a time (keyset paging). */
    public List<String> subjectsAfter(String after, int size) {
        return getEntityManager()
                .createQuery("select distinct e.subjectRef from LedgerEntry e where e.subjectRef > ?1 order by e.subjectRef",
                        String.class)
                .setParameter(1, after)
                .setMaxResults(size)
                .getResultList();
    }

    /** Subjects with an entry whose id lies in (afterId, upTo], a page at a time after {@code afterSubject}. */
    public List<String> subjectsWithEntriesBetween(long afterId, long upTo, String afterSubject, int size) {
        return getEntityManager()
                .createQuery("select distinct e.subjectRef from LedgerEntry e where e.id > ?1 and e.id <= ?2 "
                        + "and e.subjectRef > ?3 order by e.subjectRef", String.class)
                .setParameter(1, afterId).setParameter(2, upTo).setParameter(3, afterSubject)
                .setMaxResults(size)
                .getResultList();
    }

    /** The subject's entries with an id in (afterId, upTo], oldest first. */
    public List<LedgerEntry> entriesBetween(String subject, long afterId, long upTo) {
        return list("subjectRef = ?1 and id > ?2 and id <= ?3 order by id", subject, afterId, upTo);
    }

    public long countUpTo(String subject, long id) {
        return count("subjectRef = ?1 and id <= ?2", subject, id);
    }

    /** The highest id of an unkeyed (format 1) entry up to the given id; 0 when there is none. */
    public long lastLegacyIdUpTo(long upTo) {
        Long id = getEntityManager().createQuery("select max(e.id) from LedgerEntry e where e.chainFormat = 1 "
                + "and e.id <= ?1", Long.class).setParameter(1, upTo).getSingleResult();
        return id == null ? 0 : id;
    }

    /** The decision that followed the given one for the same subject and purpose, if any. */
    public Optional<LedgerEntry> next(String subject, String purpose, long consentVersion) {
        return find("subjectRef = ?1 and purpose = ?2 and consentVersion > ?3 order by consentVersion", subject, purpose,
                consentVersion).firstResultOptional();
    }

    /** The first entry after {@code afterId} recorded before {@code cutoff} (of one subject, or of any when null). */
    public Optional<LedgerEntry> firstUncoveredBefore(long afterId, Instant cutoff, String subject) {
        return subject == null
                ? find("id > ?1 and recordedAt < ?2 order by id", afterId, cutoff).firstResultOptional()
                : find("subjectRef = ?1 and id > ?2 and recordedAt < ?3 order by id", subject, afterId, cutoff)
                        .firstResultOptional();
    }
}
