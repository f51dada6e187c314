package dev.personalization.infra.testing;

import dev.personalization.infra.Postgres;
import dev.personalization.infra.Postgres.Credentials;
import dev.personalization.infra.Postgres.ServiceDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Assertions on rows: what a test reads straight from a service's database. */
public final class TestDatabase {

    private TestDatabase() {
    }

    /** The single number a {@code SELECT count(*) ...} query answers. */
    public static long count(DataSource dataSource, String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The tables of the database's public schema with a row whose text contains the needle (case-insensitive):
     * for proving that a subject's raw id or pseudonym is gone from every table.
     */
    public static List<String> tablesContaining(Connection connection, String needle) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement list = connection.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
                ResultSet rows = list.executeQuery()) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        List<String> found = new ArrayList<>();
        for (String table : tables) {
            try (PreparedStatement search = connection.prepareStatement(
                    "SELECT count(*) FROM \"" + table + "\" t WHERE t::text ILIKE ?")) {
                search.setString(1, "%" + needle + "%");
                try (ResultSet rows = search.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) > 0) {
                        found.add(table);
                    }
                }
            }
        }
        if (tables.size() < 5) {
            throw new AssertionError("expected the service's tables, found " + tables);
        }
        return found;
    }

    /**
     * A connection to a test database as its owner role, the one migrations run as: for a test that
     * does what the service's runtime role may not, such as rewriting the ledger behind its back.
     */
    public static Connection asOwner(String database) throws SQLException {
        return connect(database, TestPostgres.database(database).owner());
    }

    /** A connection to a test database as the service's runtime role (what its datasource uses). */
    public static Connection asRuntimeRole(String database) throws SQLException {
        return connect(database, TestPostgres.database(database).app());
    }

    /** A connection to a test database as the server's superuser, who may do anything there. */
    public static Connection asSuperuser(String database) throws SQLException {
        return connect(database, new Credentials(Postgres.USER, Postgres.PASSWORD));
    }

    private static Connection connect(String database, Credentials credentials) throws SQLException {
        ServiceDatabase roles = TestPostgres.database(database);
        return DriverManager.getConnection(roles.jdbcUrl(), credentials.user(), credentials.password());
    }
}
