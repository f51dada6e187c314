package dev.personalization.profile.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.personalization.contracts.CatalogProductV1;
import dev.personalization.contracts.Topics;
import dev.personalization.kit.json.StrictJson;
import dev.personalization.kit.kafka.GroupReaderLoop;
import dev.personalization.kit.kafka.KafkaClientSettings;
import dev.personalization.kit.kafka.KafkaConsumers;
import dev.personalization.profile.repository.VocabularyRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the search vocabulary from {@code catalog.products.v1}: each product's normalized terms (its own
 * and its category path's), a tombstone removing it. A consumer group of its own, offsets committed after
 * the batch is stored (a redelivery rewrites the same rows). Products carry no personal data.
 */
@ApplicationScoped
public class CatalogVocabulary {

    private static final Logger LOG = Logger.getLogger(CatalogVocabulary.class);
    private static final int MAX_TERMS = 64;

    private final VocabularyRepository vocabulary;
    private final ObjectReader reader;
    private final KafkaClientSettings kafka;
    private final String groupId;
    private final GroupReaderLoop loop;

    public CatalogVocabulary(VocabularyRepository vocabulary, ObjectMapper json,
            KafkaClientSettings kafka,
            @ConfigProperty(name = "profile.catalog.group-id", defaultValue = "profile-service-catalog") String groupId) {
        this.vocabulary = vocabulary;
        this.reader = StrictJson.tolerant(json);
        this.kafka = kafka;
        this.groupId = groupId;
        this.loop = new GroupReaderLoop("profile-catalog-vocabulary", Topics.CATALOG_PRODUCTS, this::newConsumer,
                Duration.ofMillis(500), Duration.ofSeconds(1), this::apply);
    }

    void onStart(@Observes StartupEvent event) {
        loop.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.stop(Duration.ofSeconds(5));
    }

    private void apply(ConsumerRecords<byte[], byte[]> records, KafkaConsumer<byte[], byte[]> consumer) {
        if (!records.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> store(records));
            consumer.commitSync();
        }
    }

    private KafkaConsumer<byte[], byte[]> newConsumer() {
        return KafkaConsumers.groupReader(kafka, groupId, 500, Map.of(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false));
    }

    /** Applies a polled batch in the caller's transaction; an unreadable record is skipped (logged by position). */
    void store(ConsumerRecords<byte[], byte[]> records) {
        Instant now = Instant.now();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            if (record.value() == null) {
                if (key != null) {
                    vocabulary.deleteProduct(key);
                }
                continue;
            }
            CatalogProductV1 product = parse(record);
            if (product == null) {
                LOG.warnf("skipped an unreadable catalog event at partition %d offset %d", record.partition(),
                        record.offset());
                continue;
            }
            vocabulary.upsertProduct(product.productId(), product.category(), terms(product), now);
        }
    }

    private CatalogProductV1 parse(ConsumerRecord<byte[], byte[]> record) {
        try {
            JsonNode envelope = reader.readTree(record.value());
            if (envelope == null || !CatalogProductV1.TYPE.equals(envelope.path("type").asText())) {
                return null;
            }
            CatalogProductV1 product = reader.treeToValue(envelope.get("data"), CatalogProductV1.class);
            if (product == null || product.productId() == null || product.productId().isBlank()
                    || product.productId().length() > 64 || product.category() == null
                    || !ActivityCategory.valid(product.category())) {
                return null;
            }
            return new CatalogProductV1(product.productId(), ActivityCategory.normalize(product.category()),
                    product.terms());
        } catch (java.io.IOException | IllegalArgumentException e) {
            return null;
        }
    }

    static Set<String> terms(CatalogProductV1 product) {
        Set<String> terms = new LinkedHashSet<>(Terms.of(product.category()));
        if (product.terms() != null) {
            for (String term : product.terms()) {
                terms.addAll(Terms.of(term));
                if (terms.size() >= MAX_TERMS) {
                    break;
                }
            }
        }
        return terms;
    }
}
