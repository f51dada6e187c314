-- Purposes are versioned notices: a new version is a new row, the old one stays for the ledger.
CREATE TABLE purpose_version (
    id              BIGSERIAL PRIMARY KEY,
    purpose         VARCHAR(32)  NOT NULL,
    version         INTEGER      NOT NULL,
    title           VARCHAR(200) NOT NULL,
    notice          TEXT         NOT NULL,
    data_categories TEXT         NOT NULL,
    retention_days  INTEGER      NOT NULL,
    legal_basis     VARCHAR(200) NOT NULL,
    published_at    TIMESTAMPTZ  NOT NULL,
    published_by    VARCHAR(128) NOT NULL,
    CONSTRAINT purpose_version_unique UNIQUE (purpose, version)
);

-- The append-only ledger, hash-chained per subject.
CREATE TABLE consent_ledger (
    id              BIGSERIAL PRIMARY KEY,
    subject         VARCHAR(128) NOT NULL,
    purpose         VARCHAR(32)  NOT NULL,
    purpose_version INTEGER      NOT NULL,
    consent_version BIGINT       NOT NULL,
    decision        VARCHAR(16)  NOT NULL,
    reason          VARCHAR(32),
    recorded_at     TIMESTAMPTZ  NOT NULL,
    channel         VARCHAR(16)  NOT NULL,
    actor           VARCHAR(128) NOT NULL,
    expires_at      TIMESTAMPTZ,
    prev_hash       VARCHAR(64)   NOT NULL,
    entry_hash      VARCHAR(64)   NOT NULL,
    CONSTRAINT consent_ledger_version_unique UNIQUE (subject, purpose, consent_version)
);
CREATE INDEX consent_ledger_subject ON consent_ledger (subject, id);

CREATE FUNCTION consent_ledger_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'consent_ledger is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER consent_ledger_no_update BEFORE UPDATE OR DELETE ON consent_ledger
    FOR EACH ROW EXECUTE FUNCTION consent_ledger_is_append_only();

-- The head of each subject's chain; its row is also the per-subject lock for writers.
CREATE TABLE subject_chain (
    subject    VARCHAR(128) PRIMARY KEY,
    head_hash  VARCHAR(64)   NOT NULL,
    entries    BIGINT       NOT NULL
);

-- Current decision per (subject, purpose): a projection of the ledger for fast reads.
CREATE TABLE consent_state (
    id              BIGSERIAL PRIMARY KEY,
    subject         VARCHAR(128) NOT NULL,
    purpose         VARCHAR(32)  NOT NULL,
    purpose_version INTEGER      NOT NULL,
    consent_version BIGINT       NOT NULL,
    decision        VARCHAR(16)  NOT NULL,
    reason          VARCHAR(32),
    decided_at      TIMESTAMPTZ  NOT NULL,
    expires_at      TIMESTAMPTZ,
    ledger_entry_id BIGINT       NOT NULL REFERENCES consent_ledger (id),
    CONSTRAINT consent_state_unique UNIQUE (subject, purpose)
);
CREATE INDEX consent_state_due ON consent_state (expires_at) WHERE decision = 'granted';

-- Events written in the same transaction as the change they announce, relayed to Kafka in order.
CREATE TABLE outbox_event (
    id           UUID         PRIMARY KEY,
    seq          BIGSERIAL    NOT NULL UNIQUE,
    topic        VARCHAR(128) NOT NULL,
    message_key  VARCHAR(128) NOT NULL,
    payload      TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    published_at TIMESTAMPTZ
);
CREATE INDEX outbox_event_pending ON outbox_event (seq) WHERE published_at IS NULL;

-- A repeated PUT with the same Idempotency-Key answers with the entry it recorded the first time.
CREATE TABLE idempotency_key (
    id              BIGSERIAL PRIMARY KEY,
    subject         VARCHAR(128) NOT NULL,
    idem_key        VARCHAR(128) NOT NULL,
    purpose         VARCHAR(32)  NOT NULL,
    granted         BOOLEAN      NOT NULL,
    ledger_entry_id BIGINT       NOT NULL REFERENCES consent_ledger (id),
    created_at      TIMESTAMPTZ  NOT NULL,
    CONSTRAINT idempotency_key_unique UNIQUE (subject, idem_key)
);

-- Who read a subject's consent, shown to the subject in their history.
CREATE TABLE partner_read (
    id       BIGSERIAL PRIMARY KEY,
    subject  VARCHAR(128) NOT NULL,
    purpose  VARCHAR(32)  NOT NULL,
    partner  VARCHAR(128) NOT NULL,
    read_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX partner_read_subject ON partner_read (subject, id);
