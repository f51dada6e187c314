package dev.personalization.consent.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.personalization.consent.config.SuiteKeysConfig;
import dev.personalization.consent.repository.LedgerEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Consent receipts: a JWS (compact form, RS256) over a ledger entry's content and its chain hash.
 * Verification is strict: the signature must hold, every segment must be canonical base64url (so no
 * character of the receipt can change without failing), and the hash must match the content (keyed:
 * only this service can recompute it). Whether the entry is still in the ledger and still the
 * subject's decision is {@link ReceiptStanding}'s question.
 * <p>
 * The same key signs the ledger's checkpoints, under another {@code typ}, so that neither can pass for
 * the other.
 */
@ApplicationScoped
public class ReceiptService {

    static final String HEADER = "{\"alg\":\"RS256\",\"typ\":\"consent-receipt+jwt\",\"kid\":\"receipt\"}";

    private final PrivateKey signingKey;
    private final PublicKey verificationKey;
    private final ObjectMapper json;
    private final LedgerHasher hasher;

    public ReceiptService(SuiteKeysConfig config, ObjectMapper json, LedgerHasher hasher) {
        this.signingKey = readPrivate(Path.of(config.receiptPrivate()));
        this.verificationKey = readPublic(Path.of(config.receiptPublic()));
        this.json = json.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.hasher = hasher;
    }

    /**
     * What a receipt attests; times are RFC 3339 text exactly as hashed. The subject, channel and actor are
     * the holder's copy of what the entry keeps only sealed ({@code sealed}, under the subject's key, found by
     * {@code subjectRef}); the hash covers the sealed form. {@code chainFormat} says how entryHash was made
     * (3); receipts issued before it existed lack it and mean 1, which no longer verifies.
     */
    public record ReceiptClaims(String iss, long entryId, String subject, String subjectRef, String purpose,
            int purposeVersion, long consentVersion, String decision, String reason, String recordedAt,
            String channel, String actor, String expiresAt, String sealed, String prevHash, String entryHash,
            Integer chainFormat) {

        public short format() {
            return chainFormat == null ? LedgerHasher.LEGACY : chainFormat.shortValue();
        }
    }

    public record Verification(boolean valid, String reason, ReceiptClaims claims) {
        static Verification invalid(String reason) {
            return new Verification(false, reason, null);
        }
    }

    public String issue(LedgerEntry entry) {
        ReceiptClaims claims = new ReceiptClaims(OutboxWriter.SOURCE, entry.id, entry.subject, entry.subjectRef,
                entry.purpose, entry.purposeVersion, entry.consentVersion, entry.decision, entry.reason,
                LedgerHasher.text(entry.recordedAt), entry.channel, entry.actor, LedgerHasher.text(entry.expiresAt),
                entry.sealed, entry.prevHash, entry.entryHash, (int) entry.chainFormat);
        return sign(HEADER, claims);
    }

    public Verification verify(String receipt) {
        Opened opened = open(receipt, HEADER);
        if (opened.failure() != null) {
            return Verification.invalid(opened.failure());
        }
        ReceiptClaims claims;
        try {
            claims = json.readValue(opened.payload(), ReceiptClaims.class);
        } catch (IOException e) {
            return Verification.invalid("malformed: unreadable content");
        }
        String recomputed;
        try {
            recomputed = hasher.hash(claims.format(), claims.prevHash(), claims.subjectRef(), claims.purpose(),
                    claims.purposeVersion(), claims.consentVersion(), claims.decision(), claims.reason(),
                    parseInstant(claims.recordedAt()), parseInstant(claims.expiresAt()), claims.sealed());
        } catch (RuntimeException e) {
            return Verification.invalid("malformed: unreadable content");
        }
        if (recomputed == null || !recomputed.equals(claims.entryHash())) {
            return Verification.invalid("content does not match its hash");
        }
        return new Verification(true, null, claims);
    }

    /** A JWS (compact, RS256) with this exact header over the claims as JSON. */
    String sign(String header, Object claims) {
        try {
            String signingInput = encode(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + encode(json.writeValueAsBytes(claims));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(signingKey);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + encode(signature.sign());
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }

    /** The signed payload of a JWS, or why it is not one of ours with exactly this header. */
    record Opened(byte[] payload, String failure) {
    }

    Opened open(String compact, String expectedHeader) {
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            return new Opened(null, "malformed: a receipt has three dot-separated parts");
        }
        Optional<byte[]> header = decodeStrict(parts[0]);
        Optional<byte[]> payload = decodeStrict(parts[1]);
        Optional<byte[]> signatureBytes = decodeStrict(parts[2]);
        if (header.isEmpty() || payload.isEmpty() || signatureBytes.isEmpty()) {
            return new Opened(null, "malformed: not canonical base64url");
        }
        if (!Arrays.equals(header.get(), expectedHeader.getBytes(StandardCharsets.UTF_8))) {
            return new Opened(null, "unsupported header");
        }
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(verificationKey);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(signatureBytes.get())) {
                return new Opened(null, "signature does not match");
            }
        } catch (GeneralSecurityException e) {
            return new Opened(null, "signature does not match");
        }
        return new Opened(payload.get(), null);
    }

    /** Reads a payload opened by {@link #open} strictly (unknown fields fail). */
    <T> T read(byte[] payload, Class<T> type) throws IOException {
        return json.readValue(payload, type);
    }

    private static Instant parseInstant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Decodes base64url and insists the text is the one canonical encoding of what it decodes to. */
    private static Optional<byte[]> decodeStrict(String text) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(text);
            return encode(bytes).equals(text) ? Optional.of(bytes) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static PrivateKey readPrivate(Path pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("receipt signing key unreadable: " + pem, e);
        }
    }

    private static PublicKey readPublic(Path pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("receipt verification key unreadable: " + pem, e);
        }
    }

    private static byte[] der(Path pem) {
        try {
            String text = Files.readString(pem, StandardCharsets.US_ASCII);
            return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("key file unreadable: " + pem, e);
        }
    }
}
