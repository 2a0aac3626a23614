-- Second factor: TOTP (RFC 6238). A secret is pending until a first code confirms it; the
-- last accepted time step is kept so a code is never accepted twice. Demo accounts are
-- marked, so a production server refuses them.
-- (PostgreSQL 15 twin of sql/007_totp.sql.)

ALTER TABLE users ADD COLUMN totp_secret text;          -- hex, once confirmed
ALTER TABLE users ADD COLUMN totp_pending text;         -- hex, during enrolment
ALTER TABLE users ADD COLUMN totp_last_step bigint NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN demo_account bigint NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN needs_totp bigint NOT NULL DEFAULT 0;
