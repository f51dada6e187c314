package dev.personalization.profile.rest;

import static dev.personalization.infra.testing.TestDatabase.count;
import static dev.personalization.profile.testing.IntakeTestSupport.DATABASE;
import static dev.personalization.profile.testing.IntakeTestSupport.batch;
import static dev.personalization.profile.testing.IntakeTestSupport.grantAll;
import static dev.personalization.profile.testing.IntakeTestSupport.post;
import static dev.personalization.profile.testing.IntakeTestSupport.purchase;
import static dev.personalization.profile.testing.IntakeTestSupport.search;
import static dev.personalization.profile.testing.IntakeTestSupport.snapshotsUpTo;
import static dev.personalization.profile.testing.IntakeTestSupport.view;
import static dev.personalization.profile.testing.ProfileTestSupport.decision;
import static dev.personalization.profile.testing.ProfileTestSupport.newSubject;
import static dev.personalization.profile.testing.ProfileTestSupport.pseudonym;
import static dev.personalization.profile.testing.ProfileTestSupport.publish;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.profile.service.ConsentPurge;
import dev.personalization.profile.testing.MovableClock;
import dev.personalization.profile.testing.ProfileTestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Withdrawal, denial and expiry delete exactly what the purpose allowed, within 2 s of the consent event
 * reaching the real broker, and stop its intake at the same moment; a grant that lapses without an event
 * is swept (the clock moved, not slept).
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = DATABASE))
class ConsentPurgeTests {

    private static final Duration PURGE_BOUND = Duration.ofSeconds(2);

    @Inject
    DataSource dataSource;

    @Inject
    ConsentPurge purge;

    @Inject
    MovableClock clock;

    private long held(String subject, String purpose) {
        return count(dataSource, "SELECT count(*) FROM profile_datum WHERE pseudonym = ? AND purpose = ?",
                pseudonym(subject), purpose);
    }

    /** Polls every 10 ms until the purpose holds nothing; the time from the broker's ack to then. */
    private Duration awaitPurged(String subject, String purpose, Instant acknowledged) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (held(subject, purpose) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(purpose + " data still held after 30 s");
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(10); // a fine poll: the purge is timed to the 10 ms; the deadline above decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return Duration.between(acknowledged, Instant.now());
    }

    @Test
    void aWithdrawalDeletesExactlyThePurposesDataWithinTwoSecondsAndStopsItsIntake() {
        String subject = newSubject();
        grantAll(subject, "browsing", "purchases");
        Instant now = Instant.now();
        post(subject, batch(view("85123A", "home/candles", now), purchase("22423", "kitchen/mugs", 12.5, now)))
                .statusCode(202).body("accepted.view", equalTo(1)).body("accepted.purchase", equalTo(1));
        assertEquals(2, held(subject, "browsing"));
        assertEquals(3, held(subject, "purchases"));

        publish(decision(subject, "browsing", ConsentDecisionV1.WITHDRAWN, 2, null));
        Duration took = awaitPurged(subject, "browsing", Instant.now());
        assertTrue(took.compareTo(PURGE_BOUND) <= 0, "purged in " + took.toMillis() + " ms");
        // the other purpose's data stays
        assertEquals(3, held(subject, "purchases"));

        post(subject, batch(view("85123A", "home/candles", Instant.now()), purchase("1", "home", 3, Instant.now())))
                .statusCode(202)
                .body("accepted.view", equalTo(0))
                .body("accepted.purchase", equalTo(1))
                .body("dropped.find { it.type == 'view' }.reason", equalTo("no-consent"));
        assertEquals(0, held(subject, "browsing"));

        // the newest snapshot carries only what purchases allowed, under its consent version
        List<JsonNode> published = snapshotsUpTo(pseudonym(subject), 3);
        JsonNode last = published.get(published.size() - 1).path("data");
        assertTrue(last.path("features").size() > 0);
        for (JsonNode feature : last.path("features")) {
            assertEquals("purchases", feature.path("purpose").asText());
            assertEquals(1, feature.path("consentVersion").asLong());
        }
    }

    @Test
    void aDenialOrAnExpiryEventPurgesToo() {
        for (String state : List.of(ConsentDecisionV1.DENIED, ConsentDecisionV1.EXPIRED)) {
            String subject = newSubject();
            grantAll(subject, "search", "browsing");
            Instant now = Instant.now();
            post(subject, batch(view("1", "garden/tools", now), search("garden", now))).statusCode(202)
                    .body("accepted.search", equalTo(1));
            assertTrue(held(subject, "search") > 0);
            publish(decision(subject, "search", state, 2, null));
            Duration took = awaitPurged(subject, "search", Instant.now());
            assertTrue(took.compareTo(PURGE_BOUND) <= 0, state + " purged in " + took.toMillis() + " ms");
            assertEquals(2, held(subject, "browsing"));
        }
    }

    @Test
    void withdrawingTheOnlyPurposePublishesAnEmptySnapshot() {
        String subject = newSubject();
        grantAll(subject, "browsing");
        post(subject, batch(view("1", "home", Instant.now()))).statusCode(202);
        publish(decision(subject, "browsing", ConsentDecisionV1.WITHDRAWN, 2, null));
        awaitPurged(subject, "browsing", Instant.now());
        List<JsonNode> published = snapshotsUpTo(pseudonym(subject), 2);
        JsonNode last = published.get(published.size() - 1).path("data");
        assertEquals(0, last.path("features").size());
        assertEquals(2, last.path("snapshotVersion").asLong());
    }

    @Test
    void aGrantThatLapsesWithoutAnEventIsSweptAndStopsIntake() {
        String subject = newSubject();
        Instant expiry = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        publish(decision(subject, "browsing", ConsentDecisionV1.GRANTED, 1, expiry));
        publish(decision(subject, "purchases", ConsentDecisionV1.GRANTED, 1, expiry.plus(Duration.ofDays(300))));
        ProfileTestSupport.awaitConsents(subject, ProfileTestSupport.hasPurpose("purchases", "granted", 1));
        ProfileTestSupport.awaitConsents(subject, ProfileTestSupport.hasPurpose("browsing", "granted", 1));
        Instant now = Instant.now();
        post(subject, batch(view("1", "home", now), purchase("2", "home", 30, now))).statusCode(202)
                .body("accepted.view", equalTo(1));
        try {
            purge.sweep();
            assertEquals(2, held(subject, "browsing"), "nothing lapsed yet");
            clock.advance(Duration.ofHours(2));
            purge.sweep();
            assertEquals(0, held(subject, "browsing"));
            assertEquals(3, held(subject, "purchases"));
            post(subject, batch(view("1", "home", clock.instant()))).statusCode(202)
                    .body("accepted.view", equalTo(0))
                    .body("dropped.find { it.type == 'view' }.reason", equalTo("no-consent"));
        } finally {
            clock.reset();
        }
    }
}
