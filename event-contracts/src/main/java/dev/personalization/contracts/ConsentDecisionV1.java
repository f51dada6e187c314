package dev.personalization.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A subject's consent for one purpose changed. Consumers keep the event with the highest
 * {@code consentVersion} per (subject, purpose) and treat only {@code granted} as permission.
 *
 * @param purpose browsing, purchases or search
 * @param purposeVersion the version of the purpose's notice the decision was made on
 * @param state granted, denied, withdrawn or expired
 * @param consentVersion monotonic per subject and purpose: later decisions have higher numbers
 * @param decidedAt when the decision was recorded
 * @param expiresAt when a grant lapses; null for anything but a grant
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConsentDecisionV1(String purpose, int purposeVersion, String state, long consentVersion,
        Instant decidedAt, Instant expiresAt) {

    public static final String TYPE = "consent.decision.v1";
    public static final int SCHEMA_VERSION = 1;

    public static final String GRANTED = "granted";
    public static final String DENIED = "denied";
    public static final String WITHDRAWN = "withdrawn";
    public static final String EXPIRED = "expired";

    public boolean granted() {
        return GRANTED.equals(state);
    }
}
