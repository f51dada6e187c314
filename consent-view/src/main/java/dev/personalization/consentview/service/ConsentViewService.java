package dev.personalization.consentview.service;

import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.Topics;
import dev.personalization.consentview.repository.ConsentView;
import dev.personalization.consentview.repository.ConsentViewRepository;
import dev.personalization.consentview.repository.ProcessedEventRepository;
import dev.personalization.kit.problem.ProblemException;
import dev.personalization.kit.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private final CatchUpTracker catchUp;
    private final Event<ConsentsRevoked> revoked;

    public ConsentViewService(ConsentViewRepository views, ProcessedEventRepository processed, CatchUpTracker catchUp,
            Event<ConsentsRevoked> revoked) {
        this.views = views;
        this.processed = processed;
        this.catchUp = catchUp;
        this.revoked = revoked;
    }

    /**
     * Refuses (503 service-unavailable) while the view may be stale: until it has read the consent topic
     * up to the end offsets it saw at start, while the broker is lost and until it has caught up again,
     * and while it cannot store what it reads. Anything acting on consent calls this first; a guess from
     * a stale view could use data under a purpose already withdrawn. {@link #current} and
     * {@link #permits} call it themselves.
     */
    public void requireCaughtUp() {
        if (!catchUp.trusted()) {
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                    "the consent view is catching up with consent decisions; try again shortly", null);
        }
    }

    /**
     * Records the event ids and applies the decisions, in order, in one transaction (the caller's, if
     * any): both happen, or neither. An id seen before is a redelivery and changes nothing; otherwise
     * the newest consent version wins. The outcomes are those of one decision after the other, reached
     * in two round trips to the database.
     */
    @Transactional
    public List<Outcome> applyAll(List<EventEnvelope<ConsentDecisionV1>> events, Instant now) {
        if (events.isEmpty()) {
            return List.of();
        }
        boolean[] first = processed.markAllProcessed(events.stream().map(EventEnvelope::id).toList(),
                Topics.CONSENT_DECISIONS, now);
        List<EventEnvelope<ConsentDecisionV1>> fresh = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (first[i]) {
                fresh.add(events.get(i));
            }
        }
        boolean[] changed = fresh.isEmpty() ? new boolean[0] : views.applyAllIfNewer(fresh, now);
        List<Outcome> outcomes = new ArrayList<>(events.size());
        List<ConsentsRevoked.Revocation> revocations = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < events.size(); i++) {
            boolean applied = first[i] && changed[next++];
            outcomes.add(!first[i] ? Outcome.DUPLICATE : applied ? Outcome.APPLIED : Outcome.STALE);
            ConsentDecisionV1 decision = events.get(i).data();
            if (applied && !permitting(decision, now)) {
                revocations.add(new ConsentsRevoked.Revocation(events.get(i).subject(), decision.purpose(),
                        decision.state(), decision.consentVersion()));
            }
        }
        if (!revocations.isEmpty()) {
            // synchronous: the observers' purge belongs to this transaction
            revoked.fire(new ConsentsRevoked(List.copyOf(revocations)));
        }
        return outcomes;
    }

    private static boolean permitting(ConsentDecisionV1 decision, Instant now) {
        return decision.granted() && (decision.expiresAt() == null || decision.expiresAt().isAfter(now));
    }

    /**
     * The purposes the subject has granted at {@code now}, each with the consent version it was granted
     * under; 503 while the view is not caught up. The subject's rows of the view are locked (FOR SHARE)
     * until the caller's transaction ends, so that a decision arriving meanwhile waits for it: whatever
     * the caller stores under these grants is committed before a withdrawal's purge runs, and the purge
     * then sees it. Callers that store data under a grant read it here, in the storing transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Long> grantsHeld(String pseudonym, Instant now) {
        requireCaughtUp();
        Map<String, Long> grants = new HashMap<>();
        for (ConsentView view : views.lockForPseudonym(pseudonym)) {
            if (ConsentDecisionV1.GRANTED.equals(effectiveState(view, now))) {
                grants.put(view.purpose, view.consentVersion);
            }
        }
        return grants;
    }

    /** The subject's decisions as the view holds them; 503 while the view is not caught up. */
    @Transactional
    public List<CurrentConsent> current(String pseudonym, Instant now) {
        requireCaughtUp();
        return views.forPseudonym(pseudonym).stream()
                .map(view -> new CurrentConsent(view, effectiveState(view, now)))
                .toList();
    }

    /**
     * Whether the subject's consent for the purpose allows using their data now. Default deny; 503
     * (never a guess) while the view is not caught up.
     */
    @Transactional
    public boolean permits(String pseudonym, String purpose, Instant now) {
        requireCaughtUp();
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
