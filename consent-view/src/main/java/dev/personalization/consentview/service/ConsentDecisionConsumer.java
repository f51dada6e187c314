package dev.personalization.consentview.service;

import dev.personalization.consentview.repository.ConsentViewOffsetRepository;
import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.EventSignatures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Applies what {@link ConsentTopicReader} polled from {@code consent.decisions.v1}: one batch, one
 * transaction, together with the next offset of each partition, so that the view and the position it
 * was read up to never disagree. Per record: the signature first (an event nobody trusted signed is
 * dropped whatever it says), then the content. A record that cannot be applied (unsigned, forged,
 * malformed, of another type) is skipped, logged by position only and counted, so that it never blocks
 * its partition; a failure to store fails the whole batch, which is then read again.
 */
@ApplicationScoped
public class ConsentDecisionConsumer {

    private static final Logger LOG = Logger.getLogger(ConsentDecisionConsumer.class);
    /** One counter, tagged by outcome only: no subject or pseudonym ever becomes a label. */
    static final String METRIC = "consent.view.events";
    /** The outcome of an event that is unsigned, signed by an unknown key, or whose signature does not match it. */
    static final String REJECTED_SIGNATURE = "rejected-signature";

    private final ConsentEventTrust trust;
    private final ConsentEventParser parser;
    private final ConsentViewService views;
    private final ConsentViewOffsetRepository offsets;

    public ConsentDecisionConsumer(ConsentEventTrust trust, ConsentEventParser parser, ConsentViewService views,
            ConsentViewOffsetRepository offsets) {
        this.trust = trust;
        this.parser = parser;
        this.views = views;
        this.offsets = offsets;
    }

    /**
     * Applies the batch and records each partition's next offset, all in one transaction.
     *
     * @return the outcome of each record, to be counted once the transaction has committed
     */
    @Transactional
    public List<String> store(ConsumerRecords<byte[], byte[]> records, Instant now) {
        List<String> outcomes = new ArrayList<>(records.count());
        // a fixed order of partitions, so that two replicas sharing a database take row locks alike
        List<TopicPartition> partitions = records.partitions().stream()
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        // first what each record is (the signature, then the content), then the decisions among them
        // applied together, in order
        List<EventEnvelope<ConsentDecisionV1>> decisions = new ArrayList<>();
        List<Integer> decisionAt = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                Checked checked = check(record);
                if (checked.decision() == null) {
                    outcomes.add(checked.skipped());
                } else {
                    decisionAt.add(outcomes.size());
                    outcomes.add(null);
                    decisions.add(checked.decision());
                }
            }
        }
        List<ConsentViewService.Outcome> applied = views.applyAll(decisions, now);
        for (int i = 0; i < applied.size(); i++) {
            outcomes.set(decisionAt.get(i), applied.get(i).name().toLowerCase());
        }
        for (TopicPartition partition : partitions) {
            List<ConsumerRecord<byte[], byte[]>> batch = records.records(partition);
            offsets.store(partition.topic(), partition.partition(), batch.get(batch.size() - 1).offset() + 1, now);
        }
        return outcomes;
    }

    /** A record read: either the decision it carries, or why it is skipped (its outcome). */
    private record Checked(EventEnvelope<ConsentDecisionV1> decision, String skipped) {

        static Checked skipped(String outcome) {
            return new Checked(null, outcome);
        }
    }

    private Checked check(ConsumerRecord<byte[], byte[]> record) {
        EventSignatures.Rejection rejection = trust.check(record);
        if (rejection != null) {
            LOG.warnf("dropped a consent event at partition %d offset %d: %s", record.partition(), record.offset(),
                    rejection.reason());
            return Checked.skipped(REJECTED_SIGNATURE);
        }
        if (record.value() == null) {
            // a tombstone, as compaction of the topic may leave: nothing to apply
            return Checked.skipped("tombstone");
        }
        ConsentEventParser.Parsed parsed = parser.parse(new String(record.value(), StandardCharsets.UTF_8));
        if (parsed.malformed() != null) {
            LOG.warnf("skipped a malformed consent event (%s) at partition %d offset %d",
                    parsed.malformed(), record.partition(), record.offset());
            return Checked.skipped("malformed");
        }
        if (parsed.otherType()) {
            // a type added later, unknown to this version: left alone, as the contract asks
            return Checked.skipped("other-type");
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (!parsed.decision().subject().equals(key)) {
            // consent-service keys every event by its subject, so that one subject's events stay in order
            LOG.warnf("skipped a malformed consent event (subject differs from the record key) at partition %d offset %d",
                    record.partition(), record.offset());
            return Checked.skipped("malformed");
        }
        return new Checked(parsed.decision(), null);
    }
}
