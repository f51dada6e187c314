package dev.personalization.consent.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;

/**
 * One append-only ledger row; never updated or deleted (a database trigger refuses both). Only purpose,
 * versions, decision, reason, times and hashes are stored in the clear; the subject, channel and actor are
 * {@link #sealed} under the subject's data key (see SubjectKeys) and filled in here only once opened.
 */
@Entity
@Table(name = "consent_ledger")
public class LedgerEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The chain's random reference; only the subject's key row links it to the subject. */
    @Column(name = "subject_ref")
    public String subjectRef;

    public String purpose;

    @Column(name = "purpose_version")
    public int purposeVersion;

    @Column(name = "consent_version")
    public long consentVersion;

    public String decision;
    public String reason;

    @Column(name = "recorded_at")
    public Instant recordedAt;

    /** Base64 of nonce and AES-GCM ciphertext of the subject, channel and actor; the hash covers it. */
    public String sealed;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "prev_hash")
    public String prevHash;

    @Column(name = "entry_hash")
    public String entryHash;

    /** How entryHash was made: 3, HMAC-SHA256 with the ledger key over the reference, clear fields and sealed. */
    @Column(name = "chain_format")
    public short chainFormat;

    /** The raw subject id, only while the entry is being written or after its details were opened. */
    @Transient
    public String subject;

    @Transient
    public String channel;

    @Transient
    public String actor;
}
