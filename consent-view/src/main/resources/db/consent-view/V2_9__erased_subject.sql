-- Issue 10: what a service keeps of a subject it erased, and nothing more: the pseudonym and when it
-- erased. consent.decisions.v1 keeps decisions for 400 days and may be re-read, so a genuine, signed grant from before the
-- erasure could otherwise come back and turn the emptied view into a grant again; the view ignores every
-- decision of an erased pseudonym made at or before this time (later decisions, after the request closed,
-- are the subject's new choices).
-- Numbered 2.9: the consent-view migrations share each service's version line, and this one must sort after
-- what databases of the services already applied (profile V1, recommendation V2).
CREATE TABLE erased_subject (
    pseudonym  VARCHAR(128) PRIMARY KEY,
    erased_at  TIMESTAMPTZ  NOT NULL
);
