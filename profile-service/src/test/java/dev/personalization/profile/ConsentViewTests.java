package dev.personalization.profile;

import static dev.personalization.profile.ProfileTestSupport.awaitConsents;
import static dev.personalization.profile.ProfileTestSupport.count;
import static dev.personalization.profile.ProfileTestSupport.decision;
import static dev.personalization.profile.ProfileTestSupport.grant;
import static dev.personalization.profile.ProfileTestSupport.hasPurpose;
import static dev.personalization.profile.ProfileTestSupport.myConsents;
import static dev.personalization.profile.ProfileTestSupport.newSubject;
import static dev.personalization.profile.ProfileTestSupport.pseudonym;
import static dev.personalization.profile.ProfileTestSupport.publish;
import static dev.personalization.profile.ProfileTestSupport.publishRaw;
import static dev.personalization.profile.ProfileTestSupport.sameIdWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.infra.testing.SuiteTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The consent view, fed over the real broker exactly as consent-service's outbox relay feeds it. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "profile_test"))
class ConsentViewTests {

    @Inject
    DataSource dataSource;

    @Test
    void aPublishedDecisionShowsInTheViewAndTheDatabase() {
        String subject = newSubject();
        EventEnvelope<ConsentDecisionV1> grant = grant(subject, "browsing", 1);
        publish(grant);

        JsonPath view = awaitConsents(subject, hasPurpose("browsing", "granted", 1));
        assertEquals(1, view.getList("consents").size());
        Map<String, Object> consent = view.getMap("consents[0]");
        assertEquals("browsing", consent.get("purpose"));
        assertEquals(1, consent.get("purposeVersion"));
        assertEquals(grant.data().decidedAt(), Instant.parse((String) consent.get("decidedAt")));
        assertEquals(grant.data().expiresAt(), Instant.parse((String) consent.get("expiresAt")));

        assertEquals(1, count(dataSource, "SELECT count(*) FROM consent_view WHERE pseudonym = ? AND purpose = 'browsing' "
                + "AND state = 'granted' AND consent_version = 1", pseudonym(subject)));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?", grant.id()));
        // only the pseudonym is stored, never the raw subject id
        assertEquals(0, count(dataSource, "SELECT count(*) FROM consent_view WHERE pseudonym = ?", subject));
    }

