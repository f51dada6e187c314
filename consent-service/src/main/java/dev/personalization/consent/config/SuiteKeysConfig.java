package dev.personalization.consent.config;

import io.smallrye.config.ConfigMapping;

/** Keys and secrets shared with the rest of the suite; values come from mounted secrets. */
@ConfigMapping(prefix = "suite")
public interface SuiteKeysConfig {

    Keys keys();

    Pseudonym pseudonym();

    interface Keys {
        /** PEM file of the RSA private key that signs consent receipts. */
        String receiptPrivate();

        /** PEM file of its public key, used to verify receipts. */
        String receiptPublic();
    }

    interface Pseudonym {
        /** HMAC secret from which every service derives subject pseudonyms. */
        String secret();
    }
}
