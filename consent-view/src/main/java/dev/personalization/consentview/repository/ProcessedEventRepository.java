package dev.personalization.consentview.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.Session;

@ApplicationScoped
public class ProcessedEventRepository implements PanacheRepositoryBase<ProcessedEvent, UUID> {

    /**
     * Records the event ids in the caller's transaction, in one round trip (a JDBC batch), in order.
     *
     * @return per id, true the first time it is seen (a repeated id within the list is seen once)
     */
    public boolean[] markAllProcessed(List<UUID> eventIds, String topic, Instant now) {
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO processed_event (event_id, topic, processed_at) VALUES (?, ?, ?)
                    ON CONFLICT (event_id) DO NOTHING
                    """)) {
                Timestamp at = Timestamp.from(now);
                for (UUID id : eventIds) {
                    insert.setObject(1, id);
                    insert.setString(2, topic);
                    insert.setTimestamp(3, at);
                    insert.addBatch();
                }
                int[] counts = insert.executeBatch();
                boolean[] first = new boolean[counts.length];
                for (int i = 0; i < counts.length; i++) {
                    first[i] = counts[i] == 1;
                }
                requireCounts(counts);
                return first;
            }
        });
    }

    public long deleteProcessedBefore(Instant cutoff) {
        return delete("processedAt < ?1", cutoff);
    }

    /**
     * Each statement's outcome is read from its update count: a driver that withholds them (a negative
     * count) must not pass for "nothing changed".
     */
    static void requireCounts(int[] counts) {
        for (int count : counts) {
            if (count < 0) {
                throw new IllegalStateException("the JDBC driver gave no update count for a batched statement "
                        + "(is reWriteBatchedInserts set on the datasource?)");
            }
        }
    }
}
