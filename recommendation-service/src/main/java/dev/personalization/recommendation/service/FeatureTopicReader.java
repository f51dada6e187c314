package dev.personalization.recommendation.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.ProfileFeaturesV1;
import dev.personalization.contracts.Topics;
import dev.personalization.kit.json.StrictJson;
import dev.personalization.kit.kafka.GroupReaderLoop;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private final GroupReaderLoop loop;

    public FeatureTopicReader(FeatureIntake intake, ObjectMapper json,
            KafkaClientSettings kafka, RecommendationConfig config) {
        this.intake = intake;
        this.reader = StrictJson.tolerant(json);
        this.kafka = kafka;
        this.config = config;
        this.loop = new GroupReaderLoop("recommendation-feature-reader", Topics.PROFILE_FEATURES, this::newConsumer,
                Duration.ofMillis(500), Duration.ofMillis(500), this::apply);
    }

    void onStart(@Observes StartupEvent event) {
        loop.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.stop(Duration.ofSeconds(5));
    }

    private void apply(ConsumerRecords<byte[], byte[]> records, KafkaConsumer<byte[], byte[]> consumer) {
        for (Polled polled : superseding(read(records))) {
            handle(polled);
        }
        if (!records.isEmpty()) {
            consumer.commitSync();
        }
    }

    /** One record of a poll: a tombstone (no value), a snapshot, or unreadable (no event). */
    record Polled(String key, boolean tombstone, EventEnvelope<ProfileFeaturesV1> event, int partition, long offset) {
    }

    private List<Polled> read(ConsumerRecords<byte[], byte[]> records) {
        List<Polled> polled = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            EventEnvelope<ProfileFeaturesV1> event = record.value() == null ? null : parse(record.value());
            polled.add(new Polled(key, record.value() == null, event, record.partition(), record.offset()));
        }
        return polled;
    }

    /**
     * The records of one poll worth applying, in their order. A snapshot replaces everything held of its
     * subject, so one that a later snapshot of the same subject in the same poll (with no tombstone between
     * them) matches or outnumbers in version would only be overwritten: it is left out. Under load a poll
     * holds several snapshots of a busy subject and only its newest is applied; the skipped ones are never
     * marked processed, and a redelivery finds them stale.
     */
    static List<Polled> superseding(List<Polled> polled) {
        Map<String, Long> newestLater = new HashMap<>();
        boolean[] skip = new boolean[polled.size()];
        for (int i = polled.size() - 1; i >= 0; i--) {
            Polled item = polled.get(i);
            if (item.key() == null) {
                continue;
            }
            if (item.tombstone()) {
                newestLater.remove(item.key());
            } else if (item.event() != null && item.event().subject().equals(item.key())) {
                long version = item.event().data().snapshotVersion();
                Long later = newestLater.get(item.key());
                if (later != null && later >= version) {
                    skip[i] = true;
                } else {
                    newestLater.put(item.key(), version);
                }
            }
        }
        List<Polled> kept = new ArrayList<>(polled.size());
        for (int i = 0; i < skip.length; i++) {
            if (!skip[i]) {
                kept.add(polled.get(i));
            }
        }
        return kept;
    }

    private void handle(Polled polled) {
        String key = polled.key();
        if (polled.tombstone()) {
            if (key != null) {
                untilCaughtUp(() -> intake.forget(key));
            }
            return;
        }
        EventEnvelope<ProfileFeaturesV1> event = polled.event();
        if (event == null || !event.subject().equals(key)) {
            // position only: the record may hold personal data
            LOG.warnf("skipped an unreadable feature snapshot at partition %d offset %d", polled.partition(),
                    polled.offset());
            return;
        }
        untilCaughtUp(() -> intake.apply(event));
    }

    /** Runs the step, waiting while the consent view is catching up (the step answers 503 then). */
    private void untilCaughtUp(Runnable step) {
        while (!loop.stopping()) {
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
