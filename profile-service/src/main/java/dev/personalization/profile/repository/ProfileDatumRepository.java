package dev.personalization.profile.repository;

import dev.personalization.profile.service.DatumUpdate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;

/**
 * The minimized data, in plain SQL: a batch's data go in as one JDBC batch of upserts, in the caller's
 * transaction.
 */
@ApplicationScoped
public class ProfileDatumRepository {

    /**
     * Adds the batch's weight to a datum, both decayed to the later of the two days; first and last seen
     * widen, the consent version becomes the one the batch was accepted under.
     */
    private static final String UPSERT = """
            INSERT INTO profile_datum (pseudonym, purpose, kind, item, source, score, consent_version,
                                       first_seen, last_seen, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (pseudonym, purpose, kind, item) DO UPDATE SET
                score = CASE WHEN EXCLUDED.last_seen >= profile_datum.last_seen
                    THEN profile_datum.score * power(0.5::float8,
                            EXTRACT(EPOCH FROM EXCLUDED.last_seen - profile_datum.last_seen)::float8 / ?)
                         + EXCLUDED.score
                    ELSE profile_datum.score + EXCLUDED.score * power(0.5::float8,
                            EXTRACT(EPOCH FROM profile_datum.last_seen - EXCLUDED.last_seen)::float8 / ?)
                    END,
                consent_version = EXCLUDED.consent_version,
                first_seen = LEAST(profile_datum.first_seen, EXCLUDED.first_seen),
                last_seen = GREATEST(profile_datum.last_seen, EXCLUDED.last_seen),
                expires_at = GREATEST(profile_datum.expires_at, EXCLUDED.expires_at)
            """;

    private final EntityManager entityManager;

    public ProfileDatumRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    private Session session() {
        return entityManager.unwrap(Session.class);
    }

