package dev.personalization.contracts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/**
 * Signed events: what a signature covers, how it is made and how it is checked. Part of the contract,
 * so that the producer and every consumer agree on the bytes.
 *
 * <p>The {@link Topics#SIGNATURE_HEADER} header holds a compact JWS with detached content (RFC 7515,
 * appendix F): {@code BASE64URL(protected header) + ".." + BASE64URL(signature)}. The protected header
 * is {@code {"alg":"RS256","kid":...}}. The content is not the value alone but
 * {@link #signedContent(String, byte[], byte[]) the topic, the record key and the record value}, each
 * length-prefixed, exactly as the consumer receives them: an event moved to another subject's key or to
 * another topic no longer matches its signature. The consumer never trusts content carried in the
 * signature; it rebuilds the content from the record it got.
 *
 * <p>Keys rotate by {@code kid}: a consumer trusts several public keys at once, by kid, so that a new
 * signing key can be rolled out before the old one is retired.
 */
public final class EventSignatures {

    /** A kid is a plain name: it ends up in configuration and logs. */
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final byte[] DOMAIN = "suite-event-signature/v1".getBytes(StandardCharsets.US_ASCII);
    private static final int MIN_RSA_BITS = 2048;

    private EventSignatures() {
    }

    /**
     * The bytes a signature covers: a fixed label, then the topic, the key and the value, each as a
     * 4-byte big-endian length (-1 for null) followed by its bytes. Lengths make the split unambiguous.
     */
    public static byte[] signedContent(String topic, byte[] key, byte[] value) {
        Objects.requireNonNull(topic, "topic");
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + (key == null ? 0 : key.length)
                + (value == null ? 0 : value.length));
        out.writeBytes(DOMAIN);
        field(out, topic.getBytes(StandardCharsets.UTF_8));
        field(out, key);
        field(out, value);
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes == null ? -1 : bytes.length).array());
        if (bytes != null) {
            out.writeBytes(bytes);
        }
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    public static boolean validKid(String kid) {
        return kid != null && KID.matcher(kid).matches();
    }

    /** Signs records with one private key under one kid. Thread-safe. */
    public static final class Signer {

        private final String kid;
        private final PrivateKey key;

        public Signer(String kid, PrivateKey key) {
            if (!validKid(kid)) {
                throw new IllegalArgumentException("a kid is 1 to 64 of A-Z a-z 0-9 . _ -");
            }
            this.kid = kid;
            this.key = requireRsa(key);
        }

        public String kid() {
            return kid;
        }

        /** The header value for a record whose key and value are these strings, sent as UTF-8. */
        public String sign(String topic, String key, String value) {
            return sign(topic, utf8(key), utf8(value));
        }

        public String sign(String topic, byte[] key, byte[] value) {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setKeyIdHeaderValue(kid);
            jws.setPayloadBytes(signedContent(topic, key, value));
            jws.setKey(this.key);
            try {
                return jws.getDetachedContentCompactSerialization();
            } catch (JoseException e) {
                throw new IllegalStateException("could not sign an event with key " + kid, e);
            }
        }
    }

    /** Why a record was refused; none of them carries anything of the record. */
    public enum Rejection {
        /** No signature header, or an empty one. */
        UNSIGNED("unsigned"),
        /** A header that is not a compact detached RS256 JWS with a kid. */
        MALFORMED("malformed signature"),
        /** Signed under a kid this consumer does not trust. */
        UNKNOWN_KEY("unknown key"),
        /** A trusted kid, but the signature does not match the record's topic, key and value. */
        MISMATCH("signature does not match the record");

        private final String reason;

        Rejection(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** Checks records against a set of trusted public keys by kid. Thread-safe. */
    public static final class Verifier {

        private final Map<String, PublicKey> trusted;

        public Verifier(Map<String, PublicKey> trusted) {
            if (trusted.isEmpty()) {
                throw new IllegalArgumentException("at least one trusted key is needed");
            }
            trusted.forEach((kid, key) -> {
                if (!validKid(kid)) {
                    throw new IllegalArgumentException("a kid is 1 to 64 of A-Z a-z 0-9 . _ -");
                }
                requireRsa(key);
            });
            this.trusted = Map.copyOf(trusted);
        }

        public java.util.Set<String> kids() {
            return trusted.keySet();
        }

        /**
         * Checks the signature header of a record as received.
         *
         * @return null when the record is signed by a trusted key over exactly this topic, key and value;
         *         otherwise why not
         */
        public Rejection verify(String topic, byte[] key, byte[] value, byte[] signatureHeader) {
            if (signatureHeader == null || signatureHeader.length == 0) {
                return Rejection.UNSIGNED;
            }
            String compact = new String(signatureHeader, StandardCharsets.US_ASCII);
            String[] parts = compact.split("\\.", -1);
            if (parts.length != 3 || !parts[1].isEmpty()) {
                // a JWS carrying its own content would tempt a consumer to read that instead of the record
                return Rejection.MALFORMED;
            }
            JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                    AlgorithmIdentifiers.RSA_USING_SHA256));
            try {
                jws.setCompactSerialization(compact);
            } catch (JoseException e) {
                return Rejection.MALFORMED;
            }
            String kid = jws.getKeyIdHeaderValue();
            if (kid == null || !AlgorithmIdentifiers.RSA_USING_SHA256.equals(jws.getAlgorithmHeaderValue())) {
                return Rejection.MALFORMED;
            }
            PublicKey publicKey = trusted.get(kid);
            if (publicKey == null) {
                return Rejection.UNKNOWN_KEY;
            }
            // the content comes from the record as received, never from the header
            jws.setEncodedPayload(Base64.getUrlEncoder().withoutPadding().encodeToString(signedContent(topic, key, value)));
            jws.setKey(publicKey);
            try {
                return jws.verifySignature() ? null : Rejection.MISMATCH;
            } catch (JoseException e) {
                // an unsupported critical header, a signature of the wrong length, ...
                return Rejection.MALFORMED;
            }
        }

        public Rejection verify(String topic, String key, String value, String signatureHeader) {
            return verify(topic, utf8(key), utf8(value), utf8(signatureHeader));
        }
    }

    private static <K extends java.security.Key> K requireRsa(K key) {
        if (!(key instanceof RSAKey rsa) || rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new IllegalArgumentException("event signing keys are RSA keys of at least " + MIN_RSA_BITS + " bits");
        }
        return key;
    }

    /**
     * Reads an RSA private key from a PKCS#8 PEM file ({@code BEGIN PRIVATE KEY}), given as a path or a
     * {@code file:} URL. Errors name the location, never the key.
     */
    public static PrivateKey readPrivateKey(String location) {
        byte[] der = pem(location, "PRIVATE KEY");
        try {
            return requireRsa(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("no RSA private key (PKCS#8 PEM, 2048 bits or more) in " + location);
        }
    }

    /** Reads an RSA public key from an X.509 PEM file ({@code BEGIN PUBLIC KEY}), a path or a {@code file:} URL. */
    public static PublicKey readPublicKey(String location) {
        byte[] der = pem(location, "PUBLIC KEY");
        try {
            return requireRsa(KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("no RSA public key (X.509 PEM, 2048 bits or more) in " + location);
        }
    }

    /** A plain path, a {@code file:///absolute} URL or a {@code file:relative} one. */
    private static Path path(String location) {
        if (!location.startsWith("file:")) {
            return Path.of(location);
        }
        URI uri = URI.create(location);
        return uri.isOpaque() ? Path.of(location.substring("file:".length())) : Path.of(uri);
    }

    private static byte[] pem(String location, String label) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("no key location given");
        }
        String text;
        try {
            text = Files.readString(path(location), StandardCharsets.US_ASCII);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read the key file " + location);
        }
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no " + begin + " block in " + location);
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a broken PEM block in " + location);
        }
    }
}
