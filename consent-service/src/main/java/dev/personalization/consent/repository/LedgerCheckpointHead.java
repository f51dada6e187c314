package dev.personalization.consent.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** A subject's chain head as of a checkpoint: written only when it moved since the previous checkpoint. */
@Entity
@Table(name = "ledger_checkpoint_head")
@IdClass(LedgerCheckpointHead.Key.class)
public class LedgerCheckpointHead {

    /** The chain's reference (see SubjectKeys), never the raw subject id. */
    @Id
    @Column(name = "subject_ref")
    public String subject;

    @Id
    @Column(name = "checkpoint_id")
    public long checkpointId;

    @Column(name = "head_entry_id")
    public long headEntryId;

    @Column(name = "head_hash")
    public String headHash;

    /** How many entries the subject's chain had up to and including the head. */
    public long entries;

    public static class Key implements Serializable {
        public String subject;
        public long checkpointId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.checkpointId == checkpointId && Objects.equals(key.subject, subject);
        }

        @Override
        public int hashCode() {
            return Objects.hash(subject, checkpointId);
        }
    }
}
