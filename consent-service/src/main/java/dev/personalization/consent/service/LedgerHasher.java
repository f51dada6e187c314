package dev.personalization.consent.service;

import dev.personalization.consent.repository.LedgerEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The hash that chains a subject's ledger entries: SHA-256 over the previous entry's hash and every
 * field of this entry, each length-prefixed so that no two different entries share an encoding.
 */
public final class LedgerHasher {

    private LedgerHasher() {
    }

    public static String hash(LedgerEntry entry) {
        return hash(entry.prevHash, entry.subject, entry.purpose, entry.purposeVersion, entry.consentVersion,
                entry.decision, entry.reason, entry.recordedAt, entry.channel, entry.actor, entry.expiresAt);
    }

    public static String hash(String prevHash, String subject, String purpose, int purposeVersion,
            long consentVersion, String decision, String reason, Instant recordedAt, String channel, String actor,
            Instant expiresAt) {
        StringBuilder canonical = new StringBuilder();
        for (String field : new String[] {prevHash, subject, purpose, Integer.toString(purposeVersion),
                Long.toString(consentVersion), decision, reason, text(recordedAt), channel, actor, text(expiresAt)}) {
            String value = field == null ? "" : field;
            canonical.append(value.length()).append(':').append(value).append(';');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Instants are stored with microsecond precision, so they are hashed at that precision. */
    public static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
