package dev.personalization.consent.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.personalization.consent.config.ConsentConfig;
import dev.personalization.consent.repository.ConsentState;
import dev.personalization.consent.repository.ConsentStateRepository;
import dev.personalization.contracts.ErasureCompletedV1;
import dev.personalization.kit.problem.ProblemException;
import dev.personalization.kit.problem.ProblemType;
import dev.personalization.kit.security.SubjectPseudonyms;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The subject's erasure. A request, in one transaction: withdraws every granted purpose (channel
 * {@code erasure}, so the ordinary consent events stop intake everywhere at once), records the request,
 * puts the signed {@code privacy.erasure-requested.v1} into the outbox, and erases what consent-service
 * itself holds: the subject's data key (crypto-shredding the ledger, see {@link SubjectKeys}), the current
 * states, idempotency keys and partner reads. The request stays open, and every decision is refused, until
 * each required service has confirmed; then the outbox rows that carried the subject's pseudonym go too.
 * <p>
 * Requests are found by an HMAC of the pseudonym under a key derived from the ledger key: the same value
 * from the token's subject (the shopper asking) and from a confirmation's envelope (a pseudonym).
 */
@ApplicationScoped
public class ErasureService {

    /** Requests of one subject wait for each other (a repeat must find the first one). */
    private static final int REQUEST_LOCK = 74616010;

    private final EntityManager em;
    private final SubjectPseudonyms pseudonyms;
    private final LedgerHasher hasher;
    private final SubjectKeys keys;
    private final LedgerWriter writer;
    private final ConsentStateRepository states;
    private final OutboxWriter outbox;
    private final ObjectMapper json;
    private final List<String> required;

    public ErasureService(EntityManager em, SubjectPseudonyms pseudonyms, LedgerHasher hasher, SubjectKeys keys,
            LedgerWriter writer, ConsentStateRepository states, OutboxWriter outbox, ObjectMapper json,
            ConsentConfig config) {
        this.em = em;
        this.pseudonyms = pseudonyms;
        this.hasher = hasher;
        this.keys = keys;
        this.writer = writer;
        this.states = states;
        this.outbox = outbox;
        this.json = json;
        this.required = config.erasure().requiredServices().stream().map(String::strip).filter(s -> !s.isEmpty())
                .distinct().toList();
    }

    public record ServiceStatus(String status, Instant completedAt, Map<String, Long> deleted) {
    }

    public record Status(UUID requestId, Instant requestedAt, Instant completedAt, Map<String, ServiceStatus> services) {
        public String status() {
            return completedAt == null ? "pending" : "completed";
        }
    }

    public record Requested(Status status, boolean created) {
    }

    /** What became of a confirmation. */
    public enum Outcome {
        RECORDED, COMPLETED, REPEATED, UNKNOWN_REQUEST, WRONG_SUBJECT
    }

