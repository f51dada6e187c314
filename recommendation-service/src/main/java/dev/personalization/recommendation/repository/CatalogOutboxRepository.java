package dev.personalization.recommendation.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.Session;

/** The catalog events waiting to be sent (catalog_outbox), in plain SQL. */
@ApplicationScoped
public class CatalogOutboxRepository {

    /** A row to send. */
    public record OutboxRow(UUID id, long seq, String topic, String key, String payload) {
    }

    private final EntityManager entityManager;

    public CatalogOutboxRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    private Session session() {
        return entityManager.unwrap(Session.class);
    }

    /**
     * Writes the key's newest event in the caller's transaction and deletes the key's older rows, sent
     * or not: a product's event supersedes every earlier one of that product (the topic is compacted by
     * product id), so none of them needs sending any more.
     */
    public void replace(UUID id, String topic, String key, String payload, Instant now) {
        session().doWork(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM catalog_outbox WHERE message_key = ?");
                    PreparedStatement insert = connection.prepareStatement("""
                            INSERT INTO catalog_outbox (id, topic, message_key, payload, created_at) VALUES (?, ?, ?, ?, ?)
                            """)) {
                delete.setString(1, key);
                delete.executeUpdate();
                insert.setObject(1, id);
                insert.setString(2, topic);
                insert.setString(3, key);
                insert.setString(4, payload);
                insert.setTimestamp(5, Timestamp.from(now));
                insert.executeUpdate();
            }
        });
    }

    /**
     * Takes the relay's cluster-wide lock for this transaction, so that one replica at a time publishes and
     * the order per subject holds. False when another replica has it.
     */
    public boolean tryRelayLock() {
        Object locked = entityManager.createNativeQuery("SELECT pg_try_advisory_xact_lock(74616003)").getSingleResult();
        return Boolean.TRUE.equals(locked);
    }

    public List<OutboxRow> pending(int limit) {
        return session().doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT id, seq, topic, message_key, payload FROM catalog_outbox
                    WHERE published_at IS NULL ORDER BY seq LIMIT ?
                    """)) {
                select.setInt(1, limit);
                List<OutboxRow> rows = new ArrayList<>();
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        rows.add(new OutboxRow(result.getObject(1, UUID.class), result.getLong(2), result.getString(3),
                                result.getString(4), result.getString(5)));
                    }
                }
                return rows;
            }
        });
    }

    /** Marks the rows sent; a row a newer event of the product replaced meanwhile is simply gone. */
    public void markPublished(List<UUID> ids, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        session().doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE catalog_outbox SET published_at = ? WHERE id = ANY (?)")) {
                Array array = connection.createArrayOf("uuid", ids.toArray());
                update.setTimestamp(1, Timestamp.from(now));
                update.setArray(2, array);
                update.executeUpdate();
            }
        });
    }

    public long pendingCount() {
        return ((Number) entityManager.createNativeQuery("SELECT count(*) FROM catalog_outbox WHERE published_at IS NULL")
                .getSingleResult()).longValue();
    }

    public int deletePublishedBefore(Instant cutoff) {
        return entityManager.createNativeQuery("DELETE FROM catalog_outbox WHERE published_at < ?1")
                .setParameter(1, Timestamp.from(cutoff)).executeUpdate();
    }
}
