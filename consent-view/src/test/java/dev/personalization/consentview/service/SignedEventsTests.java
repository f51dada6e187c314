package dev.personalization.consentview.service;

import static dev.personalization.consentview.testing.ConsentViewTestSupport.TIMEOUT;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.awaitCaughtUp;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.awaitConsent;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.counted;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.decision;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.grant;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.holds;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.newPseudonym;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.publish;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.publishForged;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.publishMarker;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.purposes;
import static dev.personalization.consentview.testing.ConsentViewTestSupport.row;
import static dev.personalization.infra.testing.TestDatabase.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.EventSignatures;
import dev.personalization.contracts.Topics;
import dev.personalization.infra.testing.Eventually;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestEvents;
import dev.personalization.infra.testing.TestKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Anyone who can write to the broker can send anything: only events signed by a trusted key over exactly
 * the record they arrive in change the view. Forged events are dropped, counted and logged by position,
 * and a later real decision is still applied.
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "consent_view_test"))
class SignedEventsTests {

    private static final String TOPIC = Topics.CONSENT_DECISIONS;

    @Inject
    DataSource dataSource;

    @Inject
    ConsentViewService views;

    @Inject
    MeterRegistry metrics;

    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    private final Logger consumerLog = Logger.getLogger(ConsentDecisionConsumer.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureTheConsumersLog() {
        awaitCaughtUp(views);
        consumerLog.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        consumerLog.removeHandler(capture);
    }

    @Test
    void forgedEventsLeaveTheViewUnchangedAndALaterRealWithdrawalIsApplied() {
        String pseudonym = newPseudonym();
        String bystander = newPseudonym();
        publish(grant(pseudonym, "browsing", 1));
        awaitConsent(views, pseudonym, "browsing", "granted", 1);
        Map<String, Object> before = row(dataSource, pseudonym, "browsing");
        double rejectedBefore = counted(metrics, ConsentDecisionConsumer.REJECTED_SIGNATURE);

        // the attack of the issue: a grant with a huge consent version, to pin the subject's consent
        EventEnvelope<ConsentDecisionV1> pin = decision(pseudonym, "browsing", ConsentDecisionV1.GRANTED, 1_000_000,
                Instant.now().plus(Duration.ofDays(3650)));
        String pinned = TestEvents.json(pin);
        EventSignatures.Signer trusted = TestKeys.eventSigner();
        // 1. unsigned
        publishForged(pseudonym, pinned, null);
        // 2. a key nobody trusts, under the trusted kid
        publishForged(pseudonym, pinned, TestKeys.untrustedEventSigner().sign(TOPIC, pseudonym, pinned));
        // 3. a key nobody trusts, under a kid of its own
        publishForged(pseudonym, pinned, new EventSignatures.Signer("attacker", TestKeys.keys().loadPrivate("other"))
                .sign(TOPIC, pseudonym, pinned));
        // 4. a real signature, but the value altered after signing
        String signedValue = TestEvents.json(decision(pseudonym, "browsing", ConsentDecisionV1.GRANTED, 2,
                Instant.now().plus(Duration.ofDays(30))));
        publishForged(pseudonym, signedValue.replace("\"consentVersion\":2", "\"consentVersion\":1000000"),
                trusted.sign(TOPIC, pseudonym, signedValue));
        // 5. the real signature of another record
        String otherRecord = TestEvents.json(decision(bystander, "browsing", ConsentDecisionV1.DENIED, 1, null));
        publishForged(pseudonym, pinned, trusted.sign(TOPIC, bystander, otherRecord));
        // 6. a real, signed event moved to another subject's key (the bystander's events stay in their partition)
        String moved = TestEvents.json(decision(pseudonym, "search", ConsentDecisionV1.GRANTED, 1,
                Instant.now().plus(Duration.ofDays(30))));
        publishForged(bystander, moved, trusted.sign(TOPIC, pseudonym, moved));
        // 7. and one that is not a JWS at all
        publishForged(pseudonym, pinned, "not-a-signature");

        // the subject's real withdrawal, recorded by consent-service after all of this
        publish(decision(pseudonym, "browsing", ConsentDecisionV1.WITHDRAWN, 2, null));
        awaitConsent(views, pseudonym, "browsing", ConsentDecisionV1.WITHDRAWN, 2);
        publishMarker(views, bystander);

        assertFalse(views.permits(pseudonym, "browsing", Instant.now()));
        assertEquals(List.of("browsing"), purposes(views, pseudonym), "the moved grant for search was not applied");
        assertEquals(List.of("marker"), purposes(views, bystander));
        assertEquals(0, count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?", pin.id()),
                "a forged event is not even remembered as seen");
        assertEquals(1, count(dataSource, "SELECT count(*) FROM consent_view WHERE pseudonym = ? AND purpose = 'browsing' "
                + "AND state = 'withdrawn' AND consent_version = 2", pseudonym));
        Eventually.await("seven rejected signatures counted", TIMEOUT,
                () -> counted(metrics, ConsentDecisionConsumer.REJECTED_SIGNATURE) >= rejectedBefore + 7);

        // logged by position and reason only: neither the pseudonym nor anything of the value
        List<String> drops = List.copyOf(logged).stream().filter(line -> line.startsWith("dropped a consent event"))
                .toList();
        assertTrue(drops.size() >= 7, drops.toString());
        assertTrue(drops.stream().anyMatch(line -> line.endsWith(": unsigned")), drops.toString());
        assertTrue(drops.stream().anyMatch(line -> line.endsWith(": unknown key")), drops.toString());
        assertTrue(drops.stream().anyMatch(line -> line.endsWith(": signature does not match the record")),
                drops.toString());
        assertTrue(drops.stream().anyMatch(line -> line.endsWith(": malformed signature")), drops.toString());
        assertTrue(drops.stream().allMatch(line -> line.matches(
                "dropped a consent event at partition \\d+ offset \\d+: [a-z ]+")), drops.toString());
        assertFalse(List.copyOf(logged).stream().anyMatch(line -> line.contains(pseudonym) || line.contains(bystander)
                || line.contains("1000000")), "no personal data, nothing of the value in the log");
        assertTrue(row(dataSource, pseudonym, "browsing").get("consent_version").equals(2L));
        assertFalse(row(dataSource, pseudonym, "browsing").equals(before), "the real withdrawal changed the row");
    }

    @Test
    void aForgedEventAloneChangesNothing() {
        String pseudonym = newPseudonym();
        publish(decision(pseudonym, "purchases", ConsentDecisionV1.DENIED, 1, null));
        awaitConsent(views, pseudonym, "purchases", ConsentDecisionV1.DENIED, 1);
        Map<String, Object> before = row(dataSource, pseudonym, "purchases");

        String forged = TestEvents.json(grant(pseudonym, "purchases", 5));
        publishForged(pseudonym, forged, TestKeys.untrustedEventSigner().sign(TOPIC, pseudonym, forged));
        publishMarker(views, pseudonym);

        assertEquals(before, row(dataSource, pseudonym, "purchases"));
        assertTrue(holds(views, pseudonym, "purchases", ConsentDecisionV1.DENIED, 1));
        assertFalse(views.permits(pseudonym, "purchases", Instant.now()));
    }

    @Test
    void eventsSignedByAnyTrustedKidAreApplied() {
        // during a rotation the view trusts the old and the new key at once
        String pseudonym = newPseudonym();
        EventSignatures.Signer next = new EventSignatures.Signer(TestKeys.NEXT_EVENTS_KID,
                TestKeys.keys().loadPrivate("events-next"));
        String grant = TestEvents.json(grant(pseudonym, "search", 1));
        publishForged(pseudonym, grant, next.sign(TOPIC, pseudonym, grant));
        awaitConsent(views, pseudonym, "search", ConsentDecisionV1.GRANTED, 1);
        publish(decision(pseudonym, "search", ConsentDecisionV1.WITHDRAWN, 2, null));
        awaitConsent(views, pseudonym, "search", ConsentDecisionV1.WITHDRAWN, 2);
    }
}
