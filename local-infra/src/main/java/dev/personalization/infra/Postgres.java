package dev.personalization.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * The PostgreSQL server the suite and its tests use: the machine's own at 127.0.0.1:5432 when it
 * answers, else an embedded one (see {@link EmbeddedPostgresMain}). Creates one database per service.
 */
public final class Postgres {

    public static final int LOCAL_PORT = 5432;
    public static final String USER = "postgres";
    /** Empty for the trust authentication of a dev machine; PGPASSWORD where the server asks for one. */
    public static final String PASSWORD = System.getenv().getOrDefault("PGPASSWORD", "");
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

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

    /** Creates the database when it does not exist yet. */
    public void ensureDatabase(String name) {
        requireValidName(name);
        try (Connection connection = adminConnection();
                PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // created concurrently by another process
                throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
            }
        }
    }

    /** Drops and creates the database, so that a test run starts from an empty schema. */
    public void recreateDatabase(String name) {
        requireValidName(name);
        try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate database " + name + ": " + e.getMessage(), e);
        }
    }

    private Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
    }

    private static void requireValidName(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
    }
}
