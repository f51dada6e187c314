package dev.personalization.consentview.service;

import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.Topics;
import dev.personalization.consentview.repository.ConsentView;
import dev.personalization.consentview.repository.ConsentViewRepository;
import dev.personalization.consentview.repository.ProcessedEventRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * The local, Kafka-fed view of each subject's consent: what a service consults (profile intake,
 * personalization) instead of calling consent-service, so that it keeps working while
 * consent-service is away.
 */
@ApplicationScoped
public class ConsentViewService {

    public enum Outcome {
        /** The decision is now the view's current one. */
        APPLIED,
        /** A decision with the same or a higher consent version was already there. */
        STALE,
        /** This event id was applied before: a redelivery. */
        DUPLICATE
    }

    /** A stored decision and the state it has now: a lapsed grant reads as expired. */
    public record CurrentConsent(ConsentView view, String effectiveState) {
    }

    private final ConsentViewRepository views;
    private final ProcessedEventRepository processed;

    public ConsentViewService(ConsentViewRepository views, ProcessedEventRepository processed) {
        this.views = views;
        this.processed = processed;
    }

    /** Records the event id and applies the decision in one transaction: both happen, or neither. */
    @Transactional
    public Outcome apply(EventEnvelope<ConsentDecisionV1> event, Instant now) {
        if (!processed.markProcessed(event.id(), Topics.CONSENT_DECISIONS, now)) {
            return Outcome.DUPLICATE;
        }
        return views.applyIfNewer(event.subject(), event.data(), now) ? Outcome.APPLIED : Outcome.STALE;
    }

    @Transactional
    public List<CurrentConsent> current(String pseudonym, Instant now) {
        return views.forPseudonym(pseudonym).stream()
                .map(view -> new CurrentConsent(view, effectiveState(view, now)))
                .toList();
    }

    /** Whether the subject's consent for the purpose allows using their data now. Default deny. */
    @Transactional
    public boolean permits(String pseudonym, String purpose, Instant now) {
        return views.find(pseudonym, purpose)
                .map(view -> ConsentDecisionV1.GRANTED.equals(effectiveState(view, now)))
                .orElse(false);
    }

    static String effectiveState(ConsentView view, Instant now) {
        if (ConsentDecisionV1.GRANTED.equals(view.state) && view.expiresAt != null && !view.expiresAt.isAfter(now)) {
            return ConsentDecisionV1.EXPIRED;
        }
        return view.state;
    }
}
