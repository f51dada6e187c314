package dev.personalization.recommendation.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    public void insertAll(List<FeatureRow> features) {
        if (features.isEmpty()) {
            return;
        }
        session().doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO subject_feature
                        (pseudonym, purpose, kind, item, weight, consent_version, last_seen, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (pseudonym, purpose, kind, item) DO UPDATE SET weight = EXCLUDED.weight
                    """)) {
                for (FeatureRow feature : features) {
                    insert.setString(1, feature.pseudonym());
                    insert.setString(2, feature.purpose());
                    insert.setString(3, feature.kind());
                    insert.setString(4, feature.item());
                    insert.setDouble(5, feature.weight());
                    insert.setLong(6, feature.consentVersion());
                    insert.setTimestamp(7, Timestamp.from(feature.lastSeen()));
                    insert.setTimestamp(8, Timestamp.from(feature.expiresAt()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
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
