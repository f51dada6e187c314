-- Every outbox event carries its signature (a detached JWS over topic, key and payload, see
-- event-contracts' EventSignatures), made by OutboxWriter in the transaction that writes the event. The
-- relay sends it as the record's suite-signature header and never signs: a row written into this table
-- by anything but consent-service's code has no valid signature, and the consumers drop it.
-- Rows written before this migration have none (NULL); the relay sends them unsigned and the consumers
-- drop them, so drain the outbox (no pending rows) before upgrading.
ALTER TABLE outbox_event ADD COLUMN signature TEXT;
