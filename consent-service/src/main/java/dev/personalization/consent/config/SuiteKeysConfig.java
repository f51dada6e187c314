package dev.personalization.consent.config;

import io.smallrye.config.ConfigMapping;

/**
 * consent-service's own keys (receipts, the ledger's chain key); values come from mounted secrets or the
 * environment, never from the repository.
 */
@ConfigMapping(prefix = "suite.keys")
public interface SuiteKeysConfig {

    /** PEM file of the RSA private key that signs consent receipts. */
    String receiptPrivate();

    /** PEM file of its public key, used to verify receipts. */
    String receiptPublic();

    /**
     * The secret that keys the ledger's hash chain (HMAC-SHA256), at least 32 characters. It never
     * enters the database: whoever can write the ledger's tables without it cannot extend or rewrite a
     * chain that still verifies.
     */
    String ledgerHmac();

    /**
     * The master key (at least 32 characters) that wraps every subject's data key (crypto-shredding of the
     * ledger, see SubjectKeys). It never enters the database.
     */
    String ledgerKek();
}
