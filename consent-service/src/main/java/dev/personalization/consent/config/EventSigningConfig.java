package dev.personalization.consent.config;

import io.smallrye.config.ConfigMapping;

/**
 * The key consent-service signs its events with: its own, not the receipt key, so that either can be
 * rotated or revoked alone. The consumers trust its public half by {@code kid}
 * ({@code consent-view.trusted-keys}); a new key gets a new kid, and the consumers trust both until the
 * old one's events have been read.
 */
@ConfigMapping(prefix = "suite.keys")
public interface EventSigningConfig {

    /** PEM file (PKCS#8) of the RSA private key, 2048 bits or more; a path or a file: URL. */
    String eventSigningPrivate();

    /** The kid the consumers know this key by: 1 to 64 of A-Z a-z 0-9 . _ - */
    String eventSigningKid();
}
