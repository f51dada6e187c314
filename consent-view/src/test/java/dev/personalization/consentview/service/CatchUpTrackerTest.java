package dev.personalization.consentview.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.consentview.service.CatchUpTracker.State;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the view counts as caught up: a pure state machine. */
class CatchUpTrackerTest {

    private final CatchUpTracker tracker = new CatchUpTracker();

    @Test
    void untrustedUntilStartedAndConnected() {
        assertEquals(State.STARTING, tracker.status().state());
        tracker.sessionStarting();
        assertEquals(State.STARTING, tracker.status().state());
        assertEquals(-1, tracker.status().behind());
        assertFalse(tracker.trusted());
    }

    @Test
    void theEndOffsetsSeenAtStartAreTheTarget() {
        tracker.sessionStarting();
        tracker.endOffsets(Map.of(0, 10L, 1, 5L, 2, 0L), Map.of(0, 0L, 1, 0L, 2, 0L));
        assertEquals(new CatchUpTracker.Status(State.CATCHING_UP, 3, 15), tracker.status());
        tracker.progress(Map.of(0, 10L, 1, 4L, 2, 0L));
        assertEquals(1, tracker.status().behind());
        assertFalse(tracker.trusted());
        tracker.progress(Map.of(0, 10L, 1, 5L, 2, 0L));
        assertTrue(tracker.trusted());
        assertEquals(new CatchUpTracker.Status(State.CAUGHT_UP, 3, 0), tracker.status());
    }

    @Test
    void laterEndOffsetsAreLagNotStaleness() {
        tracker.sessionStarting();
        tracker.endOffsets(Map.of(0, 3L), Map.of(0, 3L));
        assertTrue(tracker.trusted());
        // new decisions keep arriving while the view keeps up: still trusted
        tracker.endOffsets(Map.of(0, 50L), Map.of(0, 3L));
        assertTrue(tracker.trusted());
    }

    @Test
    void afterLosingTheBrokerTheNextAnswerIsTheNewTarget() {
        tracker.sessionStarting();
        tracker.endOffsets(Map.of(0, 3L), Map.of(0, 3L));
        tracker.brokerLost();
        assertEquals(State.BROKER_UNREACHABLE, tracker.status().state());
        assertFalse(tracker.trusted());
        tracker.endOffsets(Map.of(0, 9L), Map.of(0, 3L));
        assertEquals(new CatchUpTracker.Status(State.CATCHING_UP, 1, 6), tracker.status());
        tracker.progress(Map.of(0, 9L));
        assertTrue(tracker.trusted());
    }

    @Test
    void aBatchThatCannotBeStoredMakesTheViewUntrustedUntilOneIs() {
        tracker.sessionStarting();
        tracker.endOffsets(Map.of(0, 3L), Map.of(0, 3L));
        tracker.storeFailed();
        assertEquals(State.STORE_FAILING, tracker.status().state());
        assertFalse(tracker.trusted());
        tracker.stored();
        assertTrue(tracker.trusted());
    }

    @Test
    void aTopicWithoutPartitionsIsCaughtUpAtOnce() {
        tracker.sessionStarting();
        tracker.endOffsets(Map.of(), Map.of());
        assertTrue(tracker.trusted());
    }

    @Test
    void aStoppedOrRestartedConsumerNeedsANewTarget() {
        tracker.sessionStarting();
        tracker.endOffsets(Map.of(0, 3L), Map.of(0, 3L));
        tracker.stopped();
        assertEquals(State.STOPPED, tracker.status().state());
        assertFalse(tracker.trusted());
        tracker.sessionStarting();
        assertFalse(tracker.trusted());
        tracker.endOffsets(Map.of(0, 4L), Map.of(0, 3L));
        assertFalse(tracker.trusted());
    }
}
