package dev.personalization.consentview.service;

import java.util.List;

/**
 * Fired (synchronously, as a CDI event) inside the transaction that applies a batch of consent events,
 * for the decisions of that batch that leave a purpose not granted (denied, withdrawn, expired, or a grant
 * already past its expiry). An observer that deletes what the purpose allowed does so in the same
 * transaction as the view's change: the purge and the new decision commit together or not at all, and an
 * intake that locks the view's row sees either the grant with its data or neither. An observer that throws
 * rolls the batch back, which is then read again.
 *
 * @param revocations in the order the events were applied
 */
public record ConsentsRevoked(List<Revocation> revocations) {

    /** One purpose of one subject that is no longer granted, as of {@code consentVersion}. */
    public record Revocation(String pseudonym, String purpose, String state, long consentVersion) {
    }
}