    /** Upserts the updates in one round trip; {@code halfLifeSeconds} per purpose. */
    public void upsertAll(String pseudonym, Collection<DatumUpdate> updates, Map<String, Double> halfLifeSeconds) {
        if (updates.isEmpty()) {
            return;
        }
        session().doWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                for (DatumUpdate update : updates) {
                    double halfLife = halfLifeSeconds.get(update.purpose());
                    upsert.setString(1, pseudonym);
                    upsert.setString(2, update.purpose());
                    upsert.setString(3, update.kind());
                    upsert.setString(4, update.item());
                    upsert.setString(5, update.source());
                    upsert.setDouble(6, update.weight());
                    upsert.setLong(7, update.consentVersion());
                    upsert.setTimestamp(8, Timestamp.from(update.firstSeen()));
                    upsert.setTimestamp(9, Timestamp.from(update.lastSeen()));
                    upsert.setTimestamp(10, Timestamp.from(update.expiresAt()));
                    upsert.setDouble(11, halfLife);
                    upsert.setDouble(12, halfLife);
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
        });
    }

    /**
     * Keeps only the {@code k} highest-scoring data of the kind for the subject (scores compared as decayed
     * to {@code now}); deletes the rest.
     */
    public int keepTop(String pseudonym, String purpose, String kind, int k, Instant now, double halfLifeSeconds) {
        return session().doReturningWork(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("""
                    DELETE FROM profile_datum WHERE id IN (
                        SELECT id FROM (
                            SELECT id, row_number() OVER (ORDER BY score * power(0.5::float8,
                                GREATEST(0, EXTRACT(EPOCH FROM ?::timestamptz - last_seen)::float8) / ?) DESC, item) AS rank
                            FROM profile_datum WHERE pseudonym = ? AND purpose = ? AND kind = ?
                        ) ranked WHERE rank > ?)
                    """)) {
                delete.setTimestamp(1, Timestamp.from(now));
                delete.setDouble(2, halfLifeSeconds);
                delete.setString(3, pseudonym);
                delete.setString(4, purpose);
                delete.setString(5, kind);
                delete.setInt(6, k);
                return delete.executeUpdate();
            }
        });
    }

    public List<Datum> forPseudonym(String pseudonym) {
        return session().doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT purpose, kind, item, source, score, consent_version, first_seen, last_seen, expires_at
                    FROM profile_datum WHERE pseudonym = ? ORDER BY purpose, kind, item
                    """)) {
                select.setString(1, pseudonym);
                List<Datum> data = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        data.add(new Datum(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                                rows.getDouble(5), rows.getLong(6), rows.getTimestamp(7).toInstant(),
                                rows.getTimestamp(8).toInstant(), rows.getTimestamp(9).toInstant()));
                    }
                }
                return data;
            }
        });
    }

    /** Deletes everything the purpose allowed of the subject; returns how many rows went. */
    public int deletePurpose(String pseudonym, String purpose) {
        return session().doReturningWork(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM profile_datum WHERE pseudonym = ? AND purpose = ?")) {
                delete.setString(1, pseudonym);
                delete.setString(2, purpose);
                return delete.executeUpdate();
            }
        });
    }

    /**
     * Sets the expiry of the subject's data of the purpose to last seen plus {@code days}, and deletes what
     * that puts in the past; returns how many rows went.
     */
    public int applyRetention(String pseudonym, String purpose, int days, Instant now) {
        return session().doReturningWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE profile_datum SET expires_at = last_seen + make_interval(days => ?)
                    WHERE pseudonym = ? AND purpose = ?
                    """);
                    PreparedStatement delete = connection.prepareStatement(
                            "DELETE FROM profile_datum WHERE pseudonym = ? AND purpose = ? AND expires_at <= ?")) {
                update.setInt(1, days);
                update.setString(2, pseudonym);
                update.setString(3, purpose);
                update.executeUpdate();
                delete.setString(1, pseudonym);
                delete.setString(2, purpose);
                delete.setTimestamp(3, Timestamp.from(now));
                return delete.executeUpdate();
            }
        });
    }

    /** Up to {@code limit} subjects that hold data past its expiry. */
    public List<String> subjectsWithExpired(Instant now, int limit) {
        return session().doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT DISTINCT pseudonym FROM profile_datum WHERE expires_at <= ? LIMIT ?")) {
                select.setTimestamp(1, Timestamp.from(now));
                select.setInt(2, limit);
                List<String> subjects = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        subjects.add(rows.getString(1));
                    }
                }
                return subjects;
            }
        });
    }

    /** Deletes the subject's data past its expiry; returns how many rows went. */
    public int deleteExpired(String pseudonym, Instant now) {
        return session().doReturningWork(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM profile_datum WHERE pseudonym = ? AND expires_at <= ?")) {
                delete.setString(1, pseudonym);
                delete.setTimestamp(2, Timestamp.from(now));
                return delete.executeUpdate();
            }
        });
    }

    /** A subject's purpose that has data but no consent that allows it now. */
    public record Unpermitted(String pseudonym, String purpose) {
    }

    /**
     * The (subject, purpose) pairs that hold data while the consent view has no grant for them valid at
     * {@code now}: a grant that lapsed without an event, or anything a missed purge left.
     */
    public List<Unpermitted> unpermitted(Instant now, int limit) {
        return session().doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT DISTINCT d.pseudonym, d.purpose FROM profile_datum d
                    WHERE NOT EXISTS (
                        SELECT 1 FROM consent_view v
                        WHERE v.pseudonym = d.pseudonym AND v.purpose = d.purpose AND v.state = 'granted'
                          AND (v.expires_at IS NULL OR v.expires_at > ?))
                    LIMIT ?
                    """)) {
                select.setTimestamp(1, Timestamp.from(now));
                select.setInt(2, limit);
                List<Unpermitted> found = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(new Unpermitted(rows.getString(1), rows.getString(2)));
                    }
                }
                return found;
            }
        });
    }
}
