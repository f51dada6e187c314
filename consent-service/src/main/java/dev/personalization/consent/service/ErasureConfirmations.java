package dev.personalization.consent.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.personalization.consent.config.ConsentConfig;
import dev.personalization.contracts.ErasureCompletedV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.Topics;
import dev.personalization.kit.kafka.GroupReaderLoop;
import dev.personalization.kit.kafka.KafkaClientSettings;
import dev.personalization.kit.kafka.KafkaConsumers;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Reads {@code privacy.erasure-completed.v1} (in a consumer group, so that one replica handles each
 * confirmation) and records each in {@link ErasureService}. The events are unsigned by contract: only
 * profile-service and recommendation-service may write the topic (broker ACLs). Recording is idempotent,
 * so offsets are committed after the records are recorded (a crash in between reads them again). Unknown
 * request ids, confirmations naming another subject and unreadable records are skipped and counted in
 * {@code consent_erasure_confirmations_total{outcome}}; logs name no subject.
 */
@ApplicationScoped
public class ErasureConfirmations {

    private static final Logger LOG = Logger.getLogger(ErasureConfirmations.class);
    static final String GROUP = "consent-service-erasure";

    private final ErasureService erasures;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final KafkaClientSettings clientSettings;
    private final GroupReaderLoop loop;

    public ErasureConfirmations(ErasureService erasures, ObjectMapper json, MeterRegistry metrics,
            KafkaClientSettings clientSettings, ConsentConfig config) {
        this.erasures = erasures;
        this.json = json;
        this.metrics = metrics;
        this.clientSettings = clientSettings;
        // a broker or database outage: start over from the committed offsets after the configured pause
        this.loop = new GroupReaderLoop("erasure-confirmations", Topics.ERASURE_COMPLETED, this::newConsumer,
                Duration.ofSeconds(1), config.erasure().retryDelay(), this::apply);
    }

    void start(@Observes StartupEvent event) {
        loop.start();
    }

    void stop(@Observes ShutdownEvent event) {
        loop.stop(Duration.ofSeconds(5));
    }

    // committed record by record: after a failure half-way through a poll no confirmation is counted twice
    private void apply(ConsumerRecords<byte[], byte[]> records, KafkaConsumer<byte[], byte[]> kafka) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String outcome = handle(record);
            metrics.counter("consent_erasure_confirmations_total", "outcome", outcome).increment();
            kafka.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1)));
        }
    }

    /** Records one confirmation; a database failure propagates (the record is read again). */
    private String handle(ConsumerRecord<byte[], byte[]> record) {
        EventEnvelope<ErasureCompletedV1> event;
        try {
            event = json.readValue(record.value(), new TypeReference<EventEnvelope<ErasureCompletedV1>>() {
            });
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf("erasure confirmation at offset %d of partition %d unreadable; skipped", record.offset(),
                    record.partition());
            return "malformed";
        }
        ErasureCompletedV1 data = event == null ? null : event.data();
        if (!ErasureCompletedV1.TYPE.equals(event == null ? null : event.type()) || data == null
                || data.requestId() == null || data.service() == null || data.service().isBlank()
                || data.service().length() > 64 || data.completedAt() == null) {
            LOG.warnf("erasure confirmation at offset %d of partition %d incomplete; skipped", record.offset(),
                    record.partition());
            return "malformed";
        }
        ErasureService.Outcome outcome = erasures.confirmed(event.subject(), data);
        if (outcome == ErasureService.Outcome.UNKNOWN_REQUEST || outcome == ErasureService.Outcome.WRONG_SUBJECT) {
            LOG.infof("erasure confirmation of %s ignored: %s", data.service(), outcome);
        }
        return outcome.name().toLowerCase().replace('_', '-');
    }

    private KafkaConsumer<byte[], byte[]> newConsumer() {
        // the kit's group reader: a new group reads what was confirmed while it did not exist yet
        return KafkaConsumers.groupReader(clientSettings, GROUP, 200, Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "consent-service-erasure",
                ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000));
    }
}
