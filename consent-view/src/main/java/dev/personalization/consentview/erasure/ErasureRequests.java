package dev.personalization.consentview.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.personalization.consentview.repository.ProcessedEventRepository;
import dev.personalization.contracts.ErasureCompletedV1;
import dev.personalization.contracts.ErasureRequestedV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Applies one verified erasure request, in one transaction: the request's event id (a redelivery changes
 * nothing), the subject's consent view and the service's own data deleted, the "erased at" marker, and the
 * confirmation in the service's outbox.
 */
@ApplicationScoped
public class ErasureRequests {

    /** The kind under which the consent view's deleted rows are counted. */
    public static final String CONSENT_VIEW = "consent_view";

    public enum Outcome { ERASED, DUPLICATE }

    private final ProcessedEventRepository processed;
    private final ErasedSubjectRepository erased;
    private final Instance<ErasureHandler> handler;
    private final ObjectMapper json;
    private final String service;

    public ErasureRequests(ProcessedEventRepository processed, ErasedSubjectRepository erased,
            Instance<ErasureHandler> handler, ObjectMapper json,
            @ConfigProperty(name = "quarkus.application.name", defaultValue = "service") String service) {
        this.processed = processed;
        this.erased = erased;
        this.handler = handler;
        this.json = json;
        this.service = service;
    }

    /** Whether this service erases at all (it has a handler). */
    public boolean enabled() {
        return handler.isResolvable();
    }

    @Transactional
    public Outcome apply(EventEnvelope<ErasureRequestedV1> request, Instant now) {
        if (!processed.markAllProcessed(List.of(request.id()), Topics.ERASURE_REQUESTED, now)[0]) {
            return Outcome.DUPLICATE;
        }
        String pseudonym = request.subject();
        erased.lockSubject(pseudonym);
        // the view's rows first, as a revocation takes them: intake holding them FOR SHARE finishes first,
        // and what it stored is then seen (and deleted) by the statements below
        long view = erased.deleteConsentView(pseudonym);
        Map<String, Long> deleted = new TreeMap<>(handler.get().erase(pseudonym, now));
        deleted.put(CONSENT_VIEW, view);
        // decisions made up to now, including the withdrawals consent-service records with the request,
        // may arrive later or again: none of them may recreate the view
        Instant requestedAt = request.data().requestedAt();
        erased.markErased(pseudonym, requestedAt != null && requestedAt.isAfter(now) ? requestedAt : now);
        ErasureCompletedV1 completion = new ErasureCompletedV1(request.data().requestId(), service, now, deleted);
        handler.get().confirm(pseudonym, serialize(new EventEnvelope<>(UUID.randomUUID(), ErasureCompletedV1.TYPE,
                service, now, pseudonym, ErasureCompletedV1.SCHEMA_VERSION, completion)), now);
        return Outcome.ERASED;
    }

    private String serialize(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("erasure confirmation not serializable", e);
        }
    }
}
