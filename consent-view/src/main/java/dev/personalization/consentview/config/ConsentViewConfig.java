package dev.personalization.consentview.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The consent view's settings, the same keys in every service that keeps one. */
@ConfigMapping(prefix = "consent-view")
public interface ConsentViewConfig {

    ProcessedEvents processedEvents();

    interface ProcessedEvents {
        /**
         * How long consumed event ids are remembered. Past it a redelivery is still harmless for the
         * view (consent versions decide), so this only bounds the table.
         */
        @WithDefault("30d")
        Duration keep();

        /** How often old event ids are deleted: a Quarkus scheduler interval such as {@code 1h}, or "off". */
        @WithDefault("1h")
        String purgeInterval();
    }
}
