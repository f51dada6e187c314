package dev.personalization.consent.testing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import dev.personalization.consent.service.SubjectKeys;
import dev.personalization.contracts.SubjectPseudonym;
import io.quarkus.arc.Arc;
import dev.personalization.infra.Postgres;
import dev.personalization.infra.testing.TestDatabase;
import dev.personalization.infra.testing.TestEvents;
import dev.personalization.infra.testing.TestKeys;
import io.restassured.response.ValidatableResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the consent tests share: fresh subjects, API calls, table counts and topic reads. */
public final class ConsentTestSupport {


    private ConsentTestSupport() {
    }

    public static String newSubject() {
        return "shopper-" + UUID.randomUUID();
    }

    /** The subject's ledger chain reference (the ledger names no subject; see SubjectKeys). */
    public static String ref(String subject) {
        return Arc.container().instance(SubjectKeys.class).get().refOf(subject)
                .orElseThrow(() -> new AssertionError("the subject has no key"));
    }

    public static String pseudonym(String subject) {
        return new SubjectPseudonym(ConfigProvider.getConfig().getValue("suite.pseudonym.secret", String.class))
                .of(subject);
    }

    public static ValidatableResponse decide(String subject, String purpose, boolean granted) {
        return given().auth().oauth2(TestKeys.user(subject))
                .contentType("application/json")
                .body("{\"granted\": " + granted + "}")
                .put("/api/consents/me/" + purpose)
                .then();
    }

    public static long count(DataSource dataSource, String sql, Object... params) {
        return TestDatabase.count(dataSource, sql, params);
    }

    /** Row counts of every table a decision writes, to prove a refused request wrote nothing. */
    public static Map<String, Long> tableCounts(DataSource dataSource) {
        return List.of("consent_ledger", "consent_state", "outbox_event", "idempotency_key", "subject_chain",
                "partner_read", "purpose_version").stream()
                .collect(Collectors.toMap(t -> t, t -> count(dataSource, "SELECT count(*) FROM " + t)));
    }

    /**
     * A connection to the service's test database as the server's superuser: for tests that do what
     * the service's own role may not (rewrite the ledger, switch off its triggers) to show it is caught.
     */
    public static Connection superuser() throws SQLException {
        return DriverManager.getConnection(ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class),
                Postgres.USER, Postgres.PASSWORD);
    }

    /**
     * Runs statements as the superuser in one transaction with every trigger off (replica mode): the
     * append-only triggers and foreign keys no longer stand in the way.
     */
    public static void behindTheServicesBack(SqlWork work) {
        try (Connection connection = superuser()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL session_replication_role = replica");
            }
            work.run(connection);
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    public interface SqlWork {
        void run(Connection connection) throws SQLException;
    }

    /** Executes one statement with the given parameters; returns the rows it changed. */
    public static int execute(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            return statement.executeUpdate();
        }
    }

    /** The events of the pseudonym on the topic, read from the beginning (see {@link TestEvents#read}). */
    public static List<JsonNode> readEvents(String topic, String pseudonym, int expected, Duration timeout) {
        return TestEvents.read(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class), topic,
                pseudonym, expected, timeout);
    }
}
