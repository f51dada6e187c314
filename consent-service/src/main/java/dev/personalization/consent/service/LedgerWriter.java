package dev.personalization.consent.service;

import dev.personalization.consent.repository.ConsentState;
import dev.personalization.consent.repository.ConsentStateRepository;
import dev.personalization.consent.repository.LedgerEntry;
import dev.personalization.consent.repository.LedgerRepository;
import dev.personalization.consent.repository.SubjectChain;
import dev.personalization.consent.repository.SubjectChainRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Appends one decision to a subject's chain, updates the current-state projection and enqueues the
 * event, all in the caller's transaction. The caller holds the subject's chain lock ({@link #lock}).
 */
@ApplicationScoped
public class LedgerWriter {

    private final LedgerRepository ledger;
    private final ConsentStateRepository states;
    private final SubjectChainRepository chains;
    private final OutboxWriter outbox;
    private final Event<ConsentReadCache.Changed> changed;
    private final LedgerHasher hasher;
    private final SubjectKeys keys;

    public LedgerWriter(LedgerRepository ledger, ConsentStateRepository states, SubjectChainRepository chains,
            OutboxWriter outbox, Event<ConsentReadCache.Changed> changed, LedgerHasher hasher, SubjectKeys keys) {
        this.hasher = hasher;
        this.keys = keys;
        this.ledger = ledger;
        this.states = states;
        this.chains = chains;
        this.outbox = outbox;
        this.changed = changed;
    }

    /** A subject whose chain this transaction holds: its live key and its chain head. */
    public record Held(String subject, SubjectKeys.Key key, SubjectChain chain) {
    }

    /**
     * Takes the subject's chain lock, inside the append fence that checkpoints wait on (held to commit),
     * making the subject's data key on its first decision.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Held lock(String subject) {
        ledger.enterAppendFence();
        SubjectKeys.Key key = keys.obtain(subject);
        return new Held(subject, key, chains.lockHead(key.ref()));
    }

    /** Tells every replica's read cache, on commit, that this subject's (or the purposes') state changed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void notifyChanged(String key) {
        ledger.getEntityManager().createNativeQuery("SELECT pg_notify(?1, ?2)")
                .setParameter(1, ConsentReadCache.CHANNEL)
                .setParameter(2, key)
                .getSingleResult();
        changed.fire(new ConsentReadCache.Changed(key));
    }

    public record Decision(String purpose, int purposeVersion, String decision, String reason, String channel,
            String actor, Instant expiresAt) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public LedgerEntry append(Held held, Decision decision, Instant now) {
        SubjectChain chain = held.chain();
        ConsentState state = states.find(held.subject(), decision.purpose()).orElse(null);
        LedgerEntry entry = new LedgerEntry();
        entry.subject = held.subject();
        entry.subjectRef = held.key().ref();
        entry.purpose = decision.purpose();
        entry.purposeVersion = decision.purposeVersion();
        entry.consentVersion = state == null ? 1 : state.consentVersion + 1;
        entry.decision = decision.decision();
        entry.reason = decision.reason();
        entry.recordedAt = now.truncatedTo(ChronoUnit.MICROS);
        entry.channel = decision.channel();
        entry.actor = decision.actor();
        entry.expiresAt = decision.expiresAt() == null ? null : decision.expiresAt().truncatedTo(ChronoUnit.MICROS);
        entry.sealed = keys.seal(held.key(), new SubjectKeys.Details(entry.subject, entry.channel, entry.actor));
        entry.prevHash = chain.headHash;
        entry.chainFormat = LedgerHasher.SEALED;
        entry.entryHash = hasher.hash(entry);
        ledger.persist(entry);

        chain.headHash = entry.entryHash;
        chain.entries++;

        if (state == null) {
            state = new ConsentState();
            state.subject = entry.subject;
            state.purpose = entry.purpose;
        }
        state.purposeVersion = entry.purposeVersion;
        state.consentVersion = entry.consentVersion;
        state.decision = entry.decision;
        state.reason = entry.reason;
        state.decidedAt = entry.recordedAt;
        state.expiresAt = entry.expiresAt;
        ledger.flush();
        state.ledgerEntryId = entry.id;
        if (!states.isPersistent(state)) {
            states.persist(state);
        }
        outbox.consentChanged(entry);
        notifyChanged(ConsentReadCache.subjectKey(entry.subject));
        return entry;
    }
}
