package dev.personalization.consent.service;

import dev.personalization.kit.problem.ProblemException;
import dev.personalization.kit.problem.ProblemType;
import dev.personalization.consent.config.ConsentConfig;
import dev.personalization.consent.repository.ConsentStateRepository;
import dev.personalization.consent.repository.IdempotencyRecord;
import dev.personalization.consent.repository.IdempotencyRepository;
import dev.personalization.consent.repository.LedgerEntry;
import dev.personalization.consent.repository.LedgerRepository;
import dev.personalization.consent.repository.PartnerRead;
import dev.personalization.consent.repository.PartnerReadRepository;
import dev.personalization.consent.repository.PurposeRepository;
import dev.personalization.consent.repository.PurposeVersion;
import dev.personalization.consent.repository.SubjectChain;
import dev.personalization.consent.service.ConsentSnapshots.PurposeRef;
import dev.personalization.consent.service.ConsentSnapshots.StateSnapshot;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Records and answers consent decisions. */
@ApplicationScoped
public class ConsentService {

    private final PurposeRepository purposes;
    private final ConsentStateRepository states;
    private final LedgerRepository ledger;
    private final IdempotencyRepository idempotency;
    private final PartnerReadRepository partnerReads;
    private final LedgerWriter writer;
    private final ConsentConfig config;
    private final ConsentReadCache cache;

    public ConsentService(PurposeRepository purposes, ConsentStateRepository states, LedgerRepository ledger,
            IdempotencyRepository idempotency, PartnerReadRepository partnerReads, LedgerWriter writer,
            ConsentConfig config, ConsentReadCache cache) {
        this.cache = cache;
        this.purposes = purposes;
        this.states = states;
        this.ledger = ledger;
        this.idempotency = idempotency;
        this.partnerReads = partnerReads;
        this.writer = writer;
        this.config = config;
    }

    /** A subject's standing for one purpose, as the outside world should see it right now. */
    public record CurrentConsent(PurposeRef purpose, Optional<StateSnapshot> state, String effectiveState,
            boolean renewalRequired) {
    }

    public record Recorded(LedgerEntry entry, boolean replayed) {
    }

    /** The subject's standing for every purpose; served from the read cache when it can be. */
    public List<CurrentConsent> current(String subject) {
        List<PurposeRef> current = cache.purposes(() -> QuarkusTransaction.requiringNew()
                .call(() -> purposes.current().stream().map(PurposeRef::of).toList()));
        Map<String, StateSnapshot> bySubject = cache.states(subject, s -> QuarkusTransaction.requiringNew()
                        .call(() -> states.forSubject(s).stream().map(StateSnapshot::of).toList()))
                .stream().collect(Collectors.toMap(StateSnapshot::purpose, Function.identity()));
        Instant now = Instant.now();
        return current.stream()
                .map(purpose -> standing(purpose, Optional.ofNullable(bySubject.get(purpose.purpose())), now))
                .toList();
    }

    /** The subject's standing for one purpose, read from the database. */
    @Transactional
    public CurrentConsent current(String subject, String purpose) {
        PurposeVersion version = purposes.current(purpose).orElseThrow(() -> unknownPurpose(purpose));
        return standing(PurposeRef.of(version), states.find(subject, purpose).map(StateSnapshot::of), Instant.now());
    }

    /**
     * Records a grant or a refusal. A refusal after an effective grant is a withdrawal. With an
     * idempotency key, a repeat of the same request answers with the first entry and records nothing.
     */
    @Transactional
    public Recorded decide(String subject, String purpose, boolean granted, String channel, String actor,
            String idempotencyKey) {
        purposes.lockShared(purpose);
        PurposeVersion version = purposes.current(purpose).orElseThrow(() -> unknownPurpose(purpose));
        SubjectChain chain = writer.lock(subject);
        if (idempotencyKey != null) {
            Optional<IdempotencyRecord> earlier = idempotency.find(subject, idempotencyKey);
            if (earlier.isPresent()) {
                IdempotencyRecord record = earlier.get();
                if (!record.purpose.equals(purpose) || record.granted != granted) {
                    throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                            "this Idempotency-Key was used for a different decision", "Idempotency-Key");
                }
                return new Recorded(ledger.findById(record.ledgerEntryId), true);
            }
        }
        Instant now = Instant.now();
        String decision;
        if (granted) {
            decision = ConsentStates.GRANTED;
        } else {
            boolean wasGranted = ConsentStates.GRANTED.equals(standing(PurposeRef.of(version),
                    states.find(subject, purpose).map(StateSnapshot::of), now).effectiveState());
            decision = wasGranted ? ConsentStates.WITHDRAWN : ConsentStates.DENIED;
        }
        Instant expiresAt = granted ? now.plus(config.grantValidity()) : null;
        LedgerEntry entry = writer.append(chain,
                new LedgerWriter.Decision(purpose, version.version, decision, null, channel, actor, expiresAt), now);
        if (idempotencyKey != null) {
            IdempotencyRecord record = new IdempotencyRecord();
            record.subject = subject;
            record.key = idempotencyKey;
            record.purpose = purpose;
            record.granted = granted;
            record.ledgerEntryId = entry.id;
            record.createdAt = now;
            idempotency.persist(record);
        }
        return new Recorded(entry, false);
    }

    @Transactional
    public List<LedgerEntry> history(String subject) {
        return ledger.history(subject);
    }

    @Transactional
    public List<PartnerRead> partnerReads(String subject) {
        return partnerReads.forSubject(subject);
    }

    /** A partner's check of a subject's consent; the read itself is recorded for the subject to see. */
    @Transactional
    public CurrentConsent partnerCheck(String subject, String purpose, String partner) {
        CurrentConsent consent = current(subject, purpose);
        PartnerRead read = new PartnerRead();
        read.subject = subject;
        read.purpose = purpose;
        read.partner = partner;
        read.readAt = Instant.now();
        partnerReads.persist(read);
        return consent;
    }

    private static CurrentConsent standing(PurposeRef purpose, Optional<StateSnapshot> state, Instant now) {
        if (state.isEmpty()) {
            return new CurrentConsent(purpose, state, ConsentStates.NONE, false);
        }
        StateSnapshot s = state.get();
        if (!ConsentStates.GRANTED.equals(s.decision())) {
            return new CurrentConsent(purpose, state, s.decision(),
                    ConsentStates.EXPIRED.equals(s.decision()) && ConsentStates.NOTICE_CHANGED.equals(s.reason()));
        }
        if (s.purposeVersion() < purpose.version()) {
            return new CurrentConsent(purpose, state, ConsentStates.EXPIRED, true);
        }
        if (s.expiresAt() != null && !s.expiresAt().isAfter(now)) {
            return new CurrentConsent(purpose, state, ConsentStates.EXPIRED, false);
        }
        return new CurrentConsent(purpose, state, ConsentStates.GRANTED, false);
    }

    static ProblemException unknownPurpose(String purpose) {
        // the name the client sent is not echoed: details name fields, never values
        return ProblemException.notFound("purpose", "no purpose of that name; see GET /api/purposes");
    }
}
