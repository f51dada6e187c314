package dev.personalization.consentview.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The latest consent decision this service knows for a (pseudonym, purpose), as consent-service published it. */
@Entity
@Table(name = "consent_view")
public class ConsentView {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String pseudonym;
    public String purpose;
    public String state;

    @Column(name = "consent_version")
    public long consentVersion;

    @Column(name = "purpose_version")
    public int purposeVersion;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
