package dev.personalization.consent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "consent")
public interface ConsentConfig {

    /** How long a grant holds before it expires and must be renewed. */
    @WithDefault("365d")
    Duration grantValidity();

    /**
     * Serves the benchmark's baselines under /api/ping (one of them without a token). Off by default:
     * only the benchmark's own instance turns it on (see ./suite bench).
     */
    @WithDefault("false")
    boolean benchmarkEndpoints();

    /** How often lapsed grants are expired (a Quarkus scheduler interval, or "off"). */
    @WithDefault("60s")
    String expiryCheckInterval();

    Outbox outbox();

    ReadCache readCache();

    interface ReadCache {
        /** Cache subjects' current decisions in memory (invalidated on every write, in every replica). */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("100000")
        long maxSubjects();

        /** Upper bound on an entry's life, a safety net behind the invalidation. */
        @WithDefault("60s")
        Duration ttl();
    }

    interface Outbox {
        /** How often the relay looks for events to send. */
        @WithDefault("1s")
        String pollInterval();

        /** Most events sent in one relay round. */
        @WithDefault("200")
        int batchSize();

        /** How long the relay waits for the broker's acknowledgement of a round. */
        @WithDefault("10s")
        Duration sendTimeout();

        /** Published rows are kept this long for diagnosis, then deleted. */
        @WithDefault("7d")
        Duration keepPublished();

        /** The relay reports DOWN when events have waited longer than this. */
        @WithDefault("5m")
        Duration maxLag();
    }
}
