-- The product catalog, pushed by partners.
CREATE TABLE product (
    id            VARCHAR(64)    PRIMARY KEY,
    title         VARCHAR(200)   NOT NULL,
    category_path VARCHAR(200)   NOT NULL,
    price         NUMERIC(12, 2) NOT NULL,
    terms         TEXT           NOT NULL,
    updated_at    TIMESTAMPTZ    NOT NULL
);
CREATE INDEX product_category ON product (category_path varchar_pattern_ops);

-- The latest consent decision per (pseudonym, purpose), fed from consent.decisions.v1. Only the
-- pseudonym is kept: the raw subject id never reaches this service's database.
CREATE TABLE consent_view (
    id              BIGSERIAL PRIMARY KEY,
    pseudonym       VARCHAR(128) NOT NULL,
    purpose         VARCHAR(32)  NOT NULL,
    state           VARCHAR(16)  NOT NULL,
    consent_version BIGINT       NOT NULL,
    purpose_version INTEGER      NOT NULL,
    decided_at      TIMESTAMPTZ  NOT NULL,
    expires_at      TIMESTAMPTZ,
    updated_at      TIMESTAMPTZ  NOT NULL,
    CONSTRAINT consent_view_unique UNIQUE (pseudonym, purpose)
);

-- Event ids already applied, so that a redelivered event has no second effect.
CREATE TABLE processed_event (
    event_id     UUID         PRIMARY KEY,
    topic        VARCHAR(128) NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL
);
CREATE INDEX processed_event_age ON processed_event (processed_at);
