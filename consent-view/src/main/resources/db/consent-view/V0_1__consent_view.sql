-- The consent view's own tables, shipped in the consent-view jar. A service runs them with its own
-- migrations (quarkus.flyway.locations=db/migration,db/consent-view); version 0.1 sorts before any
-- service's V1, so the view's tables come first.

-- The latest consent decision per (pseudonym, purpose), fed from consent.decisions.v1. Only the
-- pseudonym is kept: the raw subject id never reaches the service's database.
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
