package dev.personalization.consentview.config;

import dev.personalization.contracts.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** The consent view's settings, the same keys in every service that keeps one. */
@ConfigMapping(prefix = "consent-view")
public interface ConsentViewConfig {

    /** The topic the view is fed from. */
    @WithDefault(Topics.CONSENT_DECISIONS)
    String topic();

    /**
     * The public keys whose signatures the view accepts, as {@code kid=location} entries separated by
     * commas (location: a PEM file's path or file: URL), e.g.
     * {@code events-2026=/keys/events-2026.pem,events-2027=/keys/events-2027.pem}. Several at once, so
     * that consent-service's signing key can rotate: trust the new kid, switch the signer, and drop the
     * old kid once its events have been read. From {@code SUITE_EVENT_TRUSTED_KEYS} in production.
     */
    List<String> trustedKeys();

    Consumer consumer();

    ProcessedEvents processedEvents();

    interface Consumer {
        /**
         * How long a call to the broker may take before the broker counts as lost: the view then reports
         * not ready until it has caught up again.
         */
        @WithDefault("5s")
        Duration brokerTimeout();

        /** How often the view asks the broker for the topic's end offsets (which also tells it is still there). */
        @WithDefault("1s")
        Duration checkInterval();

        /** At most this many records are applied in one transaction. */
        @WithDefault("500")
        int maxPollRecords();

        /** The wait before a batch that could not be stored is read and tried again. */
        @WithDefault("1s")
        Duration retryBackoff();
    }

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
