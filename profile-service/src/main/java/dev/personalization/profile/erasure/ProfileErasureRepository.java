package dev.personalization.profile.erasure;

import dev.personalization.contracts.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/** The statements of an erasure and of an export in profile-service's tables, in plain SQL. */
@ApplicationScoped
public class ProfileErasureRepository {

    /**
     * The statements that delete a subject's rows, by table: every table keyed by a subject's pseudonym.
     * profile_subject first: the row every change of the subject locks, so intake waits for the erasure.
     * Of the outbox, the feature snapshots (sent or not; the tombstone follows them), not an earlier
     * erasure's tombstone or confirmation, which may still wait to be sent.
     */
    static final Map<String, String> DELETES = Map.of(
            "profile_subject", "DELETE FROM profile_subject WHERE pseudonym = ?1",
            "profile_datum", "DELETE FROM profile_datum WHERE pseudonym = ?1",
            "retention_choice", "DELETE FROM retention_choice WHERE pseudonym = ?1",
            // a snapshot still due would otherwise go out (empty) before the tombstone and keep the pseudonym
            "profile_snapshot_due", "DELETE FROM profile_snapshot_due WHERE pseudonym = ?1",
            "profile_outbox", "DELETE FROM profile_outbox WHERE message_key = ?1 AND topic = '" + Topics.PROFILE_FEATURES
                    + "' AND payload IS NOT NULL");
    private static final List<String> ORDER = List.of("profile_subject", "profile_datum", "retention_choice",
            "profile_snapshot_due", "profile_outbox");

    private final EntityManager entityManager;

    public ProfileErasureRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Deletes the subject's rows of every table; counts per table. */
    public Map<String, Long> deleteAll(String pseudonym) {
        Map<String, Long> deleted = new LinkedHashMap<>();
        for (String table : ORDER) {
            deleted.put(table, (long) entityManager.createNativeQuery(DELETES.get(table))
                    .setParameter(1, pseudonym).executeUpdate());
        }
        return deleted;
    }

    /** Appends an outbox row (a null payload is a tombstone), after every row written before it. */
    public void appendOutbox(String topic, String key, String payload, Instant now) {
        entityManager.createNativeQuery("""
                INSERT INTO profile_outbox (id, topic, message_key, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
                """).setParameter(1, UUID.randomUUID()).setParameter(2, topic).setParameter(3, key)
                .setParameter(4, payload).setParameter(5, Timestamp.from(now)).executeUpdate();
    }

    /** The version of the last feature snapshot written for the subject, if any. */
    public OptionalLong snapshotVersion(String pseudonym) {
        List<?> rows = entityManager.createNativeQuery("SELECT snapshot_version FROM profile_subject WHERE pseudonym = ?1")
                .setParameter(1, pseudonym).getResultList();
        return rows.isEmpty() ? OptionalLong.empty() : OptionalLong.of(((Number) rows.get(0)).longValue());
    }
}
