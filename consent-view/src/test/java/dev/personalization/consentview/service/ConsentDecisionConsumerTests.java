package dev.personalization.consentview.service;

import static dev.personalization.consentview.testing.ConsentViewTestSupport.awaitConsent;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.current;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.decision;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.grant;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.holds;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.newPseudonym;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.publish;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.publishMarker;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.publishRaw;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.purposes;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.sameIdWith;
import static dev.personalization.infra.testing.TestDatabase.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.consentview.service.ConsentViewService.CurrentConsent;
import dev.personalization.consentview.testing.ConsentViewTestSupport;
import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.infra.testing.SuiteTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consent view fed over a real broker exactly as consent-service's outbox relay feeds it, stored
 * in a real PostgreSQL: de-duplication by event id, the newest consent version wins, expiry, and
 * messages that cannot be applied are skipped without blocking the partition.
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "consent_view_test"))
class ConsentDecisionConsumerTests {

    @Inject
    DataSource dataSource;

    @Inject
    ConsentViewService views;

    @Inject
    MeterRegistry metrics;

    @BeforeEach
    void viewCaughtUp() {
        ConsentViewTestSupport.awaitCaughtUp(views);
    }

    @Test
    void aPublishedDecisionIsStoredWithItsEventId() {
        String pseudonym = newPseudonym();
        EventEnvelope<ConsentDecisionV1> grant = grant(pseudonym, "browsing", 1);
        publish(grant);

        awaitConsent(views, pseudonym, "browsing", "granted", 1);
        assertEquals(List.of("browsing"), purposes(views, pseudonym));
        CurrentConsent consent = current(views, pseudonym, "browsing").orElseThrow();
        assertEquals(1, consent.view().purposeVersion);
        assertEquals(grant.data().decidedAt(), consent.view().decidedAt);
        assertEquals(grant.data().expiresAt(), consent.view().expiresAt);
        assertTrue(views.permits(pseudonym, "browsing", Instant.now()));

        assertEquals(1, count(dataSource, "SELECT count(*) FROM consent_view WHERE pseudonym = ? AND purpose = 'browsing' "
                + "AND state = 'granted' AND consent_version = 1", pseudonym));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?", grant.id()));
    }

