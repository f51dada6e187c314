-- Issue 9: ownership and the sensitive flag of products, full-text search, promotions, the catalog's outbox,
-- the features profile-service sends, and the aggregates recommendations rank by. Nothing here holds a raw
-- shopper id: subjects are SubjectPseudonyms' pseudonyms. The runtime role gets SELECT, INSERT, UPDATE,
-- DELETE on these tables and USAGE on their sequences through the default privileges the database was made
-- with (local-infra's Postgres, or the operator's set-up in production), as V1's table did.

-- A product belongs to the partner (token subject) that created it; rows from before ownership existed are
-- claimed by the first partner that replaces them. Sensitive products are never recommended on the strength
-- of inferred interest.
ALTER TABLE product ADD COLUMN owner VARCHAR(128);
ALTER TABLE product ADD COLUMN sensitive BOOLEAN NOT NULL DEFAULT FALSE;
-- Title, category path and terms, weighted in that order; 'english' so that "candle" finds "candles".
ALTER TABLE product ADD COLUMN search_doc TSVECTOR GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A')
    || setweight(to_tsvector('english', replace(replace(category_path, '/', ' '), '-', ' ')), 'B')
    || setweight(to_tsvector('english', terms), 'C')) STORED;
CREATE INDEX product_search ON product USING GIN (search_doc);

-- Promotions: a percentage off one product or a whole category (and below it), valid in [from, until).
CREATE TABLE deal (
    id           VARCHAR(64)  PRIMARY KEY,
    owner        VARCHAR(128) NOT NULL,
    product_id   VARCHAR(64),
    category     VARCHAR(200),
    percent_off  INTEGER      NOT NULL CHECK (percent_off BETWEEN 1 AND 90),
    valid_from   TIMESTAMPTZ  NOT NULL,
    valid_until  TIMESTAMPTZ  NOT NULL,
    updated_at   TIMESTAMPTZ  NOT NULL,
    CONSTRAINT deal_target CHECK ((product_id IS NULL) <> (category IS NULL)),
    CONSTRAINT deal_validity CHECK (valid_until > valid_from)
);
CREATE INDEX deal_active ON deal (valid_until, valid_from);

-- The transactional outbox of catalog.products.v1, as profile-service's: a product's newer row replaces
-- its older ones, sent or not; the relay sends in seq order.
CREATE TABLE catalog_outbox (
    id           UUID         PRIMARY KEY,
    seq          BIGSERIAL    NOT NULL UNIQUE,
    topic        VARCHAR(128) NOT NULL,
    message_key  VARCHAR(128) NOT NULL,
    payload      TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    published_at TIMESTAMPTZ
);
CREATE INDEX catalog_outbox_pending ON catalog_outbox (seq) WHERE published_at IS NULL;
CREATE INDEX catalog_outbox_key ON catalog_outbox (message_key);

-- The newest feature snapshot applied per subject: an older or repeated one changes nothing. Also the row
-- a snapshot's transaction locks, so that one subject's snapshots apply one after the other.
CREATE TABLE subject_snapshot (
    pseudonym        VARCHAR(128) PRIMARY KEY,
    snapshot_version BIGINT       NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL
);

-- The features of the newest snapshot that were stamped with the purpose's current granted consent
-- version when they arrived; a revocation deletes its purpose's rows in the consent view's transaction.
CREATE TABLE subject_feature (
    pseudonym       VARCHAR(128)     NOT NULL,
    purpose         VARCHAR(32)      NOT NULL,
    kind            VARCHAR(32)      NOT NULL,
    item            VARCHAR(200)     NOT NULL,
    weight          DOUBLE PRECISION NOT NULL,
    consent_version BIGINT           NOT NULL,
    last_seen       TIMESTAMPTZ      NOT NULL,
    expires_at      TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (pseudonym, purpose, kind, item)
);

-- Popularity, maintained with every change of subject_feature: distinct subjects per product and their
-- summed contribution, each subject's capped (units of 1/1000 of a feature weight, so that sums are exact).
CREATE TABLE item_popularity (
    product_id VARCHAR(200) PRIMARY KEY,
    subjects   INTEGER      NOT NULL,
    units      BIGINT       NOT NULL
);

-- Co-purchases: distinct subjects who bought both products (item_a < item_b).
CREATE TABLE co_purchase (
    item_a   VARCHAR(200) NOT NULL,
    item_b   VARCHAR(200) NOT NULL,
    subjects INTEGER      NOT NULL,
    PRIMARY KEY (item_a, item_b)
);
CREATE INDEX co_purchase_b ON co_purchase (item_b);
