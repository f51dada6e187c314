package dev.personalization.consent.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One append-only ledger row; never updated or deleted (a database trigger refuses both). */
@Entity
@Table(name = "consent_ledger")
public class LedgerEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String subject;
    public String purpose;

    @Column(name = "purpose_version")
    public int purposeVersion;

    @Column(name = "consent_version")
    public long consentVersion;

    public String decision;
    public String reason;

    @Column(name = "recorded_at")
    public Instant recordedAt;

    public String channel;
    public String actor;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "prev_hash")
    public String prevHash;

    @Column(name = "entry_hash")
    public String entryHash;

    /** How entryHash was made: 1 plain SHA-256 (before issue 7), 2 HMAC-SHA256 with the ledger key. */
    @Column(name = "chain_format")
    public short chainFormat;
}
