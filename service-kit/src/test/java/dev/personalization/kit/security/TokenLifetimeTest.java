package dev.personalization.kit.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenLifetimeTest {

    private final TokenLifetime rules = new TokenLifetime(Duration.ofHours(1), Duration.ofSeconds(30));
    private final Instant now = Instant.parse("2026-11-27T12:00:00Z");
    private final long iat = now.getEpochSecond();

    @Test
    void acceptsUpToTheMaximum() {
        assertTrue(rules.refusal(iat, iat + 3600, now).isEmpty());
        assertTrue(rules.refusal(iat + 20, iat + 600, now).isEmpty(), "within the skew");
    }

    @Test
    void refusesLongerLifetimes() {
        assertTrue(rules.refusal(iat, iat + 3601, now).isPresent());
        assertTrue(rules.refusal(iat, iat + 10L * 365 * 24 * 3600, now).isPresent());
    }

    @Test
    void refusesMissingOrFutureIssueTimes() {
        assertTrue(rules.refusal(0, iat + 60, now).isPresent());
        assertTrue(rules.refusal(iat + 31, iat + 600, now).isPresent());
        assertTrue(rules.refusal(iat, 0, now).isPresent());
    }
}