    @Transactional
    public Requested request(String subject) {
        String pseudonym = pseudonyms.of(subject);
        String lookup = lookup(pseudonym);
        // exclusive: decisions of this subject (which hold it shared) finish first or wait and then see the request
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1, hashtext(?2))")
                .setParameter(1, REQUEST_LOCK).setParameter(2, lookup).getSingleResult();
        Optional<UUID> open = openRequest(lookup);
        if (open.isPresent()) {
            return new Requested(load(open.get(), lookup).orElseThrow(), false);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (keys.find(subject).isPresent()) {
            withdrawAll(subject, now);
        }
        UUID id = UUID.randomUUID();
        em.createNativeQuery("INSERT INTO erasure_request (id, subject_lookup, requested_at, completed_at) "
                        + "VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, id).setParameter(2, lookup).setParameter(3, now)
                .setParameter(4, required.isEmpty() ? now : null)
                .executeUpdate();
        outbox.erasureRequested(pseudonym, id, now);
        eraseOwn(subject);
        return new Requested(load(id, lookup).orElseThrow(), true);
    }

    /** The request of this subject with this id; empty for another subject's or an unknown id. */
    @Transactional
    public Optional<Status> status(String subject, UUID id) {
        return load(id, lookup(pseudonyms.of(subject)));
    }

    /**
     * Refuses a decision while the subject's erasure runs: it would record data the erasure is removing.
     * Holds the subject's request lock shared to commit, so that a request and a first decision (which makes
     * the subject's key) never overlap.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refuseWhileOpen(String subject) {
        String lookup = lookup(pseudonyms.of(subject));
        em.createNativeQuery("SELECT pg_advisory_xact_lock_shared(?1, hashtext(?2))")
                .setParameter(1, REQUEST_LOCK).setParameter(2, lookup).getSingleResult();
        if (openRequest(lookup).isPresent()) {
            throw new ProblemException(ProblemType.CONFLICT,
                    "an erasure of your data is in progress; decisions are accepted again once it has completed",
                    null);
        }
    }

    /** Records a service's confirmation; completes the request when every required service has confirmed. */
    @Transactional
    public Outcome confirmed(String pseudonym, ErasureCompletedV1 confirmation) {
        List<?> rows = em.createNativeQuery("SELECT subject_lookup, completed_at FROM erasure_request WHERE id = ?1 "
                + "FOR UPDATE").setParameter(1, confirmation.requestId()).getResultList();
        if (rows.isEmpty()) {
            return Outcome.UNKNOWN_REQUEST;
        }
        Object[] request = (Object[]) rows.get(0);
        if (pseudonym == null || !request[0].equals(lookup(pseudonym))) {
            return Outcome.WRONG_SUBJECT;
        }
        int inserted = em.createNativeQuery("INSERT INTO erasure_confirmation "
                        + "(request_id, service, completed_at, deleted, received_at) VALUES (?1, ?2, ?3, ?4, ?5) "
                        + "ON CONFLICT (request_id, service) DO NOTHING")
                .setParameter(1, confirmation.requestId()).setParameter(2, confirmation.service())
                .setParameter(3, confirmation.completedAt()).setParameter(4, write(confirmation.deleted()))
                .setParameter(5, Instant.now())
                .executeUpdate();
        if (inserted == 0) {
            return Outcome.REPEATED;
        }
        if (request[1] != null || !required.contains(confirmation.service())) {
            return Outcome.RECORDED;
        }
        Number confirmedCount = (Number) em.createNativeQuery("SELECT count(*) FROM erasure_confirmation "
                        + "WHERE request_id = ?1 AND service IN (?2)")
                .setParameter(1, confirmation.requestId()).setParameter(2, required).getSingleResult();
        if (confirmedCount.intValue() < required.size()) {
            return Outcome.RECORDED;
        }
        em.createNativeQuery("UPDATE erasure_request SET completed_at = ?2 WHERE id = ?1")
                .setParameter(1, confirmation.requestId()).setParameter(2, Instant.now()).executeUpdate();
        // every service has read the request, which the relay sent after the subject's consent events: the
        // outbox rows that carried the pseudonym are sent, and go now rather than after keep-published
        em.createNativeQuery("DELETE FROM outbox_event WHERE message_key = ?1 AND published_at IS NOT NULL")
                .setParameter(1, pseudonym).executeUpdate();
        return Outcome.COMPLETED;
    }

    private void withdrawAll(String subject, Instant now) {
        LedgerWriter.Held held = writer.lock(subject);
        for (ConsentState state : states.forSubject(subject)) {
            if (ConsentStates.GRANTED.equals(state.decision)) {
                writer.append(held, new LedgerWriter.Decision(state.purpose, state.purposeVersion,
                        ConsentStates.WITHDRAWN, ConsentStates.ERASURE, ConsentStates.ERASURE, subject, null), now);
            }
        }
    }

    /** consent-service's own part: after it, only sealed ledger entries (the minimum proof) remain. */
    private void eraseOwn(String subject) {
        keys.shred(subject);
        for (String table : List.of("consent_state", "idempotency_key", "partner_read")) {
            em.createNativeQuery("DELETE FROM " + table + " WHERE subject = ?1").setParameter(1, subject).executeUpdate();
        }
        writer.notifyChanged(ConsentReadCache.subjectKey(subject));
    }

    private Optional<UUID> openRequest(String lookup) {
        List<?> ids = em.createNativeQuery("SELECT id FROM erasure_request WHERE subject_lookup = ?1 "
                + "AND completed_at IS NULL").setParameter(1, lookup).getResultList();
        return ids.stream().findFirst().map(UUID.class::cast);
    }

    private Optional<Status> load(UUID id, String lookup) {
        List<?> rows = em.createNativeQuery("SELECT requested_at, completed_at FROM erasure_request "
                + "WHERE id = ?1 AND subject_lookup = ?2").setParameter(1, id).setParameter(2, lookup).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] request = (Object[]) rows.get(0);
        Map<String, ServiceStatus> services = new LinkedHashMap<>();
        required.forEach(service -> services.put(service, new ServiceStatus("pending", null, null)));
        for (Object row : em.createNativeQuery("SELECT service, completed_at, deleted FROM erasure_confirmation "
                + "WHERE request_id = ?1 ORDER BY service").setParameter(1, id).getResultList()) {
            Object[] confirmation = (Object[]) row;
            if (services.containsKey((String) confirmation[0])) {
                services.put((String) confirmation[0],
                        new ServiceStatus("done", instant(confirmation[1]), read((String) confirmation[2])));
            }
        }
        return Optional.of(new Status(id, instant(request[0]), instant(request[1]), services));
    }

    String lookup(String pseudonym) {
        return HexFormat.of().formatHex(hasher.derivedMac("erasure-subject", pseudonym.getBytes(StandardCharsets.UTF_8)));
    }

    private static Instant instant(Object value) {
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("unexpected time type " + value.getClass());
    }

    private String write(Map<String, Long> deleted) {
        try {
            return json.writeValueAsString(deleted == null ? Map.of() : deleted);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Long> read(String deleted) {
        try {
            return json.readValue(deleted, new TypeReference<Map<String, Long>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
