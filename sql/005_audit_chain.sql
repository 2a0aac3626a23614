-- The audit log becomes a hash chain: each record carries the hash of the one before it and
-- its own hash over a canonical encoding of its fields (SM3, or SHA-256 where OpenSSL lacks
-- it; chosen once and recorded here). Records cannot be changed or deleted: the triggers
-- refuse it, and `liandong audit verify` detects it if someone goes around them.

CREATE TABLE audit_config (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  algorithm TEXT NOT NULL CHECK (algorithm IN ('sm3', 'sha256'))
);

ALTER TABLE audit ADD COLUMN prev_hash TEXT;
ALTER TABLE audit ADD COLUMN hash TEXT;

-- records written before this migration get their hashes once, from the command that
-- migrates; after that a hash is never changed
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  WHEN OLD.hash IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'audit records cannot be changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'audit records cannot be deleted'); END;
