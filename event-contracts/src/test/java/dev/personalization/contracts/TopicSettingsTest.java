package dev.personalization.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicSettingsTest {

    @Test
    void everyTopicHasItsPolicy() {
        for (String topic : Topics.ALL) {
            TopicSettings.of(topic);
        }
        assertEquals(Map.of("cleanup.policy", "compact", "delete.retention.ms", "86400000"),
                TopicSettings.of(Topics.PROFILE_FEATURES).kafkaConfig());
        assertEquals(Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(365L * 24 * 3600 * 1000)),
                TopicSettings.of(Topics.ERASURE_REQUESTED).kafkaConfig());
        // compacting a topic keyed by subject alone would drop a subject's grants of other purposes
        assertEquals(Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(400L * 24 * 3600 * 1000)),
                TopicSettings.of(Topics.CONSENT_DECISIONS).kafkaConfig());
        assertThrows(IllegalArgumentException.class, () -> TopicSettings.of("unknown.topic"));
    }
}
