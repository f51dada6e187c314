package dev.personalization.profile.repository;

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

/**
 * What waits to be sent, in plain SQL: rows with their payload (profile_outbox), and subjects whose
 * feature snapshot is due (profile_snapshot_due), built from their rows when sent.
 */
@ApplicationScoped
public class OutboxRepository {

    /** A row to send. */
    public record OutboxRow(UUID id, long seq, String topic, String key, String payload) {
    }

    /** A due subject: the snapshot version it reached and every datum it holds now (none after a purge). */
    public record DueSubject(String pseudonym, long version, List<Datum> data) {
    }

    private final EntityManager entityManager;

    public OutboxRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    private Session session() {
        return entityManager.unwrap(Session.class);
    }

    /**
     * Marks the subject's snapshot due at {@code version}, in the caller's transaction (which holds the
     * subject's lock, so versions only grow); a mark waiting already keeps its place in the order.
     */
    public void markDue(String pseudonym, long version, Instant now) {
        session().doWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO profile_snapshot_due (pseudonym, snapshot_version, marked_at) VALUES (?, ?, ?)
                    ON CONFLICT (pseudonym) DO UPDATE SET
                        snapshot_version = EXCLUDED.snapshot_version, marked_at = EXCLUDED.marked_at
                    """)) {
                upsert.setString(1, pseudonym);
                upsert.setLong(2, version);
                upsert.setTimestamp(3, Timestamp.from(now));
                upsert.executeUpdate();
            }
        });
    }

    /**
     * Up to {@code limit} due subjects, oldest mark first, each with its data. One statement reads the marks
     * and the data, so each version comes with exactly the state it names (the mark and the data change in
     * one transaction).
     */
    public List<DueSubject> due(int limit) {
        return session().doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    WITH due AS (
                        SELECT pseudonym, snapshot_version, seq FROM profile_snapshot_due ORDER BY seq LIMIT ?)
                    SELECT due.pseudonym, due.snapshot_version, d.purpose, d.kind, d.item, d.source, d.score,
                           d.consent_version, d.first_seen, d.last_seen, d.expires_at
                    FROM due LEFT JOIN profile_datum d ON d.pseudonym = due.pseudonym
                    ORDER BY due.seq, d.purpose, d.kind, d.item
                    """)) {
                select.setInt(1, limit);
                List<DueSubject> due = new ArrayList<>();
                DueSubject current = null;
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String pseudonym = rows.getString(1);
                        if (current == null || !current.pseudonym().equals(pseudonym)) {
                            current = new DueSubject(pseudonym, rows.getLong(2), new ArrayList<>());
                            due.add(current);
                        }
                        String purpose = rows.getString(3);
                        if (purpose != null) {
                            current.data().add(new Datum(purpose, rows.getString(4), rows.getString(5),
                                    rows.getString(6), rows.getDouble(7), rows.getLong(8),
                                    rows.getTimestamp(9).toInstant(), rows.getTimestamp(10).toInstant(),
                                    rows.getTimestamp(11).toInstant()));
                        }
                    }
                }
                return due;
            }
        });
    }

    /**
     * Clears the marks of the snapshots sent, each only if it still names the version sent: a subject that
     * changed again meanwhile stays due, for its newer version.
     */
    public void clearDue(List<String> pseudonyms, List<Long> versions) {
        if (pseudonyms.isEmpty()) {
            return;
        }
        session().doWork(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("""
                    DELETE FROM profile_snapshot_due d USING unnest(?::varchar[], ?::bigint[]) AS sent(pseudonym, version)
                    WHERE d.pseudonym = sent.pseudonym AND d.snapshot_version = sent.version
                    """)) {
                delete.setArray(1, connection.createArrayOf("varchar", pseudonyms.toArray()));
                delete.setArray(2, connection.createArrayOf("int8", versions.toArray()));
                delete.executeUpdate();
            }
        });
    }

    /**
     * Takes the relay's cluster-wide lock for this transaction, so that one replica at a time publishes and
     * the order per subject holds. False when another replica has it.
     */
    public boolean tryRelayLock() {
        Object locked = entityManager.createNativeQuery("SELECT pg_try_advisory_xact_lock(74616002)").getSingleResult();
        return Boolean.TRUE.equals(locked);
    }

    public List<OutboxRow> pending(int limit) {
        return session().doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT id, seq, topic, message_key, payload FROM profile_outbox
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

    /** Marks the rows sent; a row a newer snapshot replaced meanwhile is simply gone. */
    public void markPublished(List<UUID> ids, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        session().doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE profile_outbox SET published_at = ? WHERE id = ANY (?)")) {
                Array array = connection.createArrayOf("uuid", ids.toArray());
                update.setTimestamp(1, Timestamp.from(now));
                update.setArray(2, array);
                update.executeUpdate();
            }
        });
    }

    /** Rows and due snapshots not sent yet. */
    public long pendingCount() {
        return ((Number) entityManager.createNativeQuery("""
                SELECT (SELECT count(*) FROM profile_outbox WHERE published_at IS NULL)
                     + (SELECT count(*) FROM profile_snapshot_due)
                """).getSingleResult()).longValue();
    }

    public int deletePublishedBefore(Instant cutoff) {
        return entityManager.createNativeQuery("DELETE FROM profile_outbox WHERE published_at < ?1")
                .setParameter(1, Timestamp.from(cutoff)).executeUpdate();
    }
}
