package dev.personalization.consent.service;

import dev.personalization.kit.security.SubjectPseudonyms;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.personalization.consent.config.EventSigningConfig;
import dev.personalization.consent.repository.LedgerEntry;
import dev.personalization.consent.repository.OutboxEvent;
import dev.personalization.consent.repository.OutboxRepository;
import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.ErasureRequestedV1;
import dev.personalization.contracts.EventSignatures;
import dev.personalization.contracts.Topics;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes events into the outbox inside the caller's transaction; {@link OutboxRelay} sends them.
 *
 * <p>Each event is signed here, when it is written, and the signature is stored with the row: the relay
 * only copies it into the record's header. So the bytes signed are the bytes sent, and a row that reaches
 * the outbox table any other way (whoever can write the database) carries no valid signature. Started
 * with the application, so that a missing or unreadable signing key stops the start, not the first decision.
 */
@Startup
@ApplicationScoped
public class OutboxWriter {

    public static final String SOURCE = "consent-service";

    private final OutboxRepository outbox;
    private final SubjectPseudonyms pseudonyms;
    private final ObjectMapper json;
    private final Event<Written> written;
    private final EventSignatures.Signer signer;

    /** Fired inside the writing transaction; observers after its commit wake the relay. */
    public record Written() {
    }

    public OutboxWriter(OutboxRepository outbox, SubjectPseudonyms pseudonyms, ObjectMapper json,
            Event<Written> written, EventSigningConfig signing) {
        this.outbox = outbox;
        this.pseudonyms = pseudonyms;
        this.json = json;
        this.written = written;
        this.signer = signer(signing);
    }

    private static EventSignatures.Signer signer(EventSigningConfig signing) {
        try {
            return new EventSignatures.Signer(signing.eventSigningKid(),
                    EventSignatures.readPrivateKey(signing.eventSigningPrivate()));
        } catch (IllegalArgumentException e) {
            // names the settings and the file, never the key
            throw new IllegalStateException("suite.keys.event-signing-private / suite.keys.event-signing-kid "
                    + "(SUITE_EVENT_SIGNING_PRIVATE_KEY / SUITE_EVENT_SIGNING_KID): " + e.getMessage());
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void consentChanged(LedgerEntry entry) {
        String pseudonym = pseudonyms.of(entry.subject);
        ConsentDecisionV1 data = new ConsentDecisionV1(entry.purpose, entry.purposeVersion, entry.decision,
                entry.consentVersion, entry.recordedAt, entry.expiresAt);
        enqueue(Topics.CONSENT_DECISIONS, new EventEnvelope<>(UUID.randomUUID(), ConsentDecisionV1.TYPE, SOURCE,
                entry.recordedAt, pseudonym, ConsentDecisionV1.SCHEMA_VERSION, data));
    }

    /** Announces an erasure request, signed like consent decisions: services erase only on a request they can verify. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void erasureRequested(String pseudonym, UUID requestId, Instant requestedAt) {
        enqueue(Topics.ERASURE_REQUESTED, new EventEnvelope<>(UUID.randomUUID(), ErasureRequestedV1.TYPE, SOURCE,
                requestedAt, pseudonym, ErasureRequestedV1.SCHEMA_VERSION, new ErasureRequestedV1(requestId, requestedAt)));
    }

    /** Every event is keyed by the subject's pseudonym, so one subject's events keep their order. */
    private void enqueue(String topic, EventEnvelope<?> event) {
        OutboxEvent row = new OutboxEvent();
        row.id = event.id();
        row.topic = topic;
        row.messageKey = event.subject();
        row.payload = write(event);
        row.signature = signer.sign(row.topic, row.messageKey, row.payload);
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
