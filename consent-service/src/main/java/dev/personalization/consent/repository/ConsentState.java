package dev.personalization.consent.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The latest ledger entry per (subject, purpose): a read model, rebuilt from the ledger if need be. */
@Entity
@Table(name = "consent_state")
public class ConsentState {

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

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "ledger_entry_id")
    public long ledgerEntryId;
}
