-- Issue 7: least privilege. Migrations run as the role that owns the schema; the service runs as a
-- runtime role that owns nothing and gets SELECT, INSERT, UPDATE and DELETE on the owner's tables
-- through default privileges (set where the database is made: local-infra's Postgres, or the
-- operator's set-up in production). The ledger and its signed checkpoints are the record a runtime
-- role must not be able to rewrite: on them, every role but the owner keeps at most INSERT and SELECT.
-- No role is named here, so the same migration holds whatever the runtime role is called; and the
-- owner alone may alter a table or switch off its triggers.
DO $$
DECLARE
    ledger_table regclass;
    grantee_name text;
BEGIN
    FOREACH ledger_table IN ARRAY ARRAY['consent_ledger', 'ledger_checkpoint', 'ledger_checkpoint_head']::regclass[] LOOP
        FOR grantee_name IN
            SELECT DISTINCT CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(acl.grantee)) END
            FROM pg_class c, aclexplode(c.relacl) acl
            WHERE c.oid = ledger_table AND acl.grantee <> c.relowner
        LOOP
            EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON %s FROM %s CASCADE',
                           ledger_table, grantee_name);
        END LOOP;
        -- a right granted by another grantor survives the REVOKE above: fail rather than leave it
        IF EXISTS (SELECT 1 FROM pg_class c, aclexplode(c.relacl) acl
                   WHERE c.oid = ledger_table AND acl.grantee <> c.relowner
                     AND acl.privilege_type NOT IN ('INSERT', 'SELECT')) THEN
            RAISE EXCEPTION 'a role other than the owner of % may still change it', ledger_table;
        END IF;
    END LOOP;
END
$$;

-- Flyway's own history is the owner's: a runtime role that could edit it could make a later
-- migration (such as this one) count as applied.
DO $$
DECLARE
    grantee_name text;
BEGIN
    FOR grantee_name IN
        SELECT DISTINCT CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(acl.grantee)) END
        FROM pg_class c, aclexplode(c.relacl) acl
        WHERE c.oid = to_regclass('flyway_schema_history') AND acl.grantee <> c.relowner
    LOOP
        EXECUTE format('REVOKE ALL ON flyway_schema_history FROM %s CASCADE', grantee_name);
    END LOOP;
END
$$;