    @Test
    void aRedeliveredEventIsAppliedOnce() {
        String pseudonym = newPseudonym();
        EventEnvelope<ConsentDecisionV1> grant = grant(pseudonym, "browsing", 1);
        EventEnvelope<ConsentDecisionV1> withdrawal = decision(pseudonym, "browsing", "withdrawn", 2, null);
        publish(grant);
        publish(withdrawal);
        awaitConsent(views, pseudonym, "browsing", "withdrawn", 2);
        Map<String, Object> before = row(pseudonym, "browsing");

        // the grant again, as an at-least-once relay may send it; and once more under the same id with
        // a higher version, which only the event-id check (not the version check) can refuse
        publish(grant);
        publish(sameIdWith(grant, new ConsentDecisionV1("browsing", 1, "granted", 3, Instant.now(),
                Instant.now().plus(Duration.ofDays(30)))));
        publishMarker(views, pseudonym);

        assertTrue(holds(views, pseudonym, "browsing", "withdrawn", 2));
        assertEquals(before, row(pseudonym, "browsing"));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?", grant.id()));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?", withdrawal.id()));
    }

    @Test
    void anOlderDecisionArrivingAfterANewerOneChangesNothing() {
        String pseudonym = newPseudonym();
        EventEnvelope<ConsentDecisionV1> withdrawal = decision(pseudonym, "purchases", "withdrawn", 2, null);
        EventEnvelope<ConsentDecisionV1> lateGrant = grant(pseudonym, "purchases", 1);
        publish(withdrawal);
        awaitConsent(views, pseudonym, "purchases", "withdrawn", 2);
        Map<String, Object> before = row(pseudonym, "purchases");

        publish(lateGrant);
        publishMarker(views, pseudonym);

        assertTrue(holds(views, pseudonym, "purchases", "withdrawn", 2));
        assertNull(current(views, pseudonym, "purchases").orElseThrow().view().expiresAt);
        assertEquals(before, row(pseudonym, "purchases"));
        // seen, so a redelivery of it is skipped early, but not applied
        assertEquals(1, count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?", lateGrant.id()));
    }

    @Test
    void decisionsAreAppliedOnceInConsentVersionOrderPastMalformedMessages() {
        String pseudonym = newPseudonym();
        EventEnvelope<ConsentDecisionV1> grant = grant(pseudonym, "browsing", 1);
        EventEnvelope<ConsentDecisionV1> withdrawal = decision(pseudonym, "browsing", "withdrawn", 2, null);

        publishRaw(pseudonym, "not json at all");
        publish(grant);
        awaitConsent(views, pseudonym, "browsing", "granted", 1);
        assertTrue(views.permits(pseudonym, "browsing", Instant.now()));
        publish(withdrawal);
        publish(grant);   // redelivered
        publish(grant(pseudonym, "browsing", 1));   // a late copy under another id
        publishMarker(views, pseudonym);

        assertFalse(views.permits(pseudonym, "browsing", Instant.now()));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM consent_view WHERE pseudonym = ? AND purpose = 'browsing' "
                + "AND state = 'withdrawn' AND consent_version = 2", pseudonym));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?", grant.id()));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?", withdrawal.id()));
        assertFalse(views.permits(newPseudonym(), "browsing", Instant.now()), "default deny for an unknown subject");
    }

    @Test
    void aNewerDecisionReplacesTheOlderOne() {
        String pseudonym = newPseudonym();
        publish(decision(pseudonym, "search", "denied", 1, null));
        awaitConsent(views, pseudonym, "search", "denied", 1);
        publish(grant(pseudonym, "search", 2));
        awaitConsent(views, pseudonym, "search", "granted", 2);
        assertEquals(1, count(dataSource, "SELECT count(*) FROM consent_view WHERE pseudonym = ?", pseudonym));
    }

    @Test
    void aLapsedGrantReadsAsExpired() {
        String pseudonym = newPseudonym();
        publish(decision(pseudonym, "browsing", "granted", 1, Instant.now().minus(Duration.ofMinutes(1))));
        awaitConsent(views, pseudonym, "browsing", "expired", 1);
        assertFalse(views.permits(pseudonym, "browsing", Instant.now()));
        // the stored decision is kept as published; only its reading changes with time
        assertEquals(1, count(dataSource, "SELECT count(*) FROM consent_view WHERE pseudonym = ? AND state = 'granted'",
                pseudonym));
    }

    @Test
    void anUnknownSubjectHasAnEmptyView() {
        assertEquals(List.of(), views.current(newPseudonym(), Instant.now()));
        assertFalse(views.permits(newPseudonym(), "browsing", Instant.now()));
    }

    @Test
    void malformedMessagesAndOtherTypesAreSkippedWithoutBlockingThePartition() {
        String pseudonym = newPseudonym();
        long processedBefore = count(dataSource, "SELECT count(*) FROM processed_event");
        double malformedBefore = counted("malformed");
        double otherTypeBefore = counted("other-type");
        double tombstonesBefore = counted("tombstone");
        publishRaw(pseudonym, "not json at all");
        publishRaw(pseudonym, "[1, 2, 3]");
        publishRaw(pseudonym, "{\"id\": \"" + UUID.randomUUID() + "\", \"type\": \"consent.decision.v1\", \"subject\": \""
                + pseudonym + "\", \"data\": {\"purpose\": \"browsing\", \"state\": \"maybe\", \"consentVersion\": 1}}");
        publishRaw(pseudonym, "{\"id\": \"not-a-uuid\", \"type\": \"consent.decision.v1\"}");
        publishRaw(pseudonym, "{\"id\": \"" + UUID.randomUUID() + "\", \"type\": \"consent.something-new.v1\", \"subject\": \""
                + pseudonym + "\", \"data\": {}}");
        publishRaw(pseudonym, null);
        publish(grant(pseudonym, "search", 1));

        awaitConsent(views, pseudonym, "search", "granted", 1);
        assertEquals(1, views.current(pseudonym, Instant.now()).size());
        assertEquals(processedBefore + 1, count(dataSource, "SELECT count(*) FROM processed_event"),
                "only the valid decision is recorded as processed");
        // other tests' messages may be counted too, never fewer than these
        assertTrue(counted("malformed") >= malformedBefore + 4);
        assertTrue(counted("other-type") >= otherTypeBefore + 1);
        assertTrue(counted("tombstone") >= tombstonesBefore + 1);
    }

    @Test
    void aDecisionWithFieldsThisVersionDoesNotKnowIsStillApplied() {
        String pseudonym = newPseudonym();
        UUID id = UUID.randomUUID();
        Instant decided = Instant.parse("2026-11-01T10:00:00Z");
        publishRaw(pseudonym, "{\"id\": \"" + id + "\", \"type\": \"consent.decision.v1\", \"source\": \"consent-service\","
                + " \"time\": \"2026-11-01T10:00:00Z\", \"subject\": \"" + pseudonym + "\", \"schemaVersion\": 1,"
                + " \"addedLater\": {\"x\": 1}, \"data\": {\"purpose\": \"search\", \"purposeVersion\": 2,"
                + " \"state\": \"denied\", \"consentVersion\": 4, \"decidedAt\": \"2026-11-01T10:00:00Z\","
                + " \"expiresAt\": null, \"channel\": \"web\"}}");
        awaitConsent(views, pseudonym, "search", "denied", 4);
        CurrentConsent consent = current(views, pseudonym, "search").orElseThrow();
        assertEquals(2, consent.view().purposeVersion);
        assertEquals(decided, consent.view().decidedAt);
        assertEquals(1, count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?", id));
    }

    @Test
    void everyOutcomeIsCountedWithoutASubjectInAnyLabel() {
        String pseudonym = newPseudonym();
        double appliedBefore = counted("applied");
        double duplicateBefore = counted("duplicate");
        double staleBefore = counted("stale");
        EventEnvelope<ConsentDecisionV1> withdrawal = decision(pseudonym, "browsing", "withdrawn", 2, null);
        publish(withdrawal);
        awaitConsent(views, pseudonym, "browsing", "withdrawn", 2);
        publish(withdrawal);
        publish(grant(pseudonym, "browsing", 1));
        publishMarker(views, pseudonym);

        assertTrue(counted("applied") >= appliedBefore + 2);
        assertTrue(counted("duplicate") >= duplicateBefore + 1);
        assertTrue(counted("stale") >= staleBefore + 1);
        assertEquals(List.of("outcome"), metrics.find(ConsentDecisionConsumer.METRIC).counters().stream()
                .flatMap(counter -> counter.getId().getTags().stream().map(tag -> tag.getKey()))
                .distinct().toList());
        assertFalse(metrics.getMeters().stream().anyMatch(meter -> meter.getId().getTags().stream()
                .anyMatch(tag -> tag.getValue().contains(pseudonym))), "no pseudonym in any label");
    }

    private double counted(String outcome) {
        return ConsentViewTestSupport.counted(metrics, outcome);
    }

    private Map<String, Object> row(String pseudonym, String purpose) {
        return ConsentViewTestSupport.row(dataSource, pseudonym, purpose);
    }
}
