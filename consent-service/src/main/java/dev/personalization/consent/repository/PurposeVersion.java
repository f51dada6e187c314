package dev.personalization.consent.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "purpose_version")
public class PurposeVersion {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String purpose;
    public int version;
    public String title;
    public String notice;

    /** Comma-separated data category slugs. */
    @Column(name = "data_categories")
    public String dataCategories;

    @Column(name = "retention_days")
    public int retentionDays;

    @Column(name = "legal_basis")
    public String legalBasis;

    @Column(name = "published_at")
    public Instant publishedAt;

    @Column(name = "published_by")
    public String publishedBy;
}
