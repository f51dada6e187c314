package dev.personalization.consentview.service;

import static dev.personalization.consentview.testing.ConsentViewTestSupport.TIMEOUT;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.awaitConsent;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.counted;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.decision;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.grant;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.holds;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.newPseudonym;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.publish;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.publishMarker;
import static dev.personalization.infra.testing.TestDatabase.count;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.Topics;
import dev.personalization.infra.Postgres;
import dev.personalization.infra.testing.Eventually;
import dev.personalization.infra.testing.ManagementInterface;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestEvents;
import dev.personalization.infra.testing.TestKafka;
import dev.personalization.infra.testing.TestPostgres;
import dev.personalization.kit.problem.ProblemException;
import dev.personalization.kit.problem.ProblemType;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The view is trusted only when caught up: at start it reads the topic's end offsets and is not ready,
 * and refuses to answer on consent (503), until it has applied the topic up to them; the same after
 * losing the broker. Where it stands is kept in its own table, with the view, so that a restart resumes
 * exactly there.
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "consent_view_test"))
class CatchUpTests {

    @Inject
    DataSource dataSource;

    @Inject
    ConsentViewService views;

    @Inject
    ConsentTopicReader reader;

    @Inject
    MeterRegistry metrics;

    @AfterEach
    void leaveTheViewRunningAndCaughtUp() {
        reader.start();
        awaitReadiness(200);
    }

    @Test
    void atStartTheViewIsNotReadyAndRefusesConsentUntilItHasCaughtUp() throws SQLException {
        awaitReadiness(200);
        reader.stop();
        readiness(503, "stopped");
        assertUnavailable();

        // decisions published while the view's consumer was away: the target of the next start
        String pseudonym = newPseudonym();
        List<EventEnvelope<ConsentDecisionV1>> burst = new ArrayList<>();
        for (int version = 1; version <= 40; version++) {
            burst.add(version % 2 == 1 ? grant(pseudonym, "browsing", version)
                    : decision(pseudonym, "browsing", ConsentDecisionV1.WITHDRAWN, version, null));
        }
        TestEvents.publishBurst(Topics.CONSENT_DECISIONS, burst);

        try (Connection blocker = dataSource.getConnection()) {
            // the view can read, but not record where it stands, until the test lets it: a slow database
            blocker.setAutoCommit(false);
            try (Statement statement = blocker.createStatement()) {
                statement.execute("LOCK TABLE consent_view_offset IN EXCLUSIVE MODE");
            }
            reader.start();
            Eventually.await("the view reading towards its target", TIMEOUT,
                    () -> "catching-up".equals(readinessCheck().getString("checks.find { it.name == 'consent-view' }.data.state")));
            JsonPath health = readiness(503, "catching-up");
            assertTrue(health.getLong("checks.find { it.name == 'consent-view' }.data.behind") >= 40, health.prettify());
            assertUnavailable();
            assertFalse(holds(views, pseudonym, "browsing", ConsentDecisionV1.WITHDRAWN, 40));
            blocker.rollback();
        }

        awaitReadiness(200);
        JsonPath health = readinessCheck();
        assertEquals("caught-up", health.getString("checks.find { it.name == 'consent-view' }.data.state"));
        assertEquals(0, health.getLong("checks.find { it.name == 'consent-view' }.data.behind"));
        // trusted now, and already holding the last of the burst
        assertTrue(holds(views, pseudonym, "browsing", ConsentDecisionV1.WITHDRAWN, 40));
        assertFalse(views.permits(pseudonym, "browsing", Instant.now()));
        views.requireCaughtUp();
    }

    @Test
    void losingTheBrokerMakesTheViewNotReadyUntilItHasCaughtUpAgain() {
        awaitReadiness(200);
        String pseudonym = newPseudonym();
        publish(grant(pseudonym, "browsing", 1));
        awaitConsent(views, pseudonym, "browsing", ConsentDecisionV1.GRANTED, 1);

        TestKafka.stop();
        try {
            Eventually.await("readiness noticing the lost broker", TIMEOUT,
                    () -> "broker-unreachable".equals(readinessCheck()
                            .getString("checks.find { it.name == 'consent-view' }.data.state")));
            readiness(503, "broker-unreachable");
            // what was withdrawn meanwhile cannot be known: no answer rather than a guess
            assertUnavailable();
        } finally {
            TestKafka.start();
        }

        awaitReadiness(200);
        assertTrue(views.permits(pseudonym, "browsing", Instant.now()));
        publish(decision(pseudonym, "browsing", ConsentDecisionV1.WITHDRAWN, 2, null));
        awaitConsent(views, pseudonym, "browsing", ConsentDecisionV1.WITHDRAWN, 2);
        assertFalse(views.permits(pseudonym, "browsing", Instant.now()));
    }

