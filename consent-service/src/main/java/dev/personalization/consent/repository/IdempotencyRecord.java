package dev.personalization.consent.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "idempotency_key")
public class IdempotencyRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String subject;

    @Column(name = "idem_key")
    public String key;

    public String purpose;
    public boolean granted;

    @Column(name = "ledger_entry_id")
    public long ledgerEntryId;

    @Column(name = "created_at")
    public Instant createdAt;
}
