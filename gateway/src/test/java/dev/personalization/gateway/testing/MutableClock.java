package dev.personalization.gateway.testing;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The gateway's clock in tests: it stands still until a test moves it, so that rate limits and
 * circuit breakers are tested without waiting.
 */
@Alternative
@Priority(1)
@Singleton
public class MutableClock extends Clock {

    private volatile Instant now = Instant.parse("2026-11-28T10:00:00Z");

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
