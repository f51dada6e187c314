package dev.personalization.recommendation.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.hibernate.Session;

/** The features held per subject (subject_feature) and the newest snapshot applied (subject_snapshot). */
@ApplicationScoped
public class FeatureRepository {

    /** One stored feature. */
    public record FeatureRow(String pseudonym, String purpose, String kind, String item, double weight,
            long consentVersion, Instant lastSeen, Instant expiresAt) {
    }

    private final EntityManager entityManager;

    public FeatureRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    private Session session() {
        return entityManager.unwrap(Session.class);
    }

    /**
     * The version of the newest snapshot applied for the subject, its row locked until the transaction
     * ends (created at version 0 first), so that one subject's snapshots apply one after the other.
     */
    public long lockSnapshotVersion(String pseudonym, Instant now) {
        entityManager.createNativeQuery("""
                INSERT INTO subject_snapshot (pseudonym, snapshot_version, updated_at) VALUES (?1, 0, ?2)
                ON CONFLICT (pseudonym) DO NOTHING
                """).setParameter(1, pseudonym).setParameter(2, Timestamp.from(now)).executeUpdate();
        Object version = entityManager.createNativeQuery(
                "SELECT snapshot_version FROM subject_snapshot WHERE pseudonym = ?1 FOR UPDATE")
                .setParameter(1, pseudonym).getSingleResult();
        return ((Number) version).longValue();
    }

    public void setSnapshotVersion(String pseudonym, long version, Instant now) {
        entityManager.createNativeQuery(
                "UPDATE subject_snapshot SET snapshot_version = ?2, updated_at = ?3 WHERE pseudonym = ?1")
                .setParameter(1, pseudonym).setParameter(2, version).setParameter(3, Timestamp.from(now))
                .executeUpdate();
    }

    public OptionalLong snapshotVersion(String pseudonym) {
        @SuppressWarnings("unchecked")
        List<Object> rows = entityManager.createNativeQuery(
                "SELECT snapshot_version FROM subject_snapshot WHERE pseudonym = ?1")
                .setParameter(1, pseudonym).getResultList();
        return rows.isEmpty() ? OptionalLong.empty() : OptionalLong.of(((Number) rows.get(0)).longValue());
    }

    public List<FeatureRow> forPseudonym(String pseudonym) {
        return select("WHERE pseudonym = ? ORDER BY purpose, kind, item", pseudonym);
    }

    /** Every feature of every subject, by subject: for recomputing the aggregates from scratch. */
    public List<FeatureRow> all() {
        return select("ORDER BY pseudonym, purpose, kind, item");
    }

    public void deleteForPseudonym(String pseudonym) {
        entityManager.createNativeQuery("DELETE FROM subject_feature WHERE pseudonym = ?1")
                .setParameter(1, pseudonym).executeUpdate();
    }

    public int deletePurpose(String pseudonym, String purpose) {
        return entityManager.createNativeQuery("DELETE FROM subject_feature WHERE pseudonym = ?1 AND purpose = ?2")
                .setParameter(1, pseudonym).setParameter(2, purpose).executeUpdate();
    }

    /**
     * Makes the subject's rows equal to {@code wanted}, given the rows {@code held} now (read in this
     * transaction): deletes the ones gone and writes the new or changed ones, one statement each. A new
     * snapshot differs from the last one in the few items its batch touched, so this writes those rows
     * instead of deleting and inserting all of them.
     */
    public void replace(String pseudonym, List<FeatureRow> held, List<FeatureRow> wanted) {
        Map<String, FeatureRow> before = new HashMap<>();
        held.forEach(row -> before.put(key(row), row));
        List<FeatureRow> written = new ArrayList<>();
        for (FeatureRow row : wanted) {
            FeatureRow old = before.remove(key(row));
            if (!row.equals(old)) {
                written.add(row);
            }
        }
        Collection<FeatureRow> gone = before.values();
        if (gone.isEmpty() && written.isEmpty()) {
            return;
        }
        session().doWork(connection -> {
            if (!gone.isEmpty()) {
                try (PreparedStatement delete = connection.prepareStatement("""
                        DELETE FROM subject_feature f USING unnest(?::varchar[], ?::varchar[], ?::varchar[])
                            AS g(purpose, kind, item)
                        WHERE f.pseudonym = ? AND f.purpose = g.purpose AND f.kind = g.kind AND f.item = g.item
                        """)) {
                    delete.setArray(1, connection.createArrayOf("varchar", gone.stream().map(FeatureRow::purpose).toArray()));
                    delete.setArray(2, connection.createArrayOf("varchar", gone.stream().map(FeatureRow::kind).toArray()));
                    delete.setArray(3, connection.createArrayOf("varchar", gone.stream().map(FeatureRow::item).toArray()));
                    delete.setString(4, pseudonym);
                    delete.executeUpdate();
                }
            }
            if (!written.isEmpty()) {
                try (PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO subject_feature
                            (pseudonym, purpose, kind, item, weight, consent_version, last_seen, expires_at)
                        SELECT ?, w.purpose, w.kind, w.item, w.weight, w.consent_version,
                               w.last_seen::timestamptz, w.expires_at::timestamptz
                        FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::float8[], ?::int8[], ?::text[],
                                    ?::text[]) AS w(purpose, kind, item, weight, consent_version, last_seen, expires_at)
                        ON CONFLICT (pseudonym, purpose, kind, item) DO UPDATE SET weight = EXCLUDED.weight,
                            consent_version = EXCLUDED.consent_version, last_seen = EXCLUDED.last_seen,
                            expires_at = EXCLUDED.expires_at
                        """)) {
                    upsert.setString(1, pseudonym);
                    upsert.setArray(2, connection.createArrayOf("varchar", written.stream().map(FeatureRow::purpose).toArray()));
                    upsert.setArray(3, connection.createArrayOf("varchar", written.stream().map(FeatureRow::kind).toArray()));
                    upsert.setArray(4, connection.createArrayOf("varchar", written.stream().map(FeatureRow::item).toArray()));
                    upsert.setArray(5, connection.createArrayOf("float8", written.stream().map(FeatureRow::weight).toArray()));
                    upsert.setArray(6, connection.createArrayOf("int8",
                            written.stream().map(FeatureRow::consentVersion).toArray()));
                    // ISO-8601 instants with their Z: no session time zone gets in between
                    upsert.setArray(7, connection.createArrayOf("text",
                            written.stream().map(row -> row.lastSeen().toString()).toArray()));
                    upsert.setArray(8, connection.createArrayOf("text",
                            written.stream().map(row -> row.expiresAt().toString()).toArray()));
                    upsert.executeUpdate();
                }
            }
        });
    }

    private static String key(FeatureRow row) {
        return row.purpose() + '\u0000' + row.kind() + '\u0000' + row.item();
    }

    private List<FeatureRow> select(String where, Object... params) {
        return session().doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT pseudonym, purpose, kind, item, weight, consent_version, last_seen, expires_at
                    FROM subject_feature
                    """ + where)) {
                for (int i = 0; i < params.length; i++) {
                    select.setObject(i + 1, params[i]);
                }
                List<FeatureRow> rows = new ArrayList<>();
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        rows.add(new FeatureRow(result.getString(1), result.getString(2), result.getString(3),
                                result.getString(4), result.getDouble(5), result.getLong(6),
                                result.getTimestamp(7).toInstant(), result.getTimestamp(8).toInstant()));
                    }
                }
                return rows;
            }
        });
    }
}
