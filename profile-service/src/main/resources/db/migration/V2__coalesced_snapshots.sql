-- Issue 8, point 9: snapshots coalesced per subject. A change of a subject's profile no longer writes its
-- full snapshot into the outbox; it marks the subject due here (in the same transaction), with the
-- snapshot version it reached. The relay builds each due subject's snapshot from profile_datum at publish
-- time, in the statement that reads the mark, so a snapshot holds exactly the state its version names; a
-- subject changed many times between two passes is published once, with its latest version.
CREATE TABLE profile_snapshot_due (
    pseudonym        VARCHAR(128) PRIMARY KEY,
    snapshot_version BIGINT       NOT NULL,
    -- the outbox's sequence: due subjects and outbox rows share one order; a mark keeps its place when
    -- the subject changes again, so a busy subject cannot starve behind newer ones
    seq              BIGINT       NOT NULL DEFAULT nextval('profile_outbox_seq_seq'),
    marked_at        TIMESTAMPTZ  NOT NULL
);
CREATE INDEX profile_snapshot_due_seq ON profile_snapshot_due (seq);


-- Every batch rewrites the scores of the data it touches: room on each page lets PostgreSQL update such a row
-- in place of its page (a HOT update: no new index entries while the indexed columns keep their values, and
-- the old version pruned with the page, without waiting for a vacuum)
ALTER TABLE profile_datum SET (fillfactor = 70);
