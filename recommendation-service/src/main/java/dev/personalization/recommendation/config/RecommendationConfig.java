package dev.personalization.recommendation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "recommendation")
public interface RecommendationConfig {

    Catalog catalog();

    Outputs outputs();

    Aggregates aggregates();

    Outbox outbox();

    Features features();

    Model model();

    Cache cache();

    interface Catalog {
        /** Products listed when the request names no limit. */
        @WithDefault("100")
        int defaultPageSize();

        /** The highest limit a request may ask for. */
        @WithDefault("1000")
        int maxPageSize();

        /** The most products one bulk request may carry (all or nothing). */
        @WithDefault("1000")
        int maxBulk();
    }

    interface Outputs {
        /** Items per list when a request names no limit. */
        @WithDefault("10")
        int defaultLimit();

        /** The highest limit a request for recommendations, deals or search may ask for. */
        @WithDefault("50")
        int maxLimit();
    }

    interface Aggregates {
        /**
         * k: a product (or a pair of products bought together) counts as popular only once at least this
         * many distinct subjects contribute to it, so that no single shopper's behaviour shows through.
         */
        @WithDefault("5")
        int minSubjects();

        /** The most one subject's features add to one product's popularity (in feature weight). */
        @WithDefault("3")
        double contributionCap();

        /** The most purchased products of one subject that enter co-purchase pairs (the heaviest ones). */
        @WithDefault("50")
        int maxPairItems();
    }

    interface Outbox {
        @WithDefault("1s")
        Duration pollInterval();

        @WithDefault("200")
        int batchSize();

        @WithDefault("10s")
        Duration sendTimeout();

        @WithDefault("1d")
        Duration keepPublished();
    }

    interface Features {
        /** The consumer group reading profile.features.v1. */
        @WithDefault("recommendation-service-features")
        String groupId();
    }

    interface Model {
        /** How often a cheap fingerprint query checks whether the catalog or the aggregates changed. */
        @WithDefault("1s")
        Duration refreshInterval();

        /** How often the discover model's item-item weights are learnt again, if the held features changed. */
        @WithDefault("5m")
        Duration similarityInterval();

        /** The most items (those most subjects hold) that enter the O(n^3) training. */
        @WithDefault("4000")
        int maxItems();

        /** EASE's ridge (as evaluated). */
        @WithDefault("150")
        double easeLambda();

        /** Neighbours kept per item (as evaluated). */
        @WithDefault("1000")
        int neighbours();

        /** Age at which a subject's bought item weighs half in the training (as evaluated). */
        @WithDefault("30d")
        Duration recencyHalfLife();

        /** Weight of a viewed product next to a bought one in the training. */
        @WithDefault("0.5")
        double viewWeight();
    }

    interface Cache {
        /** Answers kept (per subject and limit); the cache starts over when full. */
        @WithDefault("10000")
        int maxEntries();

        /** The longest an answer is reused: rankings age (recency decay) even when nothing changes. */
        @WithDefault("10m")
        Duration maxAge();

        /**
         * The longest a subject's consent rows and snapshot version stay in memory; changes evict them at
         * once (LISTEN/NOTIFY), this only bounds what a lost notification could leave behind.
         */
        @WithDefault("1m")
        Duration stateTtl();
    }
}
