package dev.personalization.consent.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class LedgerCheckpointRepository implements PanacheRepositoryBase<LedgerCheckpoint, Long> {

    /** Cluster-wide: one replica at a time takes a checkpoint. */
    private static final long CHECKPOINT_LOCK = 74616004;

    public long nextId() {
        return ((Number) getEntityManager().createNativeQuery("SELECT nextval('ledger_checkpoint_seq')")
                .getSingleResult()).longValue();
    }

    /** False when another replica is taking a checkpoint right now. */
    public boolean tryCheckpointLock() {
        Object locked = getEntityManager().createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)")
                .setParameter(1, CHECKPOINT_LOCK).getSingleResult();
        return Boolean.TRUE.equals(locked);
    }

    public Optional<LedgerCheckpoint> latest() {
        return find("order by id desc").firstResultOptional();
    }

    /** Checkpoints up to {@code upTo}, oldest first, a page at a time. */
    public List<LedgerCheckpoint> pageUpTo(long afterId, long upTo, int size) {
        return find("id > ?1 and id <= ?2 order by id", afterId, upTo).page(0, size).list();
    }

    /** The heads written by the checkpoints in [fromId, toId]. */
    public List<LedgerCheckpointHead> headsWrittenBetween(long fromId, long toId) {
        return getEntityManager().createQuery("select h from LedgerCheckpointHead h "
                + "where h.checkpointId >= ?1 and h.checkpointId <= ?2 order by h.checkpointId", LedgerCheckpointHead.class)
                .setParameter(1, fromId).setParameter(2, toId)
                .getResultList();
    }

    /** The subject's head as of the checkpoint: the newest head row written by it or an earlier one. */
    public Optional<LedgerCheckpointHead> headOf(String subject, long checkpointId) {
        return getEntityManager().createQuery("select h from LedgerCheckpointHead h "
                + "where h.subject = ?1 and h.checkpointId <= ?2 order by h.checkpointId desc", LedgerCheckpointHead.class)
                .setParameter(1, subject).setParameter(2, checkpointId)
                .setMaxResults(1)
                .getResultStream().findFirst();
    }

    /** Subjects with a head as of the checkpoint, and the entries those heads account for. */
    public long[] totals(long checkpointId) {
        Object[] row = (Object[]) getEntityManager().createNativeQuery(
                "SELECT count(*), coalesce(sum(entries), 0) FROM (SELECT DISTINCT ON (subject_ref) subject_ref, entries "
                        + "FROM ledger_checkpoint_head WHERE checkpoint_id <= ?1 ORDER BY subject_ref, checkpoint_id DESC) heads")
                .setParameter(1, checkpointId).getSingleResult();
        return new long[] {((Number) row[0]).longValue(), ((Number) row[1]).longValue()};
    }

    /** A checkpointed subject of whom the ledger holds no entry at all (a whole chain removed), if any. */
    public Optional<LedgerCheckpointHead> firstHeadWithoutChain(long checkpointId) {
        return getEntityManager().createQuery("select h from LedgerCheckpointHead h where h.checkpointId <= ?1 "
                + "and not exists (select 1 from LedgerEntry e where e.subjectRef = h.subject) "
                + "order by h.subject, h.checkpointId desc", LedgerCheckpointHead.class)
                .setParameter(1, checkpointId)
                .setMaxResults(1)
                .getResultStream().findFirst();
    }
}
