package dev.personalization.consent.service;

import dev.personalization.consent.config.SuiteKeysConfig;
import dev.personalization.consent.repository.LedgerEntry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hash that chains a subject's ledger entries, over the previous entry's hash and every field of
 * this entry, each length-prefixed so that no two different entries share an encoding.
 * <p>
 * Entries of chain format {@value #KEYED} (every entry written since issue 7) are keyed: HMAC-SHA256
 * with the ledger key ({@code suite.keys.ledger-hmac}), which never enters the database, so that whoever
 * can write the ledger's tables cannot extend or rewrite a chain that still verifies. Entries of format
 * {@value #LEGACY} were written before, with plain SHA-256; the verifier accepts them only where a
 * signed checkpoint vouches for them (see {@link LedgerCheckpointer}).
 * <p>
 * Created at start ({@link Startup}) so that a missing or short key stops the service at once.
 */
@Startup
@ApplicationScoped
public class LedgerHasher {

    public static final short LEGACY = 1;
    public static final short KEYED = 2;
    static final int MIN_KEY_LENGTH = 32;

    private final SecretKeySpec key;
    /** Mac instances are not thread-safe; one per thread avoids a provider lookup per entry. */
    private final ThreadLocal<Mac> macs;

    public LedgerHasher(SuiteKeysConfig config) {
        String secret = config.ledgerHmac();
        if (secret == null || secret.strip().length() < MIN_KEY_LENGTH) {
            throw new IllegalStateException("suite.keys.ledger-hmac (SUITE_LEDGER_HMAC_KEY) must have at least "
                    + MIN_KEY_LENGTH + " characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The hash a new entry gets: always keyed. */
    public String hash(LedgerEntry entry) {
        return hash(KEYED, entry.prevHash, entry.subject, entry.purpose, entry.purposeVersion, entry.consentVersion,
                entry.decision, entry.reason, entry.recordedAt, entry.channel, entry.actor, entry.expiresAt);
    }

    /** The hash an entry of the given chain format must carry; null for a format this version does not know. */
    public String hash(short format, String prevHash, String subject, String purpose, int purposeVersion,
            long consentVersion, String decision, String reason, Instant recordedAt, String channel, String actor,
            Instant expiresAt) {
        byte[] canonical = canonical(prevHash, subject, purpose, purposeVersion, consentVersion, decision, reason,
                recordedAt, channel, actor, expiresAt);
        return switch (format) {
            case KEYED -> HexFormat.of().formatHex(macs.get().doFinal(canonical));
            case LEGACY -> HexFormat.of().formatHex(sha256(canonical));
            default -> null;
        };
    }

    /** Recomputes a stored entry's hash the way its chain format says. */
    public boolean matches(LedgerEntry entry) {
        String expected = hash(entry.chainFormat, entry.prevHash, entry.subject, entry.purpose, entry.purposeVersion,
                entry.consentVersion, entry.decision, entry.reason, entry.recordedAt, entry.channel, entry.actor,
                entry.expiresAt);
        return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                entry.entryHash.getBytes(StandardCharsets.US_ASCII));
    }

    /** A MAC under a key derived from the ledger key for another purpose (e.g. history cursors). */
    public byte[] derivedMac(String purpose, byte[] data) {
        try {
            Mac derive = newMac();
            byte[] derivedKey = derive.doFinal(("consent-service/" + purpose).getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(derivedKey, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Instants are stored with microsecond precision, so they are hashed at that precision. */
    public static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static byte[] canonical(String prevHash, String subject, String purpose, int purposeVersion,
            long consentVersion, String decision, String reason, Instant recordedAt, String channel, String actor,
            Instant expiresAt) {
        StringBuilder canonical = new StringBuilder();
        for (String field : new String[] {prevHash, subject, purpose, Integer.toString(purposeVersion),
                Long.toString(consentVersion), decision, reason, text(recordedAt), channel, actor, text(expiresAt)}) {
            String value = field == null ? "" : field;
            canonical.append(value.length()).append(':').append(value).append(';');
        }
        return canonical.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