    @Test
    void aRedeliveredEventIsAppliedOnce() {
        String subject = newSubject();
        EventEnvelope<ConsentDecisionV1> grant = grant(subject, "browsing", 1);
        EventEnvelope<ConsentDecisionV1> withdrawal = decision(subject, "browsing", "withdrawn", 2, null);
        publish(grant);
        publish(withdrawal);
        awaitConsents(subject, hasPurpose("browsing", "withdrawn", 2));
        Map<String, Object> before = row(subject, "browsing");

        // the grant again, as an at-least-once relay may send it; and once more under the same id with
        // a higher version, which only the event-id check (not the version check) can refuse
        publish(grant);
        publish(sameIdWith(grant, new ConsentDecisionV1("browsing", 1, "granted", 3, Instant.now(),
                Instant.now().plus(Duration.ofDays(30)))));
        publishMarker(subject);

        JsonPath view = myConsents(subject);
        assertTrue(hasPurpose("browsing", "withdrawn", 2).test(view), view.prettify());
        assertEquals(before, row(subject, "browsing"));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?", grant.id()));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?", withdrawal.id()));
    }

    @Test
    void anOlderDecisionArrivingAfterANewerOneChangesNothing() {
        String subject = newSubject();
        EventEnvelope<ConsentDecisionV1> withdrawal = decision(subject, "purchases", "withdrawn", 2, null);
        EventEnvelope<ConsentDecisionV1> lateGrant = grant(subject, "purchases", 1);
        publish(withdrawal);
        awaitConsents(subject, hasPurpose("purchases", "withdrawn", 2));
        Map<String, Object> before = row(subject, "purchases");

        publish(lateGrant);
        publishMarker(subject);

        JsonPath view = myConsents(subject);
        assertTrue(hasPurpose("purchases", "withdrawn", 2).test(view), view.prettify());
        assertNull(view.get("consents.find { it.purpose == 'purchases' }.expiresAt"));
        assertEquals(before, row(subject, "purchases"));
        // seen, so a redelivery of it is skipped early, but not applied
        assertEquals(1, count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?", lateGrant.id()));
    }

    @Test
    void aNewerDecisionReplacesTheOlderOne() {
        String subject = newSubject();
        publish(decision(subject, "search", "denied", 1, null));
        awaitConsents(subject, hasPurpose("search", "denied", 1));
        publish(grant(subject, "search", 2));
        awaitConsents(subject, hasPurpose("search", "granted", 2));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM consent_view WHERE pseudonym = ?", pseudonym(subject)));
    }

    @Test
    void aLapsedGrantReadsAsExpired() {
        String subject = newSubject();
        publish(decision(subject, "browsing", "granted", 1, Instant.now().minus(Duration.ofMinutes(1))));
        awaitConsents(subject, hasPurpose("browsing", "expired", 1));
        // the stored decision is kept as published; only its reading changes with time
        assertEquals(1, count(dataSource, "SELECT count(*) FROM consent_view WHERE pseudonym = ? AND state = 'granted'",
                pseudonym(subject)));
    }

    @Test
    void anUnknownSubjectHasAnEmptyView() {
        assertEquals(List.of(), myConsents(newSubject()).getList("consents"));
    }

    @Test
    void anotherShopperNeverSeesTheView() {
        String alice = newSubject();
        String bob = newSubject();
        publish(grant(alice, "browsing", 1));
        awaitConsents(alice, hasPurpose("browsing", "granted", 1));
        assertEquals(List.of(), myConsents(bob).getList("consents"));
    }

    @Test
    void malformedMessagesAndOtherTypesAreSkippedWithoutBlockingThePartition() {
        String subject = newSubject();
        String key = pseudonym(subject);
        long processedBefore = count(dataSource, "SELECT count(*) FROM processed_event");
        publishRaw(key, "not json at all");
        publishRaw(key, "[1, 2, 3]");
        publishRaw(key, "{\"id\": \"" + UUID.randomUUID() + "\", \"type\": \"consent.decision.v1\", \"subject\": \""
                + key + "\", \"data\": {\"purpose\": \"browsing\", \"state\": \"maybe\", \"consentVersion\": 1}}");
        publishRaw(key, "{\"id\": \"not-a-uuid\", \"type\": \"consent.decision.v1\"}");
        publishRaw(key, "{\"id\": \"" + UUID.randomUUID() + "\", \"type\": \"consent.something-new.v1\", \"subject\": \""
                + key + "\", \"data\": {}}");
        publish(grant(subject, "search", 1));

        awaitConsents(subject, hasPurpose("search", "granted", 1));
        assertEquals(1, myConsents(subject).getList("consents").size());
        assertEquals(processedBefore + 1, count(dataSource, "SELECT count(*) FROM processed_event"),
                "only the valid decision is recorded as processed");
    }

    /**
     * Publishes a decision for a purpose the test does not otherwise use and waits until it shows:
     * the subject's events share a partition and are applied in order, so everything published
     * before it has been handled by then.
     */
    private static void publishMarker(String subject) {
        publish(decision(subject, "marker", "denied", 1, null));
        awaitConsents(subject, hasPurpose("marker", "denied", 1));
    }

    private Map<String, Object> row(String subject, String purpose) {
        try (var connection = dataSource.getConnection();
                var statement = connection.prepareStatement("SELECT state, consent_version, purpose_version, "
                        + "decided_at, expires_at, updated_at FROM consent_view WHERE pseudonym = ? AND purpose = ?")) {
            statement.setString(1, pseudonym(subject));
            statement.setString(2, purpose);
            try (var rows = statement.executeQuery()) {
                assertTrue(rows.next(), "no consent_view row");
                Map<String, Object> row = new java.util.HashMap<>();
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    row.put(rows.getMetaData().getColumnName(i), rows.getObject(i));
                }
                return row;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
