package dev.personalization.consent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

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

    Ledger ledger();

    History history();

    PartnerAudit partnerAudit();

    Erasure erasure();

    interface Erasure {
        /**
         * The services whose privacy.erasure-completed.v1 an erasure request waits for before it counts as
         * completed. Confirmations of other services are recorded, not waited for.
         */
        @WithDefault("profile-service,recommendation-service")
        List<String> requiredServices();

        /** How long the consumer of confirmations waits before it retries one it could not record. */
        @WithDefault("1s")
        Duration retryDelay();
    }

    interface Ledger {
        /**
         * How often the chain heads are signed into a checkpoint (a Quarkus scheduler interval, or "off").
         * A round that finds no new entry writes nothing.
         */
        @WithDefault("60s")
        String checkpointInterval();

        /**
         * The admin check reports the checkpoints as stale when an entry older than this is not yet
         * covered by one (a deleted recent checkpoint, or a checkpointer that stopped). Only while
         * checkpoints are on; keep it well above the interval.
         */
        @WithDefault("10m")
        Duration checkpointMaxAge();
    }

    interface History {
        /** Entries (and partner reads) per page of GET /api/consents/me/history without a limit. */
        @WithDefault("50")
        int defaultPageSize();

        /** The largest limit a client may ask for. */
        @WithDefault("200")
        int maxPageSize();
    }

    /**
     * Partner checks' audit rows are committed in groups by one writer: a partner gets its answer only
     * after the commit that made its row durable.
     */
    interface PartnerAudit {
        /** Most rows in one commit. */
        @WithDefault("500")
        int maxBatch();

        /**
         * Writer threads, each committing one batch at a time on its own connection. One gives the
         * largest groups; more overlap commits, which pays where commits wait on the disk rather than
         * on the CPU (on the 2-core benchmark machine one writer was fastest).
         */
        @WithDefault("1")
        int writers();

        /** Most rows waiting for a commit; beyond it partner checks are refused with 503 (back-pressure). */
        @WithDefault("10000")
        int queueCapacity();

        /** How long a partner check waits for its row's commit before it answers 503 instead. */
        @WithDefault("5s")
        Duration timeout();
    }

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
