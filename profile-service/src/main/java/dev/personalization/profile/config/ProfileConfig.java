package dev.personalization.profile.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "profile")
public interface ProfileConfig {

    /** Largest request body accepted, in bytes; larger ones get a 413 problem. */
    @WithDefault("65536")
    int maxBodySize();

    ProcessedEvents processedEvents();

    interface ProcessedEvents {
        /**
         * How long consumed event ids are remembered. Past it a redelivery is still harmless for the
         * consent view (versions decide), so this only bounds the table.
         */
        @WithDefault("P30D")
        Duration keep();

        /** How often old event ids are deleted (a Quarkus scheduler interval, or "off"). */
        @WithDefault("1h")
        String purgeInterval();
    }
}
