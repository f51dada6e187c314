-- Issue 10: erasure writes a tombstone (a null value) for the subject's key on the compacted
-- profile.features.v1 through the same outbox as the snapshots, so that it leaves after them, in order.
ALTER TABLE profile_outbox ALTER COLUMN payload DROP NOT NULL;
