package dev.personalization.consent.repository;

import static dev.personalization.consent.testing.ConsentTestSupport.ref;
import static dev.personalization.consent.testing.ConsentTestSupport.decide;
import static dev.personalization.consent.testing.ConsentTestSupport.newSubject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.infra.testing.SuiteTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the service's runtime role may do in its database, tried with the very credentials the service
 * connects with: it owns nothing and creates nothing; on the ledger and its checkpoints it may add and
 * read rows, and nothing else (no update, delete or truncate, no switching triggers off, no change to
 * the tables). Whoever steals the service's credentials cannot rewrite the record.
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent_test"))
class RuntimeRolePrivilegesTests {

    /** PostgreSQL's insufficient_privilege, also what "must be owner of table" answers. */
    private static final String REFUSED = "42501";

    @Test
    void theServiceRunsAsALoginRoleThatOwnsNothingAndMayNotEscalate() throws SQLException {
        try (Connection connection = asTheService(); Statement statement = connection.createStatement()) {
            try (ResultSet role = statement.executeQuery("""
                    SELECT current_user, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication
                    FROM pg_roles WHERE rolname = current_user""")) {
                assertTrue(role.next());
                assertEquals(config().getValue("quarkus.datasource.username", String.class), role.getString(1));
                assertNotEquals(migrationRole(), role.getString(1), "the service must not run as the migrations' owner");
                for (int column = 2; column <= 6; column++) {
                    assertFalse(role.getBoolean(column), role.getMetaData().getColumnName(column));
                }
            }
            // pg_shdepend records every owner of every object in every database of the cluster
            try (ResultSet owned = statement.executeQuery("""
                    SELECT count(*) FROM pg_shdepend
                    WHERE deptype = 'o' AND refobjid = (SELECT oid FROM pg_roles WHERE rolname = current_user)""")) {
                owned.next();
                assertEquals(0, owned.getLong(1), "objects owned by the runtime role");
            }
            try (ResultSet members = statement.executeQuery(
                    "SELECT count(*) FROM pg_auth_members WHERE member = (SELECT oid FROM pg_roles WHERE rolname = current_user)")) {
                members.next();
                assertEquals(0, members.getLong(1), "roles the runtime role could act as");
            }
            assertRefused(connection, "CREATE TABLE intruder (id INT)");
            assertRefused(connection, "CREATE SCHEMA intruder");
            assertRefused(connection, "CREATE TEMPORARY TABLE intruder (id INT)");
            assertRefused(connection, "CREATE FUNCTION intruder() RETURNS INT AS 'SELECT 1' LANGUAGE sql");
            assertRefused(connection, "SET session_replication_role = replica"); // would skip every trigger
        }
    }

    @Test
    void everyTableOfTheSchemaIsOwnedByTheMigrationRole() throws SQLException {
        List<String> others = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        try (Connection connection = asTheService(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
                if (!migrationRole().equals(rows.getString(2))) {
                    others.add(rows.getString(1) + " (" + rows.getString(2) + ")");
                }
            }
        }
        assertTrue(tables.contains("consent_ledger"), "the schema is migrated: " + tables);
        assertEquals(List.of(), others, "tables owned by another role than " + migrationRole());
    }

