package dev.personalization.recommendation.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * What a cached recommendation answer is stamped with, in one round trip outside any transaction: the
 * subject's rows of the consent view (the consent-view module's table in this database) and the version of
 * the newest feature snapshot applied. This is the whole cost of a repeated request.
 */
@ApplicationScoped
public class SubjectStateRepository {

    /** One purpose's decision as the consent view holds it. */
    public record ConsentRow(String purpose, String state, long consentVersion, Instant expiresAt) {
    }

    /** @param snapshotVersion 0 when no snapshot was applied */
    public record SubjectState(List<ConsentRow> consents, long snapshotVersion) {
    }

    private final DataSource dataSource;

    public SubjectStateRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public SubjectState read(String pseudonym) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT c.purpose, c.state, c.consent_version, c.expires_at,
                            (SELECT snapshot_version FROM subject_snapshot WHERE pseudonym = ?)
                     FROM (VALUES (1)) AS one LEFT JOIN consent_view c ON c.pseudonym = ?
                     """)) {
            select.setString(1, pseudonym);
            select.setString(2, pseudonym);
            List<ConsentRow> consents = new ArrayList<>(3);
            long snapshot = 0;
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    snapshot = result.getLong(5);
                    if (result.getString(1) != null) {
                        Timestamp expires = result.getTimestamp(4);
                        consents.add(new ConsentRow(result.getString(1), result.getString(2), result.getLong(3),
                                expires == null ? null : expires.toInstant()));
                    }
                }
            }
            return new SubjectState(consents, snapshot);
        } catch (SQLException e) {
            throw new IllegalStateException("the subject's consent and snapshot could not be read", e);
        }
    }
}
