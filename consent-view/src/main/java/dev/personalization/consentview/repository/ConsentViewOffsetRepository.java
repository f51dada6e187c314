package dev.personalization.consentview.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The next offset to read per partition of the consent topic, kept with the view it produced: written in
 * the transaction that applies the records before it, read when the consumer (re)starts.
 */
@ApplicationScoped
public class ConsentViewOffsetRepository {

    private final EntityManager entityManager;

    public ConsentViewOffsetRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Partition to next offset, for the partitions of the topic the view has read from. */
    public Map<Integer, Long> nextOffsets(String topic) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(
                "SELECT kafka_partition, next_offset FROM consent_view_offset WHERE topic = ?1")
                .setParameter(1, topic)
                .getResultList();
        Map<Integer, Long> offsets = new HashMap<>();
        for (Object[] row : rows) {
            offsets.put(((Number) row[0]).intValue(), ((Number) row[1]).longValue());
        }
        return offsets;
    }

    /** Records, in the caller's transaction, that the partition has been applied up to (excluding) {@code nextOffset}. */
    public void store(String topic, int partition, long nextOffset, Instant now) {
        entityManager.createNativeQuery("""
                INSERT INTO consent_view_offset (topic, kafka_partition, next_offset, updated_at)
                VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (topic, kafka_partition) DO UPDATE SET
                    next_offset = EXCLUDED.next_offset,
                    updated_at = EXCLUDED.updated_at
                """)
                .setParameter(1, topic)
                .setParameter(2, partition)
                .setParameter(3, nextOffset)
                .setParameter(4, Timestamp.from(now))
                .executeUpdate();
    }
}
