package dev.personalization.gateway.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.gateway.routing.Backend;
import dev.personalization.gateway.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakersTest {

    private final MutableClock clock = new MutableClock();
    private final CircuitBreakers circuits = new CircuitBreakers(3, Duration.ofSeconds(10), clock);

    @Test
    void opensAfterTheThresholdOfFailuresInARowOnlyForThatBackend() {
        circuits.failed(Backend.PROFILE);
        circuits.failed(Backend.PROFILE);
        circuits.succeeded(Backend.PROFILE);
        circuits.failed(Backend.PROFILE);
        circuits.failed(Backend.PROFILE);
        assertTrue(circuits.allow(Backend.PROFILE), "a success in between starts the count again");
        circuits.failed(Backend.PROFILE);
        assertFalse(circuits.allow(Backend.PROFILE));
        assertEquals(CircuitBreakers.State.OPEN, circuits.state(Backend.PROFILE));
        assertTrue(circuits.allow(Backend.CONSENT));
    }

    @Test
    void afterOpenForOneTrialDecides() {
        for (int i = 0; i < 3; i++) {
            circuits.failed(Backend.CONSENT);
        }
        clock.advance(Duration.ofSeconds(10));
        assertEquals(CircuitBreakers.State.HALF_OPEN, circuits.state(Backend.CONSENT));
        assertTrue(circuits.allow(Backend.CONSENT));
        assertFalse(circuits.allow(Backend.CONSENT), "a second call during the trial");
        circuits.failed(Backend.CONSENT);
        assertFalse(circuits.allow(Backend.CONSENT), "a failed trial opens the circuit again");

        clock.advance(Duration.ofSeconds(10));
        assertTrue(circuits.allow(Backend.CONSENT));
        circuits.succeeded(Backend.CONSENT);
        assertEquals(CircuitBreakers.State.CLOSED, circuits.state(Backend.CONSENT));
        assertTrue(circuits.allow(Backend.CONSENT));
    }
}
