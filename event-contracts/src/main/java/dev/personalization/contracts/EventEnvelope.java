package dev.personalization.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * The envelope of every event on every topic.
 *
 * @param id the idempotency key: a consumer applies an event id at most once
 * @param type the event type, e.g. {@link ConsentDecisionV1#TYPE}; a changed payload gets a new type
 * @param source the producing service
 * @param time when the producing change happened (RFC 3339 in JSON)
 * @param subject the subject's pseudonym ({@link SubjectPseudonym}), never a raw subject id
 * @param schemaVersion the version of {@code data}'s schema
 * @param data the payload
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EventEnvelope<T>(UUID id, String type, String source, Instant time, String subject,
        int schemaVersion, T data) {
}
