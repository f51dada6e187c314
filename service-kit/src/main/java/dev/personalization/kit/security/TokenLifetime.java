package dev.personalization.kit.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The lifetime rules smallrye-jwt does not apply by itself: a token must say when it was issued, not
 * be issued in the future (beyond the tolerated skew), and not live longer than the configured maximum.
 */
public record TokenLifetime(Duration maxLifetime, Duration skew) {

    /** The one refusal a token may outgrow: once its issued-at time has come, it may pass. */
    public static final String ISSUED_IN_THE_FUTURE = "the token is issued in the future";

    /** Why a token with these claims (epoch seconds; 0 when absent) is refused, if it is. */
    public Optional<String> refusal(long issuedAt, long expiresAt, Instant now) {
        if (issuedAt <= 0) {
            return Optional.of("the token has no issued-at time");
        }
        if (expiresAt <= 0) {
            return Optional.of("the token has no expiry");
        }
        if (Instant.ofEpochSecond(issuedAt).isAfter(now.plus(skew))) {
            return Optional.of(ISSUED_IN_THE_FUTURE);
        }
        if (expiresAt - issuedAt > maxLifetime.toSeconds()) {
            return Optional.of("the token lives longer than " + maxLifetime.toSeconds() + " s");
        }
        return Optional.empty();
    }
}
