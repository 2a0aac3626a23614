-- 016: a mark that moves whenever anything a loaded session stands on changes — its session
-- row (but for the last-seen time a touch writes), its user, the user's grants, their units.
-- A server keeps a loaded session per connection while the mark stays (api/session.c), so a
-- request checks one row instead of reading the session, the user and the grants; a logout,
-- a disabled user or a changed grant, through any server, moves the mark and ends every kept
-- session at once. The mark is a random number, not a count: a count could come back to a
-- value a rolled-back transaction had shown, and a session kept at that value would be taken
-- as current.
CREATE TABLE auth_mark (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  INTEGER NOT NULL
);
INSERT INTO auth_mark (id, n) VALUES (1, 0);

CREATE TRIGGER sessions_auth_upd AFTER UPDATE OF token_hash, user_id, csrf_token, created_at, must_change, needs_totp
  ON sessions BEGIN UPDATE auth_mark SET n = random() WHERE id = 1; END;
CREATE TRIGGER sessions_auth_del AFTER DELETE ON sessions BEGIN UPDATE auth_mark SET n = random() WHERE id = 1; END;
CREATE TRIGGER users_auth_upd AFTER UPDATE ON users BEGIN UPDATE auth_mark SET n = random() WHERE id = 1; END;
CREATE TRIGGER users_auth_del AFTER DELETE ON users BEGIN UPDATE auth_mark SET n = random() WHERE id = 1; END;
CREATE TRIGGER grants_auth_ins AFTER INSERT ON grants BEGIN UPDATE auth_mark SET n = random() WHERE id = 1; END;
CREATE TRIGGER grants_auth_upd AFTER UPDATE ON grants BEGIN UPDATE auth_mark SET n = random() WHERE id = 1; END;
CREATE TRIGGER grants_auth_del AFTER DELETE ON grants BEGIN UPDATE auth_mark SET n = random() WHERE id = 1; END;
CREATE TRIGGER units_auth_upd AFTER UPDATE ON units BEGIN UPDATE auth_mark SET n = random() WHERE id = 1; END;
CREATE TRIGGER units_auth_del AFTER DELETE ON units BEGIN UPDATE auth_mark SET n = random() WHERE id = 1; END;
