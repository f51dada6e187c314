-- Every change of a subject's consent view rows or of its newest applied snapshot notifies the channel
-- subject_changed with the pseudonym, on commit. Each replica LISTENs and forgets what it cached about
-- that subject (SubjectStateCache), whichever replica, reader or erasure made the change.
CREATE FUNCTION notify_subject_changed() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('subject_changed', COALESCE(NEW.pseudonym, OLD.pseudonym));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER consent_view_changed AFTER INSERT OR UPDATE OR DELETE ON consent_view
    FOR EACH ROW EXECUTE FUNCTION notify_subject_changed();

CREATE TRIGGER subject_snapshot_changed AFTER INSERT OR UPDATE OR DELETE ON subject_snapshot
    FOR EACH ROW EXECUTE FUNCTION notify_subject_changed();
