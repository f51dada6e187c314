package dev.personalization.consent.config;

import dev.personalization.kit.kafka.KafkaClientSettings;
import dev.personalization.kit.kafka.KafkaProducers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;

/**
 * The outbox relay's producer: the suite's outbox producer ({@link KafkaProducers#outbox}) under this service's client id.
 */
@ApplicationScoped
public class KafkaProducerFactory {

    @Produces
    @ApplicationScoped
    Producer<String, String> producer(KafkaClientSettings kafka) {
        return KafkaProducers.outbox(kafka, "consent-service-outbox");
    }

    void close(@Disposes Producer<String, String> producer) {
        producer.close(Duration.ofSeconds(5));
    }
}
