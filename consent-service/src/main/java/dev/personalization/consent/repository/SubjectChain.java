package dev.personalization.consent.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The head of a subject's hash chain. Writers lock this row, which orders one subject's entries. */
@Entity
@Table(name = "subject_chain")
public class SubjectChain {

    /** The chain's reference (see SubjectKeys), never the raw subject id. */
    @Id
    @Column(name = "subject_ref")
    public String subject;

    @Column(name = "head_hash")
    public String headHash;

    public long entries;
}
