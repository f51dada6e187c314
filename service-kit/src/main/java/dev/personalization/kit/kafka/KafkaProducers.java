package dev.personalization.kit.kafka;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The producer every outbox relay of the suite uses, so that each service declares only its client id.
 * Not a bean: the gateway has no Kafka client on its class path, so each service produces its own
 * {@code Producer} bean with {@link #outbox}.
 */
public final class KafkaProducers {

    private KafkaProducers() {
    }

    /**
     * Idempotent, acks from all in-sync replicas (so that retries keep one key's events in order), and
     * short blocking times so that a missing broker fails a relay round quickly instead of stalling it.
     */
    public static Producer<String, String> outbox(KafkaClientSettings kafka, String clientId) {
        return new KafkaProducer<>(kafka.with(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Duration.ofSeconds(3).toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(3).toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(8).toMillis(),
                ProducerConfig.LINGER_MS_CONFIG, 2)),
                new StringSerializer(), new StringSerializer());
    }
}
