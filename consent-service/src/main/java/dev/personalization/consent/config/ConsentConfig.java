package dev.personalization.consent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "consent")
public interface ConsentConfig {

    /** How long a grant holds before it expires and must be renewed. */
    @WithDefault("P365D")
    Duration grantValidity();

    /**
     * Serves the benchmark's baselines under /api/ping (one of them without a token). Off by default:
     * only the benchmark's own instance turns it on (see ./suite bench).
     */
    @WithDefault("false")
    boolean benchmarkEndpoints();

    /** Largest request body accepted, in bytes; larger ones get a 413 problem. */
    @WithDefault("16384")
    int maxBodySize();

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
        @WithDefault("PT60S")
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
        @WithDefault("PT10S")
        Duration sendTimeout();

        /** Published rows are kept this long for diagnosis, then deleted. */
        @WithDefault("P7D")
        Duration keepPublished();

        /** The relay reports DOWN when events have waited longer than this. */
        @WithDefault("PT5M")
        Duration maxLag();
    }
}
