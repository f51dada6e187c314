package dev.personalization.consent.config;

import io.smallrye.config.ConfigMapping;

/** consent-service's own keys (receipts); values come from mounted secrets, never from the repository. */
@ConfigMapping(prefix = "suite.keys")
public interface SuiteKeysConfig {

    /** PEM file of the RSA private key that signs consent receipts. */
    String receiptPrivate();

    /** PEM file of its public key, used to verify receipts. */
    String receiptPublic();
}
