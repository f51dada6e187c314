package dev.personalization.consent.service;

import dev.personalization.infra.testing.ManagementInterface;
import dev.personalization.consent.testing.ConsentTestSupport;
import static dev.personalization.consent.testing.ConsentTestSupport.ref;
import static dev.personalization.consent.testing.ConsentTestSupport.count;
import static dev.personalization.consent.testing.ConsentTestSupport.decide;
import static dev.personalization.consent.testing.ConsentTestSupport.newSubject;
import static dev.personalization.consent.testing.ConsentTestSupport.pseudonym;
import static dev.personalization.consent.testing.ConsentTestSupport.readEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.personalization.consent.service.ConsentService;
import dev.personalization.contracts.Topics;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.contracts.EventSignatures;
import dev.personalization.infra.testing.TestEvents;
import dev.personalization.infra.testing.TestKafka;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.ConfigProvider;
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

        List<ConsumerRecord<String, String>> records = records(pseudonym(subject), 1, Duration.ofSeconds(30));
        assertEquals(1, records.size());
        JsonNode event = json(records.get(0));
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
    void everyEventIsSignedWithTheEventKeyOverItsTopicKeyAndValue() {
        String subject = newSubject();
        decide(subject, "browsing", true).statusCode(200);
        decide(subject, "browsing", false).statusCode(200);

        List<ConsumerRecord<String, String>> records = records(pseudonym(subject), 2, Duration.ofSeconds(30));
        assertEquals(2, records.size());
        EventSignatures.Verifier trusting = new EventSignatures.Verifier(Map.of(TestKeys.EVENTS_KID,
                EventSignatures.readPublicKey(TestKeys.keys().publicKey("events").toString())));
        for (ConsumerRecord<String, String> record : records) {
            String signature = signature(record);
            assertNotNull(signature, "signed");
            assertTrue(new String(Base64.getUrlDecoder().decode(signature.split("\\.")[0]), StandardCharsets.UTF_8)
                    .contains("\"kid\":\"" + TestKeys.EVENTS_KID + "\""), "the protected header names the kid");
            assertNull(trusting.verify(record.topic(), record.key(), record.value(), signature));
            // the same signature does not cover the event under another subject's key, nor another value
            assertEquals(EventSignatures.Rejection.MISMATCH,
                    trusting.verify(record.topic(), pseudonym(newSubject()), record.value(), signature));
            String raised = record.value().replace("\"consentVersion\":", "\"consentVersion\":9");
            assertTrue(!raised.equals(record.value()));
            assertEquals(EventSignatures.Rejection.MISMATCH,
                    trusting.verify(record.topic(), record.key(), raised, signature));
        }
        // the signature is made when the row is written, and stored with it
        assertEquals(2, count(dataSource,
                "SELECT count(*) FROM outbox_event WHERE message_key = ? AND signature IS NOT NULL", pseudonym(subject)));
        // signed by consent-service's event key, not by the receipt key
        EventSignatures.Verifier receiptKey = new EventSignatures.Verifier(Map.of(TestKeys.EVENTS_KID,
                EventSignatures.readPublicKey(TestKeys.keys().publicKey("receipt").toString())));
        assertEquals(EventSignatures.Rejection.MISMATCH, receiptKey.verify(records.get(0).topic(), records.get(0).key(),
                records.get(0).value(), signature(records.get(0))));
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
        // the broker listens again: from here every pending event must be on the topic within 5 s
        Instant back = Instant.now();

        List<ConsumerRecord<String, String>> records = records(pseudonym(subject), 4, Duration.ofSeconds(60));
        List<JsonNode> events = records.stream().map(OutboxKafkaTests::json).toList();
        assertEquals(4, events.size(), "every event exactly once");
        // the broker stamps each record when the relay sends it; the outbox row is marked once acknowledged
        Instant lastSent = Instant.ofEpochMilli(records.stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow());
        Instant lastAcknowledged = lastPublished(pseudonym(subject));
        Duration recovery = Duration.between(back, lastAcknowledged.isAfter(lastSent) ? lastAcknowledged : lastSent);
        System.out.printf("outbox recovery: the last pending event was on the topic %d ms after the broker returned%n",
                recovery.toMillis());
        assertTrue(recovery.compareTo(Duration.ofSeconds(5)) <= 0,
                "every pending event published within 5 s of the broker's return, took " + recovery.toMillis() + " ms");
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
        assertEquals(0, count(dataSource, "SELECT count(*) FROM consent_ledger WHERE subject_ref = ? AND purpose = 'browsing'",
                ref(subject)));
    }

    private static List<ConsumerRecord<String, String>> records(String pseudonym, int expected, Duration timeout) {
        return TestEvents.readRecords(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                Topics.CONSENT_DECISIONS, pseudonym, expected, timeout);
    }

    private static String signature(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(Topics.SIGNATURE_HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
    }

    private static JsonNode json(ConsumerRecord<String, String> record) {
        try {
            return TestEvents.JSON.readTree(record.value());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant lastPublished(String pseudonym) {
        try (var connection = dataSource.getConnection();
                var statement = connection.prepareStatement(
                        "SELECT max(published_at) FROM outbox_event WHERE message_key = ?")) {
            statement.setString(1, pseudonym);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getTimestamp(1).toInstant();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
