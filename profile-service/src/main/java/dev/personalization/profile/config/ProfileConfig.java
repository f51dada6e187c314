package dev.personalization.profile.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** profile-service's settings: intake limits, per-purpose retention and decay, the outbox relay. */
@ConfigMapping(prefix = "profile")
public interface ProfileConfig {

    /**
     * The purposes intake knows, by name (browsing, purchases, search). Defaults in application.properties
     * follow the retention consent-service publishes for each purpose (30, 180 and 90 days).
     */
    Map<String, PurposeSettings> purposes();

    Intake intake();

    Search search();

    Windows windows();

    Outbox outbox();

    Jobs jobs();

    interface PurposeSettings {
        /** How long a datum is kept after it was last seen; a shopper may choose a shorter window, never a longer one. */
        Duration retention();

        /** The half-life of a datum's score: what was seen this long ago weighs half. */
        Duration halfLife();
    }

    interface Intake {
        /** Most events one request may carry. */
        @WithDefault("500")
        int maxEvents();

        /** How far in the future an event's occurredAt may be (clock skew of the shopper's device). */
        @WithDefault("5m")
        Duration futureSkew();
    }

    interface Search {
        /** Per subject, at most this many search terms and this many search categories are kept (the highest scores). */
        @WithDefault("50")
        int topK();
    }

    interface Windows {
        /**
         * Per subject, at most this many viewed and this many purchased product ids are kept (the most
         * recently seen), on top of the purpose's time window.
         */
        @WithDefault("50")
        int recentProducts();

        /**
         * Per subject, at most this many category affinities, purchased categories and price bands are kept
         * (the highest decayed scores), on top of the purpose's time window.
         */
        @WithDefault("50")
        int topK();
    }

    interface Outbox {
        /** The relay's fallback schedule; a commit that marked a subject's snapshot due wakes it at once. */
        @WithDefault("1s")
        String pollInterval();

        /** Most outbox rows, and most due subjects' snapshots, one relay pass sends. */
        @WithDefault("500")
        int batchSize();

        @WithDefault("5s")
        Duration sendTimeout();

        /** How long a sent snapshot row stays (only the subject's newest one can still be here). */
        @WithDefault("1h")
        Duration keepPublished();
    }

    interface Jobs {
        /** How often data past its retention window is deleted: a scheduler interval, or "off". */
        @WithDefault("1m")
        String retentionPurgeInterval();

        /**
         * How often the view's expiry times are swept: data of a purpose whose grant lapsed without an
         * event (or is no longer granted for any reason) is deleted. A scheduler interval, or "off".
         */
        @WithDefault("5s")
        String consentSweepInterval();
    }
}
