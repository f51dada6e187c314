package dev.personalization.consentview.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.personalization.consentview.service.ConsentEventTrust;
import dev.personalization.contracts.ErasureRequestedV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.EventSignatures;
import dev.personalization.contracts.Topics;
import dev.personalization.kit.json.StrictJson;
import dev.personalization.kit.kafka.GroupReaderLoop;
import dev.personalization.kit.kafka.KafkaClientSettings;
import dev.personalization.kit.kafka.KafkaConsumers;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads privacy.erasure-requested.v1 with a consumer group of its own and erases each request that
 * consent-service signed (checked with the consent view's trusted keys, as consent decisions are): an
 * unsigned or forged request deletes nothing, and is logged by position only and counted. Offsets are
 * committed only after a batch's erasures committed, so a service that was down (or crashed mid-batch)
 * erases what it missed when it is back; a redelivered request is recognised by its event id.
 * Starts only in a service that has an {@link ErasureHandler}.
 */
@ApplicationScoped
public class ErasureRequestReader {

    private static final Logger LOG = Logger.getLogger(ErasureRequestReader.class);
    /** One counter, tagged by outcome only: no subject or pseudonym ever becomes a label. */
    public static final String METRIC = "erasure.requests";
    public static final String REJECTED_SIGNATURE = "rejected-signature";

    private final ConsentEventTrust trust;
    private final ErasureRequests requests;
    private final MeterRegistry metrics;
    private final ObjectReader reader;
    private final Clock clock;
    private final KafkaClientSettings kafka;
    private final String groupId;
    private final GroupReaderLoop loop;

    public ErasureRequestReader(ConsentEventTrust trust, ErasureRequests requests, MeterRegistry metrics,
            ObjectMapper json, Instance<Clock> clock,
            KafkaClientSettings kafka,
            @ConfigProperty(name = "quarkus.application.name", defaultValue = "service") String application) {
        this.trust = trust;
        this.requests = requests;
        this.metrics = metrics;
        this.reader = StrictJson.tolerant(json);
        this.clock = clock.isResolvable() ? clock.get() : Clock.systemUTC();
        this.kafka = kafka;
        this.groupId = application + "-erasure";
        this.loop = new GroupReaderLoop("erasure-request-reader", Topics.ERASURE_REQUESTED, this::newConsumer,
                Duration.ofMillis(500), Duration.ofSeconds(1), this::apply);
    }

    void onStart(@Observes StartupEvent event) {
        if (requests.enabled()) {
            loop.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.stop(Duration.ofSeconds(5));
    }

    private void apply(ConsumerRecords<byte[], byte[]> records, KafkaConsumer<byte[], byte[]> consumer) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            count(handle(record));
        }
        if (!records.isEmpty()) {
            consumer.commitSync();
        }
    }

    /** The outcome of one record; a failure to store throws, so that the batch is read again. */
    String handle(ConsumerRecord<byte[], byte[]> record) {
        EventSignatures.Rejection rejection = trust.check(record);
        if (rejection != null) {
            LOG.warnf("dropped an erasure request at partition %d offset %d: %s", record.partition(), record.offset(),
                    rejection.reason());
            return REJECTED_SIGNATURE;
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        EventEnvelope<ErasureRequestedV1> request = record.value() == null ? null : parse(record.value());
        if (request == null || !request.subject().equals(key)) {
            LOG.warnf("skipped a malformed erasure request at partition %d offset %d", record.partition(),
                    record.offset());
            return "malformed";
        }
        ErasureRequests.Outcome outcome = requests.apply(request, clock.instant().truncatedTo(ChronoUnit.MICROS));
        if (outcome == ErasureRequests.Outcome.ERASED) {
            LOG.infof("erased the subject of the request at partition %d offset %d", record.partition(), record.offset());
        }
        return outcome.name().toLowerCase();
    }

    private void count(String outcome) {
        metrics.counter(METRIC, "outcome", outcome).increment();
    }

    EventEnvelope<ErasureRequestedV1> parse(byte[] value) {
        try {
            JsonNode envelope = reader.readTree(value);
            if (envelope == null || !ErasureRequestedV1.TYPE.equals(envelope.path("type").asText())) {
                return null;
            }
            UUID id = UUID.fromString(envelope.path("id").asText());
            String subject = envelope.path("subject").asText(null);
            ErasureRequestedV1 data = reader.treeToValue(envelope.get("data"), ErasureRequestedV1.class);
            if (subject == null || subject.isBlank() || subject.length() > 128 || data == null
                    || data.requestId() == null) {
                return null;
            }
            Instant time = envelope.hasNonNull("time") ? Instant.parse(envelope.get("time").asText()) : null;
            return new EventEnvelope<>(id, ErasureRequestedV1.TYPE, envelope.path("source").asText(null), time,
                    subject, envelope.path("schemaVersion").asInt(), data);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private KafkaConsumer<byte[], byte[]> newConsumer() {
        // a service that never read the topic before (a new one, or its group's offsets expired) erases
        // every request still on it: erasing twice is harmless, missing one is not
        return KafkaConsumers.groupReader(kafka, groupId, 100);
    }
}
