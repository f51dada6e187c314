-- Issue 10: erasure, and a ledger that keeps only the minimum proof once a subject is erased.
--
-- Each subject gets a data key (subject_key), wrapped with the master key (SUITE_LEDGER_KEK, never in the
-- database). Ledger entries keep in the clear only purpose, versions, decision, reason, times and hashes;
-- everything that names the subject (the raw id, channel, actor) is sealed with AES-GCM under the data key
-- (column sealed). Entries, chain heads and checkpoint heads are found by subject_ref, a random reference
-- that only the subject's subject_key row links to the subject. Erasure deletes that row: the sealed
-- details can no longer be read and nothing links the chain to anyone, while every hash (which covers the
-- sealed bytes) still verifies.
--
-- Ledger entries are append-only and sealing needs the master key, which SQL does not have: a ledger
-- written before this version cannot be converted here. Dev data from before must be reset (README).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM consent_ledger) OR EXISTS (SELECT 1 FROM ledger_checkpoint) THEN
        RAISE EXCEPTION 'consent_ledger holds entries written before crypto-shredding (V6): reset this '
            'database (./suite down; dropdb -h 127.0.0.1 -U postgres consent; ./suite up) - see README, "Erasure and crypto-shredding"';
    END IF;
END
$$;

CREATE TABLE subject_key (
    -- HMAC of the subject id under a key derived from the ledger key: finds the row, reveals nothing
    lookup_hash  VARCHAR(64)  PRIMARY KEY,
    subject_ref  VARCHAR(36)  NOT NULL UNIQUE,
    -- the 256-bit data key, AES-GCM under the master key, bound to subject_ref (base64 of nonce || ciphertext)
    wrapped_key  TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL
);

ALTER TABLE consent_ledger DROP CONSTRAINT consent_ledger_version_unique;
DROP INDEX consent_ledger_subject;
ALTER TABLE consent_ledger DROP COLUMN subject;
ALTER TABLE consent_ledger DROP COLUMN channel;
ALTER TABLE consent_ledger DROP COLUMN actor;
ALTER TABLE consent_ledger ADD COLUMN subject_ref VARCHAR(36) NOT NULL;
-- base64 of nonce || AES-GCM ciphertext of the subject's details, under the subject's data key
ALTER TABLE consent_ledger ADD COLUMN sealed TEXT NOT NULL;
ALTER TABLE consent_ledger ADD CONSTRAINT consent_ledger_version_unique UNIQUE (subject_ref, purpose, consent_version);
CREATE INDEX consent_ledger_subject_ref ON consent_ledger (subject_ref, id);
-- format 3: HMAC-SHA256 over the reference, the clear fields and the sealed bytes (formats 1 and 2 covered
-- the raw id and cannot exist after the check above)
ALTER TABLE consent_ledger DROP CONSTRAINT consent_ledger_chain_format;
ALTER TABLE consent_ledger ADD CONSTRAINT consent_ledger_chain_format CHECK (chain_format = 3);

ALTER TABLE subject_chain RENAME COLUMN subject TO subject_ref;
ALTER TABLE subject_chain ALTER COLUMN subject_ref TYPE VARCHAR(36);
ALTER TABLE ledger_checkpoint_head RENAME COLUMN subject TO subject_ref;
ALTER TABLE ledger_checkpoint_head ALTER COLUMN subject_ref TYPE VARCHAR(36);

-- Erasure requests. The subject is found by subject_lookup, an HMAC of the subject's pseudonym under a key
-- derived from the ledger key: never the raw id or the pseudonym. At most one open request per subject.
CREATE TABLE erasure_request (
    id              UUID         PRIMARY KEY,
    subject_lookup  VARCHAR(64)  NOT NULL,
    requested_at    TIMESTAMPTZ  NOT NULL,
    completed_at    TIMESTAMPTZ
);
CREATE UNIQUE INDEX erasure_request_open ON erasure_request (subject_lookup) WHERE completed_at IS NULL;
CREATE INDEX erasure_request_subject ON erasure_request (subject_lookup, requested_at);

-- Each service's confirmation (privacy.erasure-completed.v1): the first one per service counts, repeats are
-- ignored. Services that are not required are recorded too, but not waited for.
CREATE TABLE erasure_confirmation (
    request_id    UUID         NOT NULL REFERENCES erasure_request (id),
    service       VARCHAR(64)  NOT NULL,
    completed_at  TIMESTAMPTZ  NOT NULL,
    deleted       TEXT         NOT NULL,
    received_at   TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (request_id, service)
);

-- The runtime role destroys a subject's data key on erasure: among the ledger's tables subject_key is the
-- only one it may DELETE from (it keeps INSERT and SELECT; the default privileges give it DELETE on new
-- tables, UPDATE is not needed: a key is never changed).
DO $$
DECLARE
    grantee_name text;
BEGIN
    FOR grantee_name IN
        SELECT DISTINCT CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(acl.grantee)) END
        FROM pg_class c, aclexplode(c.relacl) acl
        WHERE c.oid = 'subject_key'::regclass AND acl.grantee <> c.relowner
    LOOP
        EXECUTE format('REVOKE UPDATE, TRUNCATE, REFERENCES, TRIGGER ON subject_key FROM %s CASCADE', grantee_name);
    END LOOP;
END
$$;
