package dev.personalization.consent.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A signed checkpoint of the ledger's chain heads; append-only (a trigger refuses changes, and the
 * runtime role may only insert and read). {@code signature} is a JWS over every other column.
 */
@Entity
@Table(name = "ledger_checkpoint")
public class LedgerCheckpoint {

    /** Taken from ledger_checkpoint_seq before signing, because the signature covers it. */
    @Id
    public Long id;

    @Column(name = "previous_id")
    public Long previousId;

    /** Every ledger entry up to this id was committed when the checkpoint was taken. */
    @Column(name = "last_entry_id")
    public long lastEntryId;

    /** Subjects with a checkpointed head, and the entries their heads account for. */
    public long subjects;
    public long entries;

    /** Entries of chain format 1 (unkeyed) are accepted up to this id, none after. */
    @Column(name = "legacy_up_to")
    public long legacyUpTo;

    @Column(name = "heads_digest")
    public String headsDigest;

    @Column(name = "created_at")
    public Instant createdAt;

    public String signature;
}
