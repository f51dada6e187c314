package dev.personalization.profile.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.ProfileFeaturesV1;
import dev.personalization.contracts.Topics;
import dev.personalization.profile.repository.Datum;
import dev.personalization.profile.repository.OutboxRepository;
import dev.personalization.profile.repository.ProfileDatumRepository;
import dev.personalization.profile.repository.SubjectRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Writes the subject's full feature snapshot into the outbox, in the transaction that changed the profile
 * ({@link OutboxRelay} sends it after the commit). Built from exactly the rows GET /api/profile/me shows,
 * never from raw events.
 */
@ApplicationScoped
public class FeatureSnapshots {

    static final String SOURCE = "profile-service";

    /** Fired inside the writing transaction; an observer after its commit wakes the relay. */
    public record Written() {
    }

    private final SubjectRepository subjects;
    private final ProfileDatumRepository data;
    private final OutboxRepository outbox;
    private final PurposePolicy purposes;
    private final ObjectMapper json;
    private final Event<Written> written;

    public FeatureSnapshots(SubjectRepository subjects, ProfileDatumRepository data, OutboxRepository outbox,
            PurposePolicy purposes, ObjectMapper json, Event<Written> written) {
        this.subjects = subjects;
        this.data = data;
        this.outbox = outbox;
        this.purposes = purposes;
        this.json = json;
        this.written = written;
    }

    /**
     * Takes the subject's lock: call it before changing the subject's data, so that two changes of one
     * subject run one after the other and their snapshots leave in the order of their versions.
     *
     * @return the version the snapshot written by {@link #write} will carry
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long lock(String pseudonym, Instant now) {
        return subjects.nextSnapshotVersion(pseudonym, now);
    }

    /** Writes the snapshot of what the subject's profile holds now; {@link #lock} came first in this transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public ProfileFeaturesV1 write(String pseudonym, long version, Instant now) {
        List<ProfileFeaturesV1.Feature> features = data.forPseudonym(pseudonym).stream()
                .map(datum -> feature(datum, now)).toList();
        ProfileFeaturesV1 snapshot = new ProfileFeaturesV1(version, now, features);
        EventEnvelope<ProfileFeaturesV1> event = new EventEnvelope<>(UUID.randomUUID(), ProfileFeaturesV1.TYPE, SOURCE,
                now, pseudonym, ProfileFeaturesV1.SCHEMA_VERSION, snapshot);
        outbox.replace(event.id(), Topics.PROFILE_FEATURES, pseudonym, serialize(event), now);
        written.fire(new Written());
        return snapshot;
    }

    private ProfileFeaturesV1.Feature feature(Datum datum, Instant now) {
        double weight = Decay.to(datum.score(), datum.lastSeen(), now, purposes.halfLifeSeconds(datum.purpose()));
        return new ProfileFeaturesV1.Feature(datum.purpose(), datum.kind(), datum.item(), round(weight),
                datum.consentVersion(), datum.lastSeen(), datum.expiresAt());
    }

    static double round(double weight) {
        return Math.round(weight * 10_000d) / 10_000d;
    }

    private String serialize(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("snapshot not serializable", e);
        }
    }
}
