package dev.personalization.consent.service;

import dev.personalization.infra.testing.ManagementInterface;
import dev.personalization.consent.testing.ConsentTestSupport;
import static dev.personalization.consent.testing.ConsentTestSupport.count;
import static dev.personalization.consent.testing.ConsentTestSupport.decide;
import static dev.personalization.consent.testing.ConsentTestSupport.newSubject;
import static dev.personalization.consent.testing.ConsentTestSupport.pseudonym;
import static dev.personalization.consent.testing.ConsentTestSupport.readEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.personalization.consent.service.ConsentService;
import dev.personalization.contracts.Topics;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKafka;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Every decision reaches the real broker through the outbox: once, in order, even across an outage. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent_test"))
class OutboxKafkaTests {

    @Inject
    DataSource dataSource;

    @Inject
    ConsentService consents;

    @Test
    void aDecisionIsPublishedKeyedByPseudonymWithTheEnvelope() {
        String subject = newSubject();
        decide(subject, "browsing", true).statusCode(200);

        List<JsonNode> events = readEvents(Topics.CONSENT_DECISIONS, pseudonym(subject), 1, Duration.ofSeconds(30));
        assertEquals(1, events.size());
        JsonNode event = events.get(0);
        assertEquals("consent.decision.v1", event.get("type").asText());
        assertEquals("consent-service", event.get("source").asText());
        assertEquals(pseudonym(subject), event.get("subject").asText());
        assertEquals(1, event.get("schemaVersion").asInt());
        assertEquals("browsing", event.at("/data/purpose").asText());
        assertEquals("granted", event.at("/data/state").asText());
        assertEquals(1, event.at("/data/consentVersion").asLong());
        assertTrue(event.get("time").asText().endsWith("Z"));
        assertTrue(!event.toString().contains(subject), "the raw subject id must not travel");
    }

    @Test
    void decisionsMadeWhileTheBrokerIsDownArriveOnceAndInOrderAfterItReturns() {
        String subject = newSubject();
        TestKafka.stop();
        try {
            decide(subject, "search", true).statusCode(200);
            decide(subject, "search", false).statusCode(200);
            decide(subject, "search", true).statusCode(200);
            decide(subject, "purchases", true).statusCode(200);
            assertEquals(4, count(dataSource,
                    "SELECT count(*) FROM outbox_event WHERE message_key = ? AND published_at IS NULL", pseudonym(subject)));
            // still ready: decisions are accepted, the backlog is reported
            ManagementInterface.given().get("/q/health/ready").then()
                    .statusCode(200)
                    .body("checks.find { it.name == 'kafka-outbox' }.status", org.hamcrest.Matchers.equalTo("UP"))
                    .body("checks.find { it.name == 'kafka-outbox' }.data.pendingEvents",
                            org.hamcrest.Matchers.greaterThanOrEqualTo(4));
        } finally {
            TestKafka.start();
        }

        List<JsonNode> events = readEvents(Topics.CONSENT_DECISIONS, pseudonym(subject), 4, Duration.ofSeconds(60));
        assertEquals(4, events.size(), "every event exactly once");
        Set<String> ids = events.stream().map(e -> e.get("id").asText()).collect(Collectors.toSet());
        assertEquals(4, ids.size(), "no duplicates");
        assertEquals(List.of("search:granted:1", "search:withdrawn:2", "search:granted:3", "purchases:granted:1"),
                events.stream().map(e -> e.at("/data/purpose").asText() + ":" + e.at("/data/state").asText() + ":"
                        + e.at("/data/consentVersion").asLong()).toList());
        assertEquals(0, count(dataSource,
                "SELECT count(*) FROM outbox_event WHERE message_key = ? AND published_at IS NULL", pseudonym(subject)));
    }

    @Test
    void aRolledBackDecisionPublishesNothing() {
        String subject = newSubject();
        QuarkusTransaction.begin();
        consents.decide(subject, "browsing", true, "web", subject, null);
        QuarkusTransaction.rollback();
        decide(subject, "search", true).statusCode(200);

        List<JsonNode> events = readEvents(Topics.CONSENT_DECISIONS, pseudonym(subject), 1, Duration.ofSeconds(30));
        assertEquals(List.of("search"), events.stream().map(e -> e.at("/data/purpose").asText()).toList());
        assertEquals(0, count(dataSource, "SELECT count(*) FROM consent_ledger WHERE subject = ? AND purpose = 'browsing'",
                subject));
    }
}
