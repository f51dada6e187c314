package dev.personalization.profile.service;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.personalization.contracts.ProfileFeaturesV1;
import dev.personalization.profile.repository.Datum;
import dev.personalization.profile.repository.OutboxRepository;
import dev.personalization.profile.repository.OutboxRepository.DueSubject;
import dev.personalization.profile.repository.SubjectRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The subject's full feature snapshot, coalesced: a change of the profile takes the subject's lock, gets
 * the next snapshot version and marks the subject due in the outbox, in its own transaction; the relay
 * ({@link OutboxRelay}) builds each due subject's snapshot from its current rows when it publishes, so a
 * subject changed by many batches between two passes is published once, with the latest version. Built
 * from exactly the rows GET /api/profile/me shows, never from raw events.
 */
@ApplicationScoped
public class FeatureSnapshots {

    static final String SOURCE = "profile-service";

    /** Fired inside the transaction that marked a subject due; an observer after its commit wakes the relay. */
    public record Written() {
    }

    /** A due subject's snapshot, serialized: the version it carries and the envelope's JSON. */
    public record Built(String pseudonym, long version, String payload) {
    }

    private final SubjectRepository subjects;
    private final OutboxRepository outbox;
    private final PurposePolicy purposes;
    private final ObjectMapper json;
    private final Event<Written> written;

    public FeatureSnapshots(SubjectRepository subjects, OutboxRepository outbox, PurposePolicy purposes,
            ObjectMapper json, Event<Written> written) {
        this.subjects = subjects;
        this.outbox = outbox;
        this.purposes = purposes;
        this.json = json;
        this.written = written;
    }

    /**
     * Takes the subject's lock: call it before changing the subject's data, so that two changes of one
     * subject run one after the other and their versions follow the order of their commits.
     *
     * @return the version the snapshot marked due by {@link #markDue} will carry
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long lock(String pseudonym, Instant now) {
        return subjects.nextSnapshotVersion(pseudonym, now);
    }

    /**
     * Marks the subject's snapshot due at {@code version} ({@link #lock} came first in this transaction): the
     * relay publishes what the profile holds once this commits, or a later version of it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void markDue(String pseudonym, long version, Instant now) {
        outbox.markDue(pseudonym, version, now);
        written.fire(new Written());
    }

    /** The snapshots of up to {@code limit} due subjects, oldest mark first, their weights decayed to {@code now}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Built> buildDue(int limit, Instant now) {
        List<DueSubject> due = outbox.due(limit);
        List<Built> built = new ArrayList<>(due.size());
        StringWriter buffer = new StringWriter(4096);
        for (DueSubject subject : due) {
            buffer.getBuffer().setLength(0);
            write(buffer, subject, now);
            built.add(new Built(subject.pseudonym(), subject.version(), buffer.toString()));
        }
        return built;
    }

    /** The profile.features.v1 envelope, streamed from the rows: no feature objects, no tree. */
    private void write(StringWriter out, DueSubject subject, Instant now) {
        String time = now.toString();
        try (JsonGenerator generator = json.getFactory().createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("id", UUID.randomUUID().toString());
            generator.writeStringField("type", ProfileFeaturesV1.TYPE);
            generator.writeStringField("source", SOURCE);
            generator.writeStringField("time", time);
            generator.writeStringField("subject", subject.pseudonym());
            generator.writeNumberField("schemaVersion", ProfileFeaturesV1.SCHEMA_VERSION);
            generator.writeObjectFieldStart("data");
            generator.writeNumberField("snapshotVersion", subject.version());
            generator.writeStringField("asOf", time);
            generator.writeArrayFieldStart("features");
            for (Datum datum : subject.data()) {
                generator.writeStartObject();
                generator.writeStringField("purpose", datum.purpose());
                generator.writeStringField("kind", datum.kind());
                generator.writeStringField("item", datum.item());
                generator.writeNumberField("weight", round(Decay.to(datum.score(), datum.lastSeen(), now,
                        purposes.halfLifeSeconds(datum.purpose()))));
                generator.writeNumberField("consentVersion", datum.consentVersion());
                generator.writeStringField("lastSeen", datum.lastSeen().toString());
                generator.writeStringField("expiresAt", datum.expiresAt().toString());
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeEndObject();
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("snapshot not serializable", e);
        }
    }

    static double round(double weight) {
        return Math.round(weight * 10_000d) / 10_000d;
    }
}
