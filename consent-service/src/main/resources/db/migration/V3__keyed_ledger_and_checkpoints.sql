-- Issue 7: a ledger chain only the service can extend.

-- Each entry says how its hash was made. Entries written before this version keep plain SHA-256
-- (format 1); from now on the service keys every hash with the ledger key, which never enters the
-- database (format 2). Adding a column with a constant default rewrites no row and fires no trigger.
ALTER TABLE consent_ledger ADD COLUMN chain_format SMALLINT NOT NULL DEFAULT 1;
ALTER TABLE consent_ledger ALTER COLUMN chain_format DROP DEFAULT;
ALTER TABLE consent_ledger ADD CONSTRAINT consent_ledger_chain_format CHECK (chain_format IN (1, 2));

-- TRUNCATE does not fire row triggers: refuse it too (the runtime role has no right to it either).
CREATE TRIGGER consent_ledger_no_truncate BEFORE TRUNCATE ON consent_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION consent_ledger_is_append_only();

-- Signed checkpoints of the chain heads. Each one covers every ledger entry up to last_entry_id and
-- names the heads that moved since the previous checkpoint (ledger_checkpoint_head); heads_digest
-- chains the previous checkpoint's digest with those heads, so the latest checkpoint's signature
-- vouches for every subject's head. signature is a JWS (RS256) over all of the other columns.
-- Append-only like the ledger: the runtime role may only INSERT and SELECT here.
CREATE TABLE ledger_checkpoint (
    id             BIGINT       PRIMARY KEY,
    previous_id    BIGINT       REFERENCES ledger_checkpoint (id),
    last_entry_id  BIGINT       NOT NULL,
    subjects       BIGINT       NOT NULL,
    entries        BIGINT       NOT NULL,
    legacy_up_to   BIGINT       NOT NULL,
    heads_digest   VARCHAR(64)  NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL,
    signature      TEXT         NOT NULL
);
CREATE SEQUENCE ledger_checkpoint_seq;

-- A subject's head as of a checkpoint (written when it moved since the previous one): its last entry
-- (id and hash) and how many entries its chain had up to it. Looked up by subject, and read by
-- checkpoint when the admin check recomputes the digests.
CREATE TABLE ledger_checkpoint_head (
    checkpoint_id  BIGINT       NOT NULL REFERENCES ledger_checkpoint (id),
    subject        VARCHAR(128) NOT NULL,
    head_entry_id  BIGINT       NOT NULL,
    head_hash      VARCHAR(64)  NOT NULL,
    entries        BIGINT       NOT NULL,
    PRIMARY KEY (subject, checkpoint_id)
);
CREATE INDEX ledger_checkpoint_head_by_checkpoint ON ledger_checkpoint_head (checkpoint_id);

CREATE FUNCTION ledger_checkpoint_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ledger_checkpoint_no_change BEFORE UPDATE OR DELETE ON ledger_checkpoint
    FOR EACH ROW EXECUTE FUNCTION ledger_checkpoint_is_append_only();
CREATE TRIGGER ledger_checkpoint_no_truncate BEFORE TRUNCATE ON ledger_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_checkpoint_is_append_only();
CREATE TRIGGER ledger_checkpoint_head_no_change BEFORE UPDATE OR DELETE ON ledger_checkpoint_head
    FOR EACH ROW EXECUTE FUNCTION ledger_checkpoint_is_append_only();
CREATE TRIGGER ledger_checkpoint_head_no_truncate BEFORE TRUNCATE ON ledger_checkpoint_head
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_checkpoint_is_append_only();
