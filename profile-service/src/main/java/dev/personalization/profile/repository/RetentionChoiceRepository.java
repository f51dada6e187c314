package dev.personalization.profile.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.Session;

/** The shorter retention windows shoppers chose, per purpose. */
@ApplicationScoped
public class RetentionChoiceRepository {

    private final EntityManager entityManager;

    public RetentionChoiceRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Purpose to chosen days, for the purposes the subject chose a window for. */
    public Map<String, Integer> forPseudonym(String pseudonym) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT purpose, days FROM retention_choice WHERE pseudonym = ?")) {
                select.setString(1, pseudonym);
                Map<String, Integer> choices = new HashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        choices.put(rows.getString(1), rows.getInt(2));
                    }
                }
                return choices;
            }
        });
    }

    public void choose(String pseudonym, String purpose, int days, Instant now) {
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO retention_choice (pseudonym, purpose, days, chosen_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (pseudonym, purpose) DO UPDATE SET days = EXCLUDED.days, chosen_at = EXCLUDED.chosen_at
                    """)) {
                upsert.setString(1, pseudonym);
                upsert.setString(2, purpose);
                upsert.setInt(3, days);
                upsert.setTimestamp(4, Timestamp.from(now));
                upsert.executeUpdate();
            }
        });
    }
}
