package dev.personalization.contracts;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long each topic keeps what it holds: one place that the local broker, the test broker and the
 * README's table follow. Per-subject state topics are compacted (the newest record per key stays, and an
 * erasure's tombstone removes it); the erasure topics are kept long, so that a service that was away for
 * weeks still finds the requests it missed; nothing else needs more than its retention.
 */
public final class TopicSettings {

    public static final String COMPACT = "compact";
    public static final String DELETE = "delete";
    /** Requests and confirmations stay a year: a service restored from an old backup still erases. */
    public static final Duration ERASURE_RETENTION = Duration.ofDays(365);

    /**
     * @param cleanupPolicy Kafka's {@code cleanup.policy}
     * @param retention how long a record stays (for a compacted topic: how long a tombstone stays, Kafka's
     *        {@code delete.retention.ms}, after which the key is gone from the log altogether)
     */
    public record Setting(String cleanupPolicy, Duration retention) {

        /** The topic-level configuration Kafka takes at creation. */
        public Map<String, String> kafkaConfig() {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("cleanup.policy", cleanupPolicy);
            config.put(COMPACT.equals(cleanupPolicy) ? "delete.retention.ms" : "retention.ms",
                    Long.toString(retention.toMillis()));
            return config;
        }
    }

    /**
     * Consent decisions are keyed by the pseudonym alone (one subject's decisions stay in order), so
     * compaction would keep only a subject's last decision of any purpose and lose the others' grants. The
     * topic is kept by time instead, longer than a grant lives (365 days): every grant still in force is on
     * it, so a view rebuilt from the beginning misses only decisions that no longer matter (an old refusal
     * it then treats as "no decision", which also means no consent).
     */
    public static final Duration CONSENT_RETENTION = Duration.ofDays(400);

    private static final Map<String, Setting> SETTINGS = Map.of(
            Topics.CONSENT_DECISIONS, new Setting(DELETE, CONSENT_RETENTION),
            Topics.PROFILE_FEATURES, new Setting(COMPACT, Duration.ofDays(1)),
            Topics.CATALOG_PRODUCTS, new Setting(COMPACT, Duration.ofDays(1)),
            Topics.ERASURE_REQUESTED, new Setting(DELETE, ERASURE_RETENTION),
            Topics.ERASURE_COMPLETED, new Setting(DELETE, ERASURE_RETENTION));

    private TopicSettings() {
    }

    /** The setting of one of {@link Topics#ALL}. */
    public static Setting of(String topic) {
        Setting setting = SETTINGS.get(topic);
        if (setting == null) {
            throw new IllegalArgumentException("no settings for topic " + topic);
        }
        return setting;
    }
}
