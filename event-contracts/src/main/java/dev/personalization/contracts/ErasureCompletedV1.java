package dev.personalization.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A service erased everything it held about a pseudonym for an erasure request. Published on
 * {@link Topics#ERASURE_COMPLETED}, keyed by the pseudonym; consent-service tracks the request until every
 * service it is configured to wait for has confirmed. Repeats (a service erasing again) are harmless.
 *
 * @param requestId the request of {@link ErasureRequestedV1}
 * @param service the confirming service, e.g. {@code profile-service}
 * @param completedAt when its deletion committed
 * @param deleted what was deleted: a count per kind of record (table or cache name), never content
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErasureCompletedV1(UUID requestId, String service, Instant completedAt, Map<String, Long> deleted) {

    public static final String TYPE = "privacy.erasure-completed.v1";
    public static final int SCHEMA_VERSION = 1;
}
