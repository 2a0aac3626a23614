-- The audit log becomes a hash chain: each record carries the hash of the one before it and
-- its own hash over a canonical encoding of its fields (SM3, or SHA-256 where OpenSSL lacks
-- it; chosen once and recorded here). Records cannot be changed or deleted: the triggers
-- refuse it, and `liandong audit verify` detects it if someone goes around them.
-- (PostgreSQL 15 twin of sql/005_audit_chain.sql. TRUNCATE, which SQLite does not have,
-- fires no row trigger: there only `liandong audit verify` stands in the way.)

-- one row, id 1, always written with its id: a plain key, not an identity
CREATE TABLE audit_config (
  id        bigint PRIMARY KEY CHECK (id = 1),
  algorithm text NOT NULL CHECK (algorithm IN ('sm3', 'sha256'))
);

ALTER TABLE audit ADD COLUMN prev_hash text;
ALTER TABLE audit ADD COLUMN hash text;

-- records written before this migration get their hashes once, from the command that
-- migrates; after that a hash is never changed. The messages are what SQLite's RAISE(ABORT)
-- says; the store reads a trigger's exception (SQLSTATE P0001) as a refused change.
CREATE FUNCTION audit_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit records cannot be changed';
END;
$$;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  FOR EACH ROW WHEN (OLD.hash IS NOT NULL)
  EXECUTE FUNCTION audit_no_update();
CREATE FUNCTION audit_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit records cannot be deleted';
END;
$$;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION audit_no_delete();
