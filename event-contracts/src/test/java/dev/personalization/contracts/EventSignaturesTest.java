package dev.personalization.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.contracts.EventSignatures.Rejection;
import dev.personalization.contracts.EventSignatures.Signer;
import dev.personalization.contracts.EventSignatures.Verifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a signature covers and which signatures a consumer accepts. */
class EventSignaturesTest {

    private static final String TOPIC = Topics.CONSENT_DECISIONS;
    private static final KeyPair CURRENT = rsa(2048);
    private static final KeyPair NEXT = rsa(2048);
    private static final KeyPair STRANGER = rsa(2048);

    private final Signer signer = new Signer("events-1", CURRENT.getPrivate());
    private final Verifier verifier = new Verifier(Map.of("events-1", CURRENT.getPublic(), "events-2", NEXT.getPublic()));

    private static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(String header) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSignedRecordVerifiesAndTheHeaderIsADetachedJwsWithItsKid() {
        String signature = signer.sign(TOPIC, "pseudonym-1", "{\"id\":1}");
        assertNull(verifier.verify(TOPIC, "pseudonym-1", "{\"id\":1}", signature));
        String[] parts = signature.split("\\.", -1);
        assertEquals(3, parts.length);
        assertEquals("", parts[1], "the content is detached: the record is the content");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"alg\":\"RS256\""), header);
        assertTrue(header.contains("\"kid\":\"events-1\""), header);
    }

    @Test
    void anyChangeToTopicKeyOrValueBreaksTheSignature() {
        String signature = signer.sign(TOPIC, "pseudonym-1", "{\"v\":1}");
        assertEquals(Rejection.MISMATCH, verifier.verify(TOPIC, "pseudonym-1", "{\"v\":2}", signature));
        assertEquals(Rejection.MISMATCH, verifier.verify(TOPIC, "pseudonym-2", "{\"v\":1}", signature));
        assertEquals(Rejection.MISMATCH, verifier.verify(Topics.ERASURE_REQUESTED, "pseudonym-1", "{\"v\":1}", signature));
        assertEquals(Rejection.MISMATCH, verifier.verify(TOPIC, "pseudonym-1", null, signature));
        // the other record's signature does not transfer
        String other = signer.sign(TOPIC, "pseudonym-1", "{\"v\":3}");
        assertEquals(Rejection.MISMATCH, verifier.verify(TOPIC, "pseudonym-1", "{\"v\":1}", other));
    }

    @Test
    void theSplitBetweenKeyAndValueIsPartOfTheContent() {
        assertFalse(java.util.Arrays.equals(EventSignatures.signedContent(TOPIC, bytes("ab"), bytes("c")),
                EventSignatures.signedContent(TOPIC, bytes("a"), bytes("bc"))));
        assertFalse(java.util.Arrays.equals(EventSignatures.signedContent(TOPIC, null, bytes("")),
                EventSignatures.signedContent(TOPIC, bytes(""), null)));
        assertArrayEquals(EventSignatures.signedContent(TOPIC, bytes("k"), bytes("v")),
                EventSignatures.signedContent(TOPIC, bytes("k"), bytes("v")));
    }

    @Test
    void tombstonesAndNullKeysCanBeSigned() {
        assertNull(verifier.verify(TOPIC, "pseudonym-1", null, signer.sign(TOPIC, "pseudonym-1", null)));
        assertNull(verifier.verify(TOPIC, null, "{}", signer.sign(TOPIC, null, "{}")));
    }

    @Test
    void missingUnknownAndForeignSignaturesAreRefused() {
        assertEquals(Rejection.UNSIGNED, verifier.verify(TOPIC, "k", "v", null));
        assertEquals(Rejection.UNSIGNED, verifier.verify(TOPIC, "k", "v", ""));
        assertEquals(Rejection.UNKNOWN_KEY,
                verifier.verify(TOPIC, "k", "v", new Signer("someone-else", STRANGER.getPrivate()).sign(TOPIC, "k", "v")));
        // a stranger's key under a trusted kid
        assertEquals(Rejection.MISMATCH,
                verifier.verify(TOPIC, "k", "v", new Signer("events-1", STRANGER.getPrivate()).sign(TOPIC, "k", "v")));
    }

    @Test
    void severalKidsAreTrustedAtOnceForRotation() {
        Signer next = new Signer("events-2", NEXT.getPrivate());
        assertNull(verifier.verify(TOPIC, "k", "v", next.sign(TOPIC, "k", "v")));
        assertNull(verifier.verify(TOPIC, "k", "v", signer.sign(TOPIC, "k", "v")));
        assertEquals(Rejection.UNKNOWN_KEY, new Verifier(Map.of("events-2", NEXT.getPublic()))
                .verify(TOPIC, "k", "v", signer.sign(TOPIC, "k", "v")));
    }

    @Test
    void malformedHeadersAreRefused() {
        String good = signer.sign(TOPIC, "k", "v");
        String[] parts = good.split("\\.", -1);
        String content = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(EventSignatures.signedContent(TOPIC, bytes("k"), bytes("v")));
        for (String header : new String[] {
            "not a jws",
            "a.b",
            parts[0] + "." + content + "." + parts[2],                  // content attached
            json("{\"alg\":\"none\",\"kid\":\"events-1\"}") + "..",       // no signature at all
            json("{\"alg\":\"HS256\",\"kid\":\"events-1\"}") + ".." + parts[2],
            json("{\"alg\":\"RS256\"}") + ".." + parts[2],                // no kid
            json("{\"alg\":\"RS256\",\"kid\":\"events-1\",\"crit\":[\"exp\"],\"exp\":1}") + ".." + parts[2],
            "!!!.." + parts[2],
        }) {
            Rejection rejection = verifier.verify(TOPIC, "k", "v", header);
            assertTrue(rejection == Rejection.MALFORMED || rejection == Rejection.MISMATCH, header + ": " + rejection);
            assertNotEquals(null, rejection);
        }
    }

    @Test
    void kidsAreNamesAndKeysAreRsaOfAtLeast2048Bits() {
        assertThrows(IllegalArgumentException.class, () -> new Signer("", CURRENT.getPrivate()));
        assertThrows(IllegalArgumentException.class, () -> new Signer("a kid with spaces", CURRENT.getPrivate()));
        assertThrows(IllegalArgumentException.class, () -> new Signer("x".repeat(65), CURRENT.getPrivate()));
        assertThrows(IllegalArgumentException.class, () -> new Signer("short", rsa(1024).getPrivate()));
        assertThrows(IllegalArgumentException.class, () -> new Verifier(Map.of()));
    }

    @Test
    void keysAreReadFromPemFilesByPathOrFileUrl(@TempDir Path dir) throws Exception {
        Path privatePem = dir.resolve("events-private.pem");
        Path publicPem = dir.resolve("events-public.pem");
        Files.writeString(privatePem, pem("PRIVATE KEY", CURRENT.getPrivate().getEncoded()));
        Files.writeString(publicPem, pem("PUBLIC KEY", CURRENT.getPublic().getEncoded()));

        Signer fromFile = new Signer("events-1", EventSignatures.readPrivateKey(privatePem.toString()));
        Verifier fromUrl = new Verifier(Map.of("events-1", EventSignatures.readPublicKey(publicPem.toUri().toString())));
        assertNull(fromUrl.verify(TOPIC, "k", "v", fromFile.sign(TOPIC, "k", "v")));

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> EventSignatures.readPrivateKey(dir.resolve("nothing.pem").toString()));
        assertTrue(missing.getMessage().contains("nothing.pem"));
        // a public key where a private one is expected: refused, and the key is never echoed
        IllegalArgumentException wrongKind = assertThrows(IllegalArgumentException.class,
                () -> EventSignatures.readPrivateKey(publicPem.toString()));
        assertFalse(wrongKind.getMessage().contains("MII"));
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
