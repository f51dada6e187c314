package dev.personalization.recommendation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "recommendation")
public interface RecommendationConfig {

    Catalog catalog();

    interface Catalog {
        /** Products listed when the request names no limit. */
        @WithDefault("100")
        int defaultPageSize();

        /** The highest limit a request may ask for. */
        @WithDefault("1000")
        int maxPageSize();
    }
}
