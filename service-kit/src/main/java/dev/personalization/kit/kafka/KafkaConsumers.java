package dev.personalization.kit.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The consumer the suite's background topic readers share: one consumer group (named like its client), offsets
 * committed by the reader only after a batch was applied, and a group without offsets (new, or expired) reading
 * the topic from its start, since every reader applies a record twice harmlessly. Records stay bytes: signatures
 * are checked over the exact bytes. Not a bean, like {@link KafkaProducers}.
 */
public final class KafkaConsumers {

    private KafkaConsumers() {
    }

    /** A group reader; {@code own} adds or overrides settings of this reader. */
    public static KafkaConsumer<byte[], byte[]> groupReader(KafkaClientSettings kafka, String groupId,
            int maxPollRecords, Map<String, ?> own) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.CLIENT_ID_CONFIG, groupId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords));
        settings.putAll(own);
        return new KafkaConsumer<>(kafka.with(settings), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public static KafkaConsumer<byte[], byte[]> groupReader(KafkaClientSettings kafka, String groupId,
            int maxPollRecords) {
        return groupReader(kafka, groupId, maxPollRecords, Map.of());
    }
}
