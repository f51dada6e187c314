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
 * The hash that chains a subject's ledger entries, over the previous entry's hash and every stored field
 * of this entry, each length-prefixed so that no two different entries share an encoding.
 * <p>
 * Entries of chain format {@value #SEALED} (every entry since issue 10) are keyed: HMAC-SHA256 with the
 * ledger key ({@code suite.keys.ledger-hmac}), which never enters the database, so that whoever can write
 * the ledger's tables cannot extend or rewrite a chain that still verifies. The hash covers the chain
 * reference and the sealed details as stored (ciphertext), never the raw subject: after the subject's key
 * is destroyed every entry still verifies. Formats 1 (plain SHA-256) and 2 (keyed over the raw subject,
 * channel and actor) cannot exist any more (migration V6); they no longer verify.
 * <p>
 * Created at start ({@link Startup}) so that a missing or short key stops the service at once.
 */
@Startup
@ApplicationScoped
public class LedgerHasher {

    public static final short LEGACY = 1;
    public static final short SEALED = 3;
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

    /** The hash a new entry gets. */
    public String hash(LedgerEntry entry) {
        return hash(SEALED, entry.prevHash, entry.subjectRef, entry.purpose, entry.purposeVersion,
                entry.consentVersion, entry.decision, entry.reason, entry.recordedAt, entry.expiresAt, entry.sealed);
    }

    /** The hash an entry of the given chain format must carry; null for a format this version does not verify. */
    public String hash(short format, String prevHash, String subjectRef, String purpose, int purposeVersion,
            long consentVersion, String decision, String reason, Instant recordedAt, Instant expiresAt, String sealed) {
        if (format != SEALED) {
            return null;
        }
        return HexFormat.of().formatHex(macs.get().doFinal(canonical(prevHash, subjectRef, purpose,
                Integer.toString(purposeVersion), Long.toString(consentVersion), decision, reason, text(recordedAt),
                text(expiresAt), sealed)));
    }

    /** Recomputes a stored entry's hash the way its chain format says. */
    public boolean matches(LedgerEntry entry) {
        String expected = hash(entry.chainFormat, entry.prevHash, entry.subjectRef, entry.purpose,
                entry.purposeVersion, entry.consentVersion, entry.decision, entry.reason, entry.recordedAt,
                entry.expiresAt, entry.sealed);
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

    private static byte[] canonical(String... fields) {
        StringBuilder canonical = new StringBuilder();
        for (String field : fields) {
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
