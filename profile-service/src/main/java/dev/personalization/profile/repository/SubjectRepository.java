package dev.personalization.profile.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import org.hibernate.Session;

/** Per subject: the snapshot version counter, whose row serializes the subject's profile changes. */
@ApplicationScoped
public class SubjectRepository {

    private final EntityManager entityManager;

    public SubjectRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Takes the subject's row lock for the rest of the caller's transaction and returns the next snapshot
     * version (1 for a new subject). Another change of the same subject waits here until this one commits,
     * so snapshot versions and outbox order agree.
     */
    public long nextSnapshotVersion(String pseudonym, Instant now) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO profile_subject (pseudonym, snapshot_version, updated_at) VALUES (?, 1, ?)
                    ON CONFLICT (pseudonym) DO UPDATE SET
                        snapshot_version = profile_subject.snapshot_version + 1,
                        updated_at = EXCLUDED.updated_at
                    RETURNING snapshot_version
                    """)) {
                upsert.setString(1, pseudonym);
                upsert.setTimestamp(2, Timestamp.from(now));
                try (ResultSet rows = upsert.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }
}
