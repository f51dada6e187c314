package dev.personalization.consentview.erasure;

import java.time.Instant;
import java.util.Map;

/**
 * What a service that keeps a consent view deletes when a subject is erased. {@link ErasureRequests} calls it
 * in the one transaction that also empties the subject's consent view, marks the subject erased and records
 * the request's event id, so that all of it commits together or not at all.
 */
public interface ErasureHandler {

    /**
     * Deletes every row the service holds about the pseudonym (the consent view's aside) and returns how many
     * went, per kind of record (a table or cache name); zero counts are fine.
     */
    Map<String, Long> erase(String pseudonym, Instant now);

    /**
     * Writes the confirmation (an {@code privacy.erasure-completed.v1} envelope as JSON, keyed by the
     * pseudonym) into the service's outbox, in the erasing transaction: a crash after the deletion cannot lose it.
     */
    void confirm(String pseudonym, String completionEvent, Instant now);
}
