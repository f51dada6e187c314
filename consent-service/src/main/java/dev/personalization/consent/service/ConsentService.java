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
    private final PartnerAuditJournal audit;
    private final HistoryCursor cursors;
    private final SubjectKeys keys;
    private final ErasureService erasures;

    public ConsentService(PurposeRepository purposes, ConsentStateRepository states, LedgerRepository ledger,
            IdempotencyRepository idempotency, PartnerReadRepository partnerReads, LedgerWriter writer,
            ConsentConfig config, ConsentReadCache cache, PartnerAuditJournal audit, HistoryCursor cursors,
            SubjectKeys keys, ErasureService erasures) {
        this.keys = keys;
        this.erasures = erasures;
        this.cache = cache;
        this.audit = audit;
        this.cursors = cursors;
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
        return standings(currentPurposes(), cachedStates(subject));
    }

    /**
     * The subject's standing for every purpose if the read cache holds all it takes, without blocking (an
     * event loop may call it); null when the database would have to be read.
     */
    public List<CurrentConsent> currentIfCached(String subject) {
        ConsentReadCache.Cached cached = cache.ifCached(subject);
        return cached == null ? null : standings(cached.purposes(), cached.states());
    }

    private List<CurrentConsent> standings(List<PurposeRef> current, List<StateSnapshot> held) {
        Map<String, StateSnapshot> bySubject = held.stream()
                .collect(Collectors.toMap(StateSnapshot::purpose, Function.identity()));
        Instant now = Instant.now();
        return current.stream()
                .map(purpose -> standing(purpose, Optional.ofNullable(bySubject.get(purpose.purpose())), now))
                .toList();
    }

    private List<PurposeRef> currentPurposes() {
        return cache.purposes(() -> QuarkusTransaction.requiringNew()
                .call(() -> purposes.current().stream().map(PurposeRef::of).toList()));
    }

    private List<StateSnapshot> cachedStates(String subject) {
        return cache.states(subject, s -> QuarkusTransaction.requiringNew()
                .call(() -> states.forSubject(s).stream().map(StateSnapshot::of).toList()));
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
        erasures.refuseWhileOpen(subject);
        LedgerWriter.Held chain = writer.lock(subject);
        if (idempotencyKey != null) {
            Optional<IdempotencyRecord> earlier = idempotency.find(subject, idempotencyKey);
            if (earlier.isPresent()) {
                IdempotencyRecord record = earlier.get();
                if (!record.purpose.equals(purpose) || record.granted != granted) {
                    throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                            "this Idempotency-Key was used for a different decision", "Idempotency-Key");
                }
                return new Recorded(keys.reveal(chain.key(), ledger.findById(record.ledgerEntryId)), true);
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

    /**
     * One page of the subject's history: up to {@code limit} ledger entries and up to {@code limit}
     * partner reads, each list oldest first, continuing where the cursor says. {@code nextCursor} is
     * null on the last page (when neither list has more).
     */
    public record HistoryPage(List<LedgerEntry> entries, List<PartnerRead> partnerReads, String nextCursor) {
    }

    /** @param cursor null for the first page, else a nextCursor this service handed to this subject */
    @Transactional
    public HistoryPage history(String subject, String cursor, int limit) {
        HistoryCursor.Position from = cursor == null ? HistoryCursor.Position.START : cursors.decode(subject, cursor);
        // entries are found by the subject's chain reference and opened with its key; none once erased
        Optional<SubjectKeys.Key> key = keys.find(subject);
        List<LedgerEntry> entries = key.isEmpty() ? List.of()
                : ledger.page(key.get().ref(), from.afterEntry(), limit + 1).stream()
                        .map(entry -> keys.reveal(key.get(), entry)).toList();
        List<PartnerRead> reads = partnerReads.page(subject, from.afterRead(), limit + 1);
        boolean more = entries.size() > limit || reads.size() > limit;
        entries = entries.subList(0, Math.min(limit, entries.size()));
        reads = reads.subList(0, Math.min(limit, reads.size()));
        String next = null;
        if (more) {
            next = cursors.encode(subject, new HistoryCursor.Position(
                    entries.isEmpty() ? from.afterEntry() : entries.get(entries.size() - 1).id,
                    reads.isEmpty() ? from.afterRead() : reads.get(reads.size() - 1).id));
        }
        return new HistoryPage(entries, reads, next);
    }

    /** Everything the ledger and the partner audit hold about the subject, oldest first. */
    public record Export(List<LedgerEntry> entries, List<PartnerRead> partnerReads) {
    }

    @Transactional
    public Export export(String subject) {
        Optional<SubjectKeys.Key> key = keys.find(subject);
        List<LedgerEntry> entries = key.isEmpty() ? List.of()
                : ledger.history(key.get().ref()).stream().map(entry -> keys.reveal(key.get(), entry)).toList();
        return new Export(entries, partnerReads.list("subject = ?1 order by id", subject));
    }

    /**
     * A partner's check of a subject's consent, answered from the read cache like the shopper's own
     * read. The read is recorded for the subject to see, and the answer leaves only once that record
     * is committed (grouped with concurrent checks, see {@link PartnerAuditJournal}). A subject of
     * whom the service holds no decision at all gets the same "none" as anyone else, but no record:
     * an audit row must not create a trace of a subject who does not exist here.
     */
    public CurrentConsent partnerCheck(String subject, String purpose, String partner) {
        PurposeRef ref = currentPurposes().stream().filter(p -> p.purpose().equals(purpose)).findFirst()
                .orElseThrow(() -> unknownPurpose(purpose));
        List<StateSnapshot> known = cachedStates(subject);
        CurrentConsent consent = standing(ref, known.stream().filter(s -> s.purpose().equals(purpose)).findFirst(),
                Instant.now());
        if (!known.isEmpty()) {
            audit.record(subject, purpose, partner);
        }
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