    @Test
    void aBatchThatCannotBeStoredIsNotTakenAsReadAndIsTriedAgain() throws SQLException {
        awaitReadiness(200);
        String pseudonym = newPseudonym();
        double appliedAtFirst = counted(metrics, "applied");
        publish(grant(pseudonym, "browsing", 1));
        awaitConsent(views, pseudonym, "browsing", ConsentDecisionV1.GRANTED, 1);
        // outcomes are counted just after the commit that makes them visible
        Eventually.await("the grant counted", TIMEOUT, () -> counted(metrics, "applied") >= appliedAtFirst + 1);
        double appliedBefore = counted(metrics, "applied");

        // the database refuses to record the view's progress (as the superuser arranges behind its back)
        try (Connection admin = superuser()) {
            try (Statement statement = admin.createStatement()) {
                statement.execute("""
                        CREATE FUNCTION refuse_progress() RETURNS trigger AS $$
                        BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql""");
                statement.execute("CREATE TRIGGER refuse_progress BEFORE INSERT OR UPDATE ON consent_view_offset "
                        + "FOR EACH ROW EXECUTE FUNCTION refuse_progress()");
            }
            EventEnvelope<ConsentDecisionV1> withdrawal = decision(pseudonym, "browsing", ConsentDecisionV1.WITHDRAWN, 2, null);
            try {
                publish(withdrawal);
                Eventually.await("readiness reporting the failing store", TIMEOUT,
                        () -> "store-failing".equals(readinessCheck()
                                .getString("checks.find { it.name == 'consent-view' }.data.state")));
                readiness(503, "store-failing");
                assertUnavailable();
                // nothing of the failed batch stays: neither the decision nor its event id
                assertEquals(0, count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?",
                        withdrawal.id()));
            } finally {
                try (Statement statement = admin.createStatement()) {
                    statement.execute("DROP TRIGGER refuse_progress ON consent_view_offset");
                    statement.execute("DROP FUNCTION refuse_progress()");
                }
            }
            awaitReadiness(200);
            assertTrue(holds(views, pseudonym, "browsing", ConsentDecisionV1.WITHDRAWN, 2));
            assertEquals(1, count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?", withdrawal.id()));
            // counted once, when it was finally stored, however often it was tried
            Eventually.await("the withdrawal counted", TIMEOUT, () -> counted(metrics, "applied") >= appliedBefore + 1);
            assertEquals(appliedBefore + 1, counted(metrics, "applied"));
        }
    }

    @Test
    void whereTheViewStandsIsKeptWithItAndARestartResumesThere() {
        awaitReadiness(200);
        String pseudonym = newPseudonym();
        publish(grant(pseudonym, "browsing", 1));
        publishMarker(views, pseudonym);

        // every partition's next offset, in the view's own table, is the topic's end: nothing left behind
        Eventually.await("the stored offsets reaching the topic's end", TIMEOUT,
                () -> storedOffsets().equals(endOffsets()));

        double duplicatesBefore = counted(metrics, "duplicate");
        long processedBefore = count(dataSource, "SELECT count(*) FROM processed_event");
        reader.stop();
        publish(decision(pseudonym, "browsing", ConsentDecisionV1.WITHDRAWN, 2, null));
        reader.start();
        awaitConsent(views, pseudonym, "browsing", ConsentDecisionV1.WITHDRAWN, 2);
        publishMarker(views, newPseudonym());

        // resumed at the stored offsets: nothing read a second time, the one new event applied
        assertEquals(duplicatesBefore, counted(metrics, "duplicate"));
        assertEquals(processedBefore + 2, count(dataSource, "SELECT count(*) FROM processed_event"));
        assertEquals(endOffsets(), storedOffsets());
    }

    private static Connection superuser() throws SQLException {
        return DriverManager.getConnection(TestPostgres.server().jdbcUrl("consent_view_test"), Postgres.USER,
                Postgres.PASSWORD);
    }

    private Map<Integer, Long> storedOffsets() {
        try (var connection = dataSource.getConnection();
                var statement = connection.prepareStatement(
                        "SELECT kafka_partition, next_offset FROM consent_view_offset WHERE topic = ?")) {
            statement.setString(1, Topics.CONSENT_DECISIONS);
            try (var rows = statement.executeQuery()) {
                Map<Integer, Long> offsets = new java.util.HashMap<>();
                while (rows.next()) {
                    offsets.put(rows.getInt(1), rows.getLong(2));
                }
                return offsets;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The topic's end offsets, leaving out empty partitions (the view stores nothing for those). */
    private static Map<Integer, Long> endOffsets() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class)),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CONSENT_DECISIONS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            return consumer.endOffsets(partitions).entrySet().stream()
                    .filter(entry -> entry.getValue() > 0)
                    .collect(Collectors.toMap(entry -> entry.getKey().partition(), Map.Entry::getValue));
        }
    }

    private void assertUnavailable() {
        for (Runnable call : List.<Runnable>of(
                () -> views.requireCaughtUp(),
                () -> views.permits(newPseudonym(), "browsing", Instant.now()),
                () -> views.current(newPseudonym(), Instant.now()))) {
            ProblemException refused = assertThrows(ProblemException.class, call::run);
            assertEquals(503, refused.problem().status());
            assertEquals(ProblemType.SERVICE_UNAVAILABLE.uri(), refused.problem().type());
        }
    }

    private static JsonPath readinessCheck() {
        return ManagementInterface.given().get("/q/health/ready").then().extract().jsonPath();
    }

    private static JsonPath readiness(int status, String state) {
        return ManagementInterface.given().get("/q/health/ready").then()
                .statusCode(status)
                .body("checks.find { it.name == 'consent-view' }.status", equalTo(status == 200 ? "UP" : "DOWN"))
                .body("checks.find { it.name == 'consent-view' }.data.state", equalTo(state))
                .body("checks.find { it.name == 'consent-view' }.data.partitions", greaterThan(-1))
                .extract().jsonPath();
    }

    private static void awaitReadiness(int status) {
        Eventually.await("readiness " + status, TIMEOUT,
                () -> ManagementInterface.given().get("/q/health/ready").statusCode() == status);
    }
}
