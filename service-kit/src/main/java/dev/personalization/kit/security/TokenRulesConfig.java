package dev.personalization.kit.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The token rules every door applies on top of smallrye-jwt's checks (signature, issuer, audience, expiry). */
@ConfigMapping(prefix = "suite.security")
public interface TokenRulesConfig {

    /**
     * The issuer every token must name (mp.jwt.verify.issuer). Required here too, so that a service
     * started without it stops at start instead of refusing every request later.
     */
    String issuer();

    /** The audience every token must name (mp.jwt.verify.audiences); required, as the issuer. */
    String audience();

    /** Longest lifetime (exp − iat) a token may have; a token issued for longer is refused. */
    @WithDefault("1h")
    Duration maxTokenLifetime();

    /** Largest clock difference with the issuer the suite tolerates; mp.jwt.verify.clock.skew may not exceed it. */
    @WithDefault("30s")
    Duration maxClockSkew();

    TokenCache tokenCache();

    interface TokenCache {
        /** Most verified tokens remembered at once. */
        @WithDefault("10000")
        long maxSize();

        /** Longest a verified token is remembered, even if it expires later. */
        @WithDefault("10m")
        Duration maxTtl();

        /** Most refused tokens remembered at once (by their SHA-256, not their text). */
        @WithDefault("10000")
        long refusedMaxSize();

        /**
         * How long a refused token stays refused without a new check: a client replaying an expired or
         * forged token costs a hash and a lookup instead of a signature check. Only the token's own, final
         * faults are remembered: a token issued in the future, or refused because the keys could not be
         * fetched, is checked in full on every try.
         */
        @WithDefault("30s")
        Duration refusedTtl();
    }
}
