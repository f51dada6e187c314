package dev.personalization.consent.service;

import dev.personalization.kit.security.SubjectPseudonyms;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.personalization.consent.repository.LedgerEntry;
import dev.personalization.consent.repository.OutboxEvent;
import dev.personalization.consent.repository.OutboxRepository;
import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/** Writes events into the outbox inside the caller's transaction; {@link OutboxRelay} sends them. */
@ApplicationScoped
public class OutboxWriter {

    static final String SOURCE = "consent-service";

    private final OutboxRepository outbox;
    private final SubjectPseudonyms pseudonyms;
    private final ObjectMapper json;
    private final Event<Written> written;

    /** Fired inside the writing transaction; observers after its commit wake the relay. */
    public record Written() {
    }

    public OutboxWriter(OutboxRepository outbox, SubjectPseudonyms pseudonyms, ObjectMapper json,
            Event<Written> written) {
        this.outbox = outbox;
        this.pseudonyms = pseudonyms;
        this.json = json;
        this.written = written;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void consentChanged(LedgerEntry entry) {
        String pseudonym = pseudonyms.of(entry.subject);
        ConsentDecisionV1 data = new ConsentDecisionV1(entry.purpose, entry.purposeVersion, entry.decision,
                entry.consentVersion, entry.recordedAt, entry.expiresAt);
        EventEnvelope<ConsentDecisionV1> event = new EventEnvelope<>(UUID.randomUUID(), ConsentDecisionV1.TYPE,
                SOURCE, entry.recordedAt, pseudonym, ConsentDecisionV1.SCHEMA_VERSION, data);
        OutboxEvent row = new OutboxEvent();
        row.id = event.id();
        row.topic = Topics.CONSENT_DECISIONS;
        row.messageKey = pseudonym;
        row.payload = write(event);
        row.createdAt = Instant.now();
        outbox.persist(row);
        written.fire(new Written());
    }

    private String write(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event not serializable", e);
        }
    }
}
