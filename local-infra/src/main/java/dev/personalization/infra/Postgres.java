package dev.personalization.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The PostgreSQL server the suite and its tests use: the machine's own at 127.0.0.1:5432 when it
 * answers, else an embedded one (see {@link EmbeddedPostgresMain}). Creates one database per service,
 * with two roles of its own (see {@link ServiceDatabase}): the superuser here only sets them up.
 */
public final class Postgres {

    public static final int LOCAL_PORT = 5432;
    public static final String USER = "postgres";
    /** Empty for the trust authentication of a dev machine; PGPASSWORD where the server asks for one. */
    public static final String PASSWORD = System.getenv().getOrDefault("PGPASSWORD", "");
    /**
     * The password the suite and the tests give a service's roles. The local server trusts 127.0.0.1 and
     * ignores it; it exists because a server that asks for passwords needs one, and because Quarkus
     * uses Flyway's own credentials only when both a user and a non-empty password are given.
     */
    public static final String LOCAL_ROLE_PASSWORD = "local-only";
    // role names are the database's plus "_owner" or "_app", and a name has at most 63 bytes
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,56}");

    /** A login role and its password. */
    public record Credentials(String user, String password) {
        @Override
        public String toString() {
            return user; // never the password
        }
    }

    /**
     * A service's database and its two login roles. {@code owner} owns the database, its schema and
     * every object the migrations create (Flyway connects as it); {@code app} is the service's runtime
     * role: it owns nothing, may connect and use the schema but create nothing in it, and gets SELECT,
     * INSERT, UPDATE and DELETE on the owner's tables and USAGE and SELECT on its sequences through
     * default privileges. A migration narrows that further where a table must not be rewritten (the
     * consent ledger). Role names are cluster-wide, so they are derived from the database's name.
     */
    public record ServiceDatabase(String name, String jdbcUrl, Credentials owner, Credentials app) {
    }

    private final int port;

    public Postgres(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public boolean isUp() {
        return Ports.isListening(port);
    }

    /** The roles of a service's database: {@code <name>_owner} and {@code <name>_app}. */
    public ServiceDatabase serviceDatabase(String name, String ownerPassword, String appPassword) {
        requireValidName(name);
        return new ServiceDatabase(name, jdbcUrl(name), new Credentials(name + "_owner", ownerPassword),
                new Credentials(name + "_app", appPassword));
    }

    /** The roles of a service's database, both with {@link #LOCAL_ROLE_PASSWORD}. */
    public ServiceDatabase serviceDatabase(String name) {
        return serviceDatabase(name, LOCAL_ROLE_PASSWORD, LOCAL_ROLE_PASSWORD);
    }

    /**
     * Creates the database and its roles when they do not exist yet and (re)applies the roles' rights
     * and passwords. A database made before the roles existed (every object owned by the superuser) is
     * handed over to the owner role once, its runtime role getting what default privileges would have
     * given it; after that nothing is granted again, so that what a migration revoked stays revoked.
     */
    public ServiceDatabase ensureDatabase(ServiceDatabase database) {
        try (Connection connection = adminConnection("postgres")) {
            try (Statement statement = connection.createStatement()) {
                // as PostgreSQL 15 has it by default: a runtime role owns nothing in the maintenance
                // database either (the embedded server is a 14)
                statement.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            }
            ensureRoles(connection, database);
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                query.setString(1, database.name());
                try (ResultSet rows = query.executeQuery()) {
                    exists = rows.next();
                }
            }
            if (!exists) {
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + database.name() + " OWNER " + database.owner().user());
                } catch (SQLException e) {
                    if (!"42P04".equals(e.getSQLState())) { // created concurrently by another process
                        throw e;
                    }
                }
            }
            grantDatabase(connection, database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database.name() + ": " + e.getMessage(), e);
        }
        try (Connection connection = adminConnection(database.name())) {
            prepareSchema(connection, database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up the roles of " + database.name() + ": " + e.getMessage(), e);
        }
        return database;
    }

    /** Drops and creates the database (and ensures its roles), so that a test run starts from an empty schema. */
    public ServiceDatabase recreateDatabase(ServiceDatabase database) {
        try (Connection connection = adminConnection("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate database " + database.name() + ": " + e.getMessage(), e);
        }
        return ensureDatabase(database);
    }

    private static void ensureRoles(Connection connection, ServiceDatabase database) throws SQLException {
        for (Credentials role : List.of(database.owner(), database.app())) {
            // neither may do more than its own database allows: no superuser, no new roles or databases
            String attributes = " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD "
                    + literal(role.password());
            try (Statement statement = connection.createStatement()) {
                try {
                    statement.execute("CREATE ROLE " + role.user() + attributes);
                } catch (SQLException e) {
                    // 42710: it exists; 23505: another process created it at the same moment
                    if (!"42710".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                    statement.execute("ALTER ROLE " + role.user() + attributes);
                }
            }
        }
    }

    private static void grantDatabase(Connection connection, ServiceDatabase database) throws SQLException {
        String name = database.name();
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE " + name + " OWNER TO " + database.owner().user());
            // no other role connects or makes temporary tables here; the runtime role only connects
            statement.execute("REVOKE ALL ON DATABASE " + name + " FROM PUBLIC");
            statement.execute("REVOKE ALL ON DATABASE " + name + " FROM " + database.app().user());
            statement.execute("GRANT CONNECT ON DATABASE " + name + " TO " + database.app().user());
        }
    }

    private static void prepareSchema(Connection connection, ServiceDatabase database) throws SQLException {
        String owner = database.owner().user();
        String app = database.app().user();
        try (Statement statement = connection.createStatement()) {
            // PostgreSQL 14 (the embedded server) lets PUBLIC create in schema public; 15 does not
            statement.execute("ALTER SCHEMA public OWNER TO " + owner);
            statement.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC");
            statement.execute("REVOKE ALL ON SCHEMA public FROM " + app);
            statement.execute("GRANT USAGE ON SCHEMA public TO " + app);
            statement.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + owner
                    + " IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + app);
            statement.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + owner
                    + " IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO " + app);
            adoptObjectsOfOthers(statement, owner, app);
        }
    }

    /**
     * Hands the objects of a database made before the roles existed over to the owner role, with the
     * runtime role's default rights on them. Runs only while some object is owned by another role.
     */
    private static void adoptObjectsOfOthers(Statement statement, String owner, String app) throws SQLException {
        List<String> changes = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("""
                SELECT c.relkind, quote_ident(c.relname)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                  AND pg_get_userbyid(c.relowner) <> '%s'
                  -- a sequence owned by a column changes owner with its table
                  AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d
                        WHERE d.objid = c.oid AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0))
                """.formatted(owner))) {
            while (rows.next()) {
                String relation = rows.getString(2);
                boolean sequence = "S".equals(rows.getString(1));
                changes.add("ALTER " + (sequence ? "SEQUENCE " : "TABLE ") + relation + " OWNER TO " + owner);
                if (!sequence) {
                    tables.add(relation);
                }
            }
        }
        try (ResultSet rows = statement.executeQuery("""
                SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> '%s'
                """.formatted(owner))) {
            while (rows.next()) {
                changes.add("ALTER ROUTINE " + rows.getString(1) + " OWNER TO " + owner);
            }
        }
        if (changes.isEmpty()) {
            return;
        }
        for (String change : changes) {
            statement.execute(change);
        }
        // only the objects adopted now: a table a migration narrowed keeps its narrower rights
        for (String table : tables) {
            statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + table + " TO " + app);
        }
        statement.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + app);
    }

    /**
     * VACUUM ANALYZE of every table of a database: a server may run with autovacuum off (this machine's
     * kind does), so a benchmark would otherwise measure tables bloated by earlier runs' dead rows, which
     * a production server's autovacuum would have reclaimed.
     */
    public void vacuum(String database) {
        requireValidName(database);
        try (Connection connection = adminConnection(database); Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE");
        } catch (SQLException e) {
            throw new IllegalStateException("VACUUM ANALYZE of " + database + " failed", e);
        }
    }

    private Connection adminConnection(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
    }

    private static String literal(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a role needs a non-empty password");
        }
        return "'" + value.replace("'", "''") + "'";
    }

    private static void requireValidName(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name (a-z, 0-9, _; at most 57): " + name);
        }
    }
}
