package dev.personalization.consentview.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Feeds the consent view from {@code consent.decisions.v1} (channel {@code consent-decisions}, which
 * each service configures with its own consumer group). A message that cannot be read is
 * logged by position only and acknowledged, so that it never blocks its partition; a failure to
 * store a good one is not acknowledged (see the channel's failure strategy).
 */
@ApplicationScoped
public class ConsentDecisionConsumer {

    private static final Logger LOG = Logger.getLogger(ConsentDecisionConsumer.class);
    /** One counter, tagged by outcome only: no subject or pseudonym ever becomes a label. */
    static final String METRIC = "consent.view.events";

    private final ConsentEventParser parser;
    private final ConsentViewService views;
    private final MeterRegistry metrics;

    public ConsentDecisionConsumer(ConsentEventParser parser, ConsentViewService views, MeterRegistry metrics) {
        this.parser = parser;
        this.views = views;
        this.metrics = metrics;
    }

    @Incoming("consent-decisions")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            // a tombstone, as compaction of the topic may leave: nothing to apply
            count("tombstone");
            return;
        }
        ConsentEventParser.Parsed parsed = parser.parse(record.value());
        if (parsed.malformed() != null) {
            LOG.warnf("skipped a malformed consent event (%s) at partition %d offset %d",
                    parsed.malformed(), record.partition(), record.offset());
            count("malformed");
            return;
        }
        if (parsed.otherType()) {
            // a type added later, unknown to this version: left alone, as the contract asks
            count("other-type");
            return;
        }
        ConsentViewService.Outcome outcome = views.apply(parsed.decision(), Instant.now());
        count(outcome.name().toLowerCase());
    }

    private void count(String outcome) {
        metrics.counter(METRIC, "outcome", outcome).increment();
    }
}
