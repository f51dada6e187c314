package dev.personalization.profile.repository;

import dev.personalization.profile.service.CountCaps;
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
 * The minimized data, in plain SQL: a batch's data go in as one multi-row upsert, in the caller's
 * transaction.
 */
@ApplicationScoped
public class ProfileDatumRepository {

    /**
     * The batch's data in one statement (arrays, one element per datum; at most one per datum, the caller
     * merges). An existing datum gets the batch's weight added, both decayed to the later of the two days;
     * first and last seen widen, the consent version becomes the one the batch was accepted under.
     */
    private static final String UPSERT = """
            INSERT INTO profile_datum AS old (pseudonym, purpose, kind, item, source, score, consent_version,
                                              first_seen, last_seen, expires_at)
            SELECT ?, u.purpose, u.kind, u.item, u.source, u.score, u.consent_version,
                   u.first_seen::timestamptz, u.last_seen::timestamptz, u.expires_at::timestamptz
            FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::float8[], ?::int8[],
                        ?::text[], ?::text[], ?::text[])
                AS u(purpose, kind, item, source, score, consent_version, first_seen, last_seen, expires_at)
            ON CONFLICT (pseudonym, purpose, kind, item) DO UPDATE SET
                score = (SELECT old.score * power(0.5::float8, GREATEST(0, EXTRACT(EPOCH FROM
                                    EXCLUDED.last_seen - old.last_seen))::float8 / half.life)
                              + EXCLUDED.score * power(0.5::float8, GREATEST(0, EXTRACT(EPOCH FROM
                                    old.last_seen - EXCLUDED.last_seen))::float8 / half.life)
                         FROM unnest(?::varchar[], ?::float8[]) AS half(purpose, life)
                         WHERE half.purpose = EXCLUDED.purpose),
                consent_version = EXCLUDED.consent_version,
                first_seen = LEAST(old.first_seen, EXCLUDED.first_seen),
                last_seen = GREATEST(old.last_seen, EXCLUDED.last_seen),
                expires_at = GREATEST(old.expires_at, EXCLUDED.expires_at)
            """;

    /**
     * Deletes what a subject holds beyond the count caps of the given kinds (kinds are unique across
     * purposes): per kind, ranked newest first (last seen day, then score) or by score decayed to now.
     */
    private static final String ENFORCE_CAPS = """
            DELETE FROM profile_datum WHERE id IN (
                SELECT id FROM (
                    SELECT d.id, cap.keep, row_number() OVER (PARTITION BY d.kind ORDER BY
                        CASE WHEN cap.by_recency THEN EXTRACT(EPOCH FROM d.last_seen)::float8
                             ELSE d.score * power(0.5::float8, GREATEST(0,
                                  EXTRACT(EPOCH FROM ?::timestamptz - d.last_seen))::float8 / cap.half_life) END DESC,
                        CASE WHEN cap.by_recency THEN d.score ELSE 0 END DESC,
                        d.item) AS rank
                    FROM profile_datum d
                    JOIN unnest(?::varchar[], ?::int4[], ?::bool[], ?::float8[])
                        AS cap(kind, keep, by_recency, half_life) ON cap.kind = d.kind
                    WHERE d.pseudonym = ?) ranked
                WHERE ranked.rank > ranked.keep)
            """;

    private final EntityManager entityManager;

    public ProfileDatumRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    private Session session() {
        return entityManager.unwrap(Session.class);
    }

    /** Upserts the updates in one statement; {@code halfLifeSeconds} per purpose. */
    public void upsertAll(String pseudonym, Collection<DatumUpdate> updates, Map<String, Double> halfLifeSeconds) {
        if (updates.isEmpty()) {
            return;
        }
        int n = updates.size();
        String[] purposes = new String[n];
        String[] kinds = new String[n];
        String[] items = new String[n];
        String[] sources = new String[n];
        Double[] scores = new Double[n];
        Long[] versions = new Long[n];
        String[] firstSeen = new String[n];
        String[] lastSeen = new String[n];
        String[] expires = new String[n];
        int i = 0;
        for (DatumUpdate update : updates) {
            purposes[i] = update.purpose();
            kinds[i] = update.kind();
            items[i] = update.item();
            sources[i] = update.source();
            scores[i] = update.weight();
            versions[i] = update.consentVersion();
            // ISO-8601 instants with their Z: no session time zone gets in between
            firstSeen[i] = update.firstSeen().toString();
            lastSeen[i] = update.lastSeen().toString();
            expires[i] = update.expiresAt().toString();
            i++;
        }
        session().doWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                upsert.setString(1, pseudonym);
                upsert.setArray(2, connection.createArrayOf("varchar", purposes));
                upsert.setArray(3, connection.createArrayOf("varchar", kinds));
                upsert.setArray(4, connection.createArrayOf("varchar", items));
                upsert.setArray(5, connection.createArrayOf("varchar", sources));
                upsert.setArray(6, connection.createArrayOf("float8", scores));
                upsert.setArray(7, connection.createArrayOf("int8", versions));
                upsert.setArray(8, connection.createArrayOf("text", firstSeen));
                upsert.setArray(9, connection.createArrayOf("text", lastSeen));
                upsert.setArray(10, connection.createArrayOf("text", expires));
                upsert.setArray(11, connection.createArrayOf("varchar", halfLifeSeconds.keySet().toArray()));
                upsert.setArray(12, connection.createArrayOf("float8", halfLifeSeconds.values().toArray()));
                upsert.executeUpdate();
            }
        });
    }

    /**
     * Keeps, of each given kind, only as many of the subject's data as its cap allows (scores compared as
     * decayed to {@code now}); deletes the rest and returns how many rows went.
     */
    public int enforceCaps(String pseudonym, List<CountCaps.Cap> caps, Instant now) {
        if (caps.isEmpty()) {
            return 0;
        }
        String[] kinds = new String[caps.size()];
        Integer[] keep = new Integer[caps.size()];
        Boolean[] byRecency = new Boolean[caps.size()];
        Double[] halfLives = new Double[caps.size()];
        for (int i = 0; i < caps.size(); i++) {
            CountCaps.Cap cap = caps.get(i);
            kinds[i] = cap.kind();
            keep[i] = cap.keep();
            byRecency[i] = cap.byRecency();
            halfLives[i] = cap.halfLifeSeconds();
        }
        return session().doReturningWork(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(ENFORCE_CAPS)) {
                delete.setTimestamp(1, Timestamp.from(now));
                delete.setArray(2, connection.createArrayOf("varchar", kinds));
                delete.setArray(3, connection.createArrayOf("int4", keep));
                delete.setArray(4, connection.createArrayOf("bool", byRecency));
                delete.setArray(5, connection.createArrayOf("float8", halfLives));
                delete.setString(6, pseudonym);
                return delete.executeUpdate();
            }
        });
    }

    /** One held datum of a kind, as the count caps rank it. */
    public record Held(String kind, String item, double score, Instant lastSeen) {
    }

    /** The subject's data of the given kinds (kinds are unique across purposes). */
    public List<Held> heldOf(String pseudonym, Collection<String> kinds) {
        if (kinds.isEmpty()) {
            return List.of();
        }
        return session().doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT kind, item, score, last_seen FROM profile_datum WHERE pseudonym = ? AND kind = ANY (?)")) {
                select.setString(1, pseudonym);
                select.setArray(2, connection.createArrayOf("varchar", kinds.toArray()));
                List<Held> held = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        held.add(new Held(rows.getString(1), rows.getString(2), rows.getDouble(3),
                                rows.getTimestamp(4).toInstant()));
                    }
                }
                return held;
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
