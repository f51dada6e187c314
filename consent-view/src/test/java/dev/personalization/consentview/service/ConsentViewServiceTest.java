package dev.personalization.consentview.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.personalization.consentview.repository.ConsentView;
import dev.personalization.contracts.ConsentDecisionV1;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a stored decision reads at a given time: a pure function. */
class ConsentViewServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private static ConsentView view(String state, Instant expiresAt) {
        ConsentView view = new ConsentView();
        view.state = state;
        view.expiresAt = expiresAt;
        return view;
    }

    @Test
    void aGrantReadsAsGrantedUntilItExpires() {
        assertEquals("granted", ConsentViewService.effectiveState(view("granted", NOW.plusSeconds(1)), NOW));
        assertEquals("granted", ConsentViewService.effectiveState(view("granted", null), NOW));
    }

    @Test
    void aLapsedGrantReadsAsExpired() {
        assertEquals(ConsentDecisionV1.EXPIRED, ConsentViewService.effectiveState(view("granted", NOW), NOW));
        assertEquals(ConsentDecisionV1.EXPIRED,
                ConsentViewService.effectiveState(view("granted", NOW.minus(Duration.ofMinutes(1))), NOW));
    }

    @Test
    void otherStatesReadAsStored() {
        for (String state : new String[] {"denied", "withdrawn", "expired"}) {
            assertEquals(state, ConsentViewService.effectiveState(view(state, null), NOW));
            assertEquals(state, ConsentViewService.effectiveState(view(state, NOW.minusSeconds(5)), NOW));
        }
    }
}