    @Test
    void theRuntimeRoleAddsToTheLedgerAndReadsItButCannotRewriteIt() throws SQLException {
        String subject = newSubject();
        decide(subject, "browsing", true).statusCode(200); // the service's own INSERT, as this role
        decide(subject, "browsing", false).statusCode(200);
        try (Connection connection = asTheService()) {
            assertEquals(2, count(connection, "SELECT count(*) FROM consent_ledger WHERE subject_ref = ?", ref(subject)));

            // INSERT by hand too (a copy of the subject's rows under other ids), then undone
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO consent_ledger
                    SELECT (jsonb_populate_record(l, jsonb_build_object(
                        'id', -l.id, 'consent_version', -l.consent_version))).*
                    FROM consent_ledger l WHERE l.subject_ref = ?""")) {
                insert.setString(1, ref(subject));
                assertEquals(2, insert.executeUpdate());
            }
            connection.rollback();
            connection.setAutoCommit(true);

            String where = " WHERE subject_ref = '" + ref(subject) + "'";
            assertRefused(connection, "UPDATE consent_ledger SET decision = 'granted'" + where);
            assertRefused(connection, "DELETE FROM consent_ledger" + where);
            assertRefused(connection, "TRUNCATE consent_ledger");
            assertRefused(connection, "ALTER TABLE consent_ledger DISABLE TRIGGER ALL");
            assertRefused(connection, "ALTER TABLE consent_ledger DISABLE TRIGGER consent_ledger_no_update");
            assertRefused(connection, "DROP TRIGGER consent_ledger_no_update ON consent_ledger");
            assertRefused(connection, "DROP TABLE consent_ledger");
            assertRefused(connection, "CREATE TRIGGER intruder BEFORE INSERT ON consent_ledger "
                    + "FOR EACH ROW EXECUTE FUNCTION consent_ledger_is_append_only()");
            assertRefused(connection, "CREATE OR REPLACE FUNCTION consent_ledger_is_append_only() RETURNS trigger "
                    + "AS 'BEGIN RETURN NEW; END' LANGUAGE plpgsql");
            assertEquals(2, count(connection, "SELECT count(*) FROM consent_ledger WHERE subject_ref = ?", ref(subject)));
        }
    }

    /** Erasure destroys a subject's data key: the one ledger-side DELETE the runtime role may do. */
    @Test
    void theRuntimeRoleMayDeleteASubjectKeyButNotRewriteOne() throws SQLException {
        String subject = newSubject();
        decide(subject, "browsing", true).statusCode(200);
        String chain = ref(subject);
        try (Connection connection = asTheService()) {
            assertRefused(connection, "UPDATE subject_key SET wrapped_key = 'x' WHERE subject_ref = '" + chain + "'");
            assertRefused(connection, "TRUNCATE subject_key");
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM subject_key WHERE subject_ref = ?")) {
                delete.setString(1, chain);
                assertEquals(1, delete.executeUpdate());
            }
            connection.rollback();
            connection.setAutoCommit(true);
            assertEquals(1, count(connection, "SELECT count(*) FROM subject_key WHERE subject_ref = ?", chain));
        }
    }

    /** The ledger's signed checkpoints are as append-only as the ledger, for this role. */
    @ParameterizedTest
    @ValueSource(strings = { "consent_ledger", "ledger_checkpoint", "ledger_checkpoint_head" })
    void onTheLedgersTablesTheRuntimeRoleMayOnlyInsertAndSelect(String table) throws SQLException {
        try (Connection connection = asTheService()) {
            try (PreparedStatement rights = connection.prepareStatement("""
                    SELECT p FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES',
                        'TRIGGER']) AS p
                    WHERE has_table_privilege(current_user, ?::regclass, p) ORDER BY p""")) {
                rights.setString(1, table);
                List<String> held = new ArrayList<>();
                try (ResultSet rows = rights.executeQuery()) {
                    while (rows.next()) {
                        held.add(rows.getString(1));
                    }
                }
                assertEquals(List.of("INSERT", "SELECT"), held, "the runtime role's rights on " + table);
            }
            String column = firstColumn(connection, table);
            assertRefused(connection, "UPDATE " + table + " SET " + column + " = " + column);
            assertRefused(connection, "DELETE FROM " + table);
            assertRefused(connection, "TRUNCATE " + table);
            assertRefused(connection, "ALTER TABLE " + table + " DISABLE TRIGGER ALL");
            assertRefused(connection, "DROP TABLE " + table);
        }
    }

    @Test
    void theMigrationHistoryIsTheMigrationRolesAlone() throws SQLException {
        try (Connection connection = asTheService()) {
            assertRefused(connection, "SELECT count(*) FROM flyway_schema_history");
            assertRefused(connection, "DELETE FROM flyway_schema_history WHERE version = '4'");
        }
    }

    private static Config config() {
        return ConfigProvider.getConfig();
    }

    private static String migrationRole() {
        return config().getValue("quarkus.flyway.username", String.class);
    }

    /** A connection of its own, with exactly the credentials the service's datasource uses. */
    private static Connection asTheService() throws SQLException {
        return DriverManager.getConnection(config().getValue("quarkus.datasource.jdbc.url", String.class),
                config().getValue("quarkus.datasource.username", String.class),
                config().getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    private static void assertRefused(Connection connection, String sql) {
        SQLException refusal = assertThrows(SQLException.class, () -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }, "allowed: " + sql);
        assertEquals(REFUSED, refusal.getSQLState(), sql + " failed otherwise: " + refusal.getMessage());
    }

    private static long count(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static String firstColumn(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position LIMIT 1""")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                assertTrue(rows.next(), table + " exists");
                return rows.getString(1);
            }
        }
    }
}
