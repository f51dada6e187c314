package dev.personalization.consent.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.personalization.consent.config.SuiteKeysConfig;
import dev.personalization.consent.repository.LedgerEntry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Crypto-shredding of the ledger. Every subject has a random data key and a random reference
 * ({@code subject_ref}), held in {@code subject_key} with the key wrapped (AES-GCM) by the master key
 * ({@code suite.keys.ledger-kek}, never in the database). A ledger entry keeps what names the subject (the
 * raw id, channel, actor) only sealed under the data key; its chain is found by the reference. Deleting
 * the subject's {@code subject_key} row ({@link #shred}) leaves entries that still verify but can no longer
 * be read or linked to anyone.
 * <p>
 * The row is found by an HMAC of the subject id under a key derived from the ledger key, so that the
 * table names nobody either. Created at start so that a missing or short master key stops the service.
 */
@Startup
@ApplicationScoped
public class SubjectKeys {

    static final int MIN_KEK_LENGTH = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec kek;
    private final LedgerHasher hasher;
    private final EntityManager em;
    private final ObjectMapper json;
    private final SecureRandom random = new SecureRandom();

    /** A subject's live key: the subject, its chain reference and its data key. */
    public record Key(String subject, String ref, SecretKey dataKey) {
    }

    /** What an entry holds only sealed: whatever names the subject. */
    public record Details(String subject, String channel, String actor) {
    }

    public SubjectKeys(SuiteKeysConfig config, LedgerHasher hasher, EntityManager em, ObjectMapper json) {
        String secret = config.ledgerKek();
        if (secret == null || secret.strip().length() < MIN_KEK_LENGTH) {
            throw new IllegalStateException("suite.keys.ledger-kek (SUITE_LEDGER_KEK) must have at least "
                    + MIN_KEK_LENGTH + " characters");
        }
        // an AES-256 key derived from the configured secret, whatever its length
        this.kek = new SecretKeySpec(hmac(secret.getBytes(StandardCharsets.UTF_8),
                "consent-service/subject-key-wrap".getBytes(StandardCharsets.UTF_8)), "AES");
        this.hasher = hasher;
        this.em = em;
        this.json = json;
    }

    /** The subject's key, made on its first decision. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Key obtain(String subject) {
        Optional<Key> existing = find(subject);
        if (existing.isPresent()) {
            return existing.get();
        }
        String ref = UUID.randomUUID().toString();
        SecretKey dataKey = newDataKey();
        // a concurrent first decision of the same subject waits here on the primary key, then keeps the winner's
        em.createNativeQuery("INSERT INTO subject_key (lookup_hash, subject_ref, wrapped_key, created_at) "
                        + "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (lookup_hash) DO NOTHING")
                .setParameter(1, lookup(subject)).setParameter(2, ref)
                .setParameter(3, encrypt(kek, ref, dataKey.getEncoded())).setParameter(4, Instant.now())
                .executeUpdate();
        return find(subject).orElseThrow(() -> new IllegalStateException("subject key vanished while made"));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Key> find(String subject) {
        List<?> rows = em.createNativeQuery("SELECT subject_ref, wrapped_key FROM subject_key WHERE lookup_hash = ?1")
                .setParameter(1, lookup(subject)).getResultList();
        return rows.stream().findFirst().map(row -> {
            Object[] columns = (Object[]) row;
            String ref = (String) columns[0];
            return new Key(subject, ref, unwrap(ref, (String) columns[1]));
        });
    }

    /** The subject's chain reference, if the subject has a key (for the admin check and tests). */
    @Transactional
    public Optional<String> refOf(String subject) {
        return find(subject).map(Key::ref);
    }

    /** The data key of a chain reference; empty once the subject is erased. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<SecretKey> keyOf(String ref) {
        List<?> rows = em.createNativeQuery("SELECT wrapped_key FROM subject_key WHERE subject_ref = ?1")
                .setParameter(1, ref).getResultList();
        return rows.stream().findFirst().map(wrapped -> unwrap(ref, (String) wrapped));
    }

    /** Destroys the subject's key: its entries stay, sealed for good. True when there was one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean shred(String subject) {
        return em.createNativeQuery("DELETE FROM subject_key WHERE lookup_hash = ?1")
                .setParameter(1, lookup(subject)).executeUpdate() > 0;
    }

    /** Seals the details of a new entry under the subject's key, bound to its chain reference. */
    public String seal(Key key, Details details) {
        try {
            return encrypt(key.dataKey(), key.ref(), json.writeValueAsBytes(details));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("details not serializable", e);
        }
    }

    /** The sealed details of an entry; empty when they do not open under this key (altered or another chain). */
    public Optional<Details> open(SecretKey dataKey, String ref, String sealed) {
        try {
            return Optional.of(json.readValue(decrypt(dataKey, ref, sealed), Details.class));
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Fills an entry's subject, channel and actor from its sealed details (the caller holds the live key). */
    public LedgerEntry reveal(Key key, LedgerEntry entry) {
        Details details = open(key.dataKey(), entry.subjectRef, entry.sealed)
                .orElseThrow(() -> new IllegalStateException("ledger entry " + entry.id + " does not open"));
        entry.subject = details.subject();
        entry.channel = details.channel();
        entry.actor = details.actor();
        return entry;
    }

    /** The lookup of a subject's key row: an HMAC under a key derived from the ledger key. */
    String lookup(String subject) {
        return HexFormat.of().formatHex(hasher.derivedMac("subject-key", subject.getBytes(StandardCharsets.UTF_8)));
    }

    private SecretKey unwrap(String ref, String wrapped) {
        try {
            return new SecretKeySpec(decrypt(kek, ref, wrapped), "AES");
        } catch (GeneralSecurityException e) {
            // a row wrapped under another master key, or altered: no entry of this subject can be read
            throw new IllegalStateException("a subject key does not unwrap under suite.keys.ledger-kek", e);
        }
    }

    private SecretKey newDataKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, random);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** AES-GCM with a random nonce; the chain reference is the associated data. Base64 of nonce || ciphertext. */
    private String encrypt(SecretKey key, String ref, byte[] plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(ref.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] decrypt(SecretKey key, String ref, String text) throws GeneralSecurityException {
        byte[] bytes = Base64.getDecoder().decode(text);
        if (bytes.length <= NONCE_BYTES) {
            throw new GeneralSecurityException("too short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
        cipher.updateAAD(ref.getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
