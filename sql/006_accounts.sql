-- Account hardening: a password issued by an administrator (or expired) must be changed at
-- the next login; the last five passwords may not be used again; failed logins are counted
-- per client address as well as per account.

ALTER TABLE users ADD COLUMN must_change INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN must_change INTEGER NOT NULL DEFAULT 0;

CREATE TABLE password_history (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id),
  hash       TEXT NOT NULL,
  changed_at INTEGER NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, id);

CREATE INDEX audit_login ON audit (action, client, at);
