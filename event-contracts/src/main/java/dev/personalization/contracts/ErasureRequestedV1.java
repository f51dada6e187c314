package dev.personalization.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * A subject asked to be erased everywhere. Published by consent-service through its outbox on
 * {@link Topics#ERASURE_REQUESTED}, keyed by the pseudonym and signed like consent decisions (header
 * {@link Topics#SIGNATURE_HEADER}): a consumer deletes data only on a request it can verify.
 *
 * @param requestId the erasure request; services confirm with it in {@link ErasureCompletedV1}
 * @param requestedAt when the subject asked
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErasureRequestedV1(UUID requestId, Instant requestedAt) {

    public static final String TYPE = "privacy.erasure-requested.v1";
    public static final int SCHEMA_VERSION = 1;
}
