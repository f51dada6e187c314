package dev.personalization.recommendation.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.ProfileFeaturesV1;
import dev.personalization.contracts.Topics;
import dev.personalization.kit.json.StrictJson;
import dev.personalization.kit.kafka.KafkaClientSettings;
import dev.personalization.kit.kafka.KafkaConsumers;
import dev.personalization.kit.problem.ProblemException;
import dev.personalization.kit.problem.ProblemType;
import dev.personalization.recommendation.config.RecommendationConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads profile.features.v1 with a consumer group of its own and hands each snapshot to
 * {@link FeatureIntake}; offsets are committed after the batch is applied (a redelivery is recognised by
 * its event id). While the consent view is catching up nothing is applied: the record waits, since a
 * feature judged against a stale view could be kept under a purpose already withdrawn.
 */
@ApplicationScoped
public class FeatureTopicReader {

    private static final Logger LOG = Logger.getLogger(FeatureTopicReader.class);

    private final FeatureIntake intake;
    private final ObjectReader reader;
    private final KafkaClientSettings kafka;
    private final RecommendationConfig config;
    private volatile boolean stopping;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    public FeatureTopicReader(FeatureIntake intake, ObjectMapper json,
            KafkaClientSettings kafka, RecommendationConfig config) {
        this.intake = intake;
        this.reader = StrictJson.tolerant(json);
        this.kafka = kafka;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        stopping = false;
        Thread thread = new Thread(this::run, "recommendation-feature-reader");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    private void run() {
        while (!stopping) {
            try (KafkaConsumer<byte[], byte[]> opened = newConsumer()) {
                consumer = opened;
                opened.subscribe(List.of(Topics.PROFILE_FEATURES));
                while (!stopping) {
                    ConsumerRecords<byte[], byte[]> records = opened.poll(Duration.ofMillis(500));
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        handle(record);
                    }
                    if (!records.isEmpty()) {
                        opened.commitSync();
                    }
                }
            } catch (WakeupException | InterruptException e) {
                // stopping
            } catch (RuntimeException e) {
                if (!stopping) {
                    LOG.warnf("the feature consumer restarts after %s", e.getClass().getSimpleName());
                    pause();
                }
            } finally {
                consumer = null;
            }
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            if (key != null) {
                untilCaughtUp(() -> intake.forget(key));
            }
            return;
        }
        EventEnvelope<ProfileFeaturesV1> event = parse(record.value());
        if (event == null || !event.subject().equals(key)) {
            // position only: the record may hold personal data
            LOG.warnf("skipped an unreadable feature snapshot at partition %d offset %d", record.partition(),
                    record.offset());
            return;
        }
        untilCaughtUp(() -> intake.apply(event));
    }

    /** Runs the step, waiting while the consent view is catching up (the step answers 503 then). */
    private void untilCaughtUp(Runnable step) {
        while (!stopping) {
            try {
                step.run();
                return;
            } catch (ProblemException e) {
                if (e.problem().status() != ProblemType.SERVICE_UNAVAILABLE.status()) {
                    throw e;
                }
                pause();
            }
        }
        throw new WakeupException();
    }

    private static void pause() {
        try {
            Thread.sleep(500); // a retry interval while the view catches up, not a timing assumption
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptException(interrupted);
        }
    }

    EventEnvelope<ProfileFeaturesV1> parse(byte[] value) {
        try {
            JsonNode envelope = reader.readTree(value);
            if (envelope == null || !ProfileFeaturesV1.TYPE.equals(envelope.path("type").asText())) {
                return null;
            }
            UUID id = UUID.fromString(envelope.path("id").asText());
            String subject = envelope.path("subject").asText(null);
            ProfileFeaturesV1 data = reader.treeToValue(envelope.get("data"), ProfileFeaturesV1.class);
            if (subject == null || subject.isBlank() || subject.length() > 128 || data == null) {
                return null;
            }
            Instant time = envelope.hasNonNull("time") ? Instant.parse(envelope.get("time").asText()) : null;
            return new EventEnvelope<>(id, ProfileFeaturesV1.TYPE, envelope.path("source").asText(null), time, subject,
                    envelope.path("schemaVersion").asInt(), data);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private KafkaConsumer<byte[], byte[]> newConsumer() {
        return KafkaConsumers.groupReader(kafka, config.features().groupId(), 200);
    }
}
