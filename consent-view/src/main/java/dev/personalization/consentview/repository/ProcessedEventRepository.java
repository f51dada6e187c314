package dev.personalization.consentview.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class ProcessedEventRepository implements PanacheRepositoryBase<ProcessedEvent, UUID> {

    /**
     * Records the event id in the caller's transaction.
     *
     * @return true the first time an id is seen, false for a redelivery
     */
    public boolean markProcessed(UUID eventId, String topic, Instant now) {
        return getEntityManager().createNativeQuery("""
                INSERT INTO processed_event (event_id, topic, processed_at) VALUES (?1, ?2, ?3)
                ON CONFLICT (event_id) DO NOTHING
                """)
                .setParameter(1, eventId)
                .setParameter(2, topic)
                .setParameter(3, Timestamp.from(now))
                .executeUpdate() == 1;
    }

    public long deleteProcessedBefore(Instant cutoff) {
        return delete("processedAt < ?1", cutoff);
    }
}
