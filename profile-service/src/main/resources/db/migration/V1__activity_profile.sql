-- Issue 8: the minimized profile fed by activity intake. Nothing here holds a raw subject id (only
-- SubjectPseudonyms' pseudonym), a raw search query, a URL, an exact amount or an exact timestamp: what a
-- purpose allows is kept as (kind, item) data with a decaying score, first/last seen to the day and an
-- expiry. The runtime role gets SELECT, INSERT, UPDATE, DELETE on these tables and USAGE on their
-- sequences through the default privileges the database was made with (local-infra's Postgres, or the
-- operator's set-up in production); no role is named here.

-- Every datum held, tagged with the purpose that allowed it and the consent version it was accepted
-- under: withdrawing a purpose deletes exactly its rows. GET /api/profile/me shows these rows and the
-- feature snapshots are built from them, nothing else.
CREATE TABLE profile_datum (
    id              BIGSERIAL    PRIMARY KEY,
    pseudonym       VARCHAR(128) NOT NULL,
    purpose         VARCHAR(32)  NOT NULL,
    kind            VARCHAR(32)  NOT NULL,
    item            VARCHAR(160) NOT NULL,
    source          VARCHAR(16)  NOT NULL,
    -- the decayed weight as of last_seen (half-life per purpose)
    score           DOUBLE PRECISION NOT NULL,
    consent_version BIGINT       NOT NULL,
    -- days (UTC midnight): decay needs no finer time
    first_seen      TIMESTAMPTZ  NOT NULL,
    last_seen       TIMESTAMPTZ  NOT NULL,
    expires_at      TIMESTAMPTZ  NOT NULL,
    CONSTRAINT profile_datum_unique UNIQUE (pseudonym, purpose, kind, item)
);
CREATE INDEX profile_datum_expiry ON profile_datum (expires_at);

-- One row per subject that has ever had a snapshot: the snapshot version counter, and the row every
-- change of the subject's profile locks first, so that one subject's changes (and their outbox rows)
-- happen one after the other.
CREATE TABLE profile_subject (
    pseudonym        VARCHAR(128) PRIMARY KEY,
    snapshot_version BIGINT       NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL
);

-- A shorter retention window the shopper chose for one purpose (never longer than the default).
CREATE TABLE retention_choice (
    pseudonym  VARCHAR(128) NOT NULL,
    purpose    VARCHAR(32)  NOT NULL,
    days       INTEGER      NOT NULL CHECK (days > 0),
    chosen_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (pseudonym, purpose)
);

-- Search vocabulary: catalog products from catalog.products.v1 (normalized terms of the product and its
-- category path), and categories seen in consented view and purchase events until the catalog knows
-- them. A search keeps only what of this vocabulary its query matched.
CREATE TABLE catalog_product (
    product_id VARCHAR(64)  PRIMARY KEY,
    category   VARCHAR(128) NOT NULL,
    terms      TEXT[]       NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL
);
CREATE INDEX catalog_product_terms ON catalog_product USING GIN (terms);

CREATE TABLE seen_category (
    category VARCHAR(128) PRIMARY KEY,
    terms    TEXT[]       NOT NULL
);
CREATE INDEX seen_category_terms ON seen_category USING GIN (terms);

-- The transactional outbox of profile.features.v1: written in the transaction that changes the profile,
-- sent by the relay in seq order. Snapshots supersede each other, so a new one replaces the subject's
-- older rows (sent or not): at most one row per subject waits, and no older features linger here.
CREATE TABLE profile_outbox (
    id           UUID         PRIMARY KEY,
    seq          BIGSERIAL    NOT NULL UNIQUE,
    topic        VARCHAR(128) NOT NULL,
    message_key  VARCHAR(128) NOT NULL,
    payload      TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    published_at TIMESTAMPTZ
);
CREATE INDEX profile_outbox_pending ON profile_outbox (seq) WHERE published_at IS NULL;
CREATE INDEX profile_outbox_key ON profile_outbox (message_key);
