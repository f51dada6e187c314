package dev.personalization.consentview.service;

import static dev.personalization.infra.testing.TestDatabase.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.consentview.config.ConsentViewConfig;
import dev.personalization.infra.testing.SuiteTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Consumed event ids are forgotten after consent-view.processed-events.keep, and only those. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "consent_view_test"))
class ProcessedEventPurgeJobTests {

    @Inject
    DataSource dataSource;

    @Inject
    ProcessedEventPurgeJob job;

    @Inject
    ConsentViewConfig config;

    @Test
    void keepsThirtyDaysByDefault() {
        assertEquals(Duration.ofDays(30), config.processedEvents().keep());
    }

    @Test
    void forgetsIdsOlderThanTheKeepPeriodOnly() {
        // now, so that the other tests' recent ids are not touched
        Instant now = Instant.now();
        UUID old = insert(now.minus(Duration.ofDays(30)).minusSeconds(1));
        UUID borderline = insert(now.minus(Duration.ofDays(30)).plusSeconds(1));
        UUID recent = insert(now.minus(Duration.ofHours(1)));

        assertTrue(job.purge(now) >= 1);

        assertEquals(0, count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?", old));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?", borderline));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?", recent));
        // a second run finds nothing more to forget
        assertEquals(0, job.purge(now.minusSeconds(2)));
    }

    private UUID insert(Instant processedAt) {
        UUID id = UUID.randomUUID();
        try (var connection = dataSource.getConnection();
                var statement = connection.prepareStatement(
                        "INSERT INTO processed_event (event_id, topic, processed_at) VALUES (?, 'purge-test', ?)")) {
            statement.setObject(1, id);
            statement.setTimestamp(2, Timestamp.from(processedAt));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }
}
