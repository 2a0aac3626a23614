-- 016: a mark that moves whenever anything a loaded session stands on changes — its session
-- row (but for the last-seen time a touch writes), its user, the user's grants, their units.
-- A server keeps a loaded session per connection while the mark stays (api/session.c), so a
-- request checks one row instead of reading the session, the user and the grants; a logout,
-- a disabled user or a changed grant, through any server, moves the mark and ends every kept
-- session at once. The mark is a random number, not a count: a count could come back to a
-- value a rolled-back transaction had shown, and a session kept at that value would be taken
-- as current.
-- (PostgreSQL 15 twin of sql/016_auth_mark.sql: the same triggers, by name, fired once per
-- statement rather than per row, so that moving a subtree of units updates the mark once; and,
-- being written only by these triggers, the table needs no change-mark trigger of 013.)
CREATE TABLE auth_mark (
  id bigint PRIMARY KEY CHECK (id = 1),
  n  bigint NOT NULL
);
INSERT INTO auth_mark (id, n) VALUES (1, 0);

CREATE FUNCTION auth_mark_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE auth_mark SET n = floor((random() - 0.5) * 9.2e18)::bigint WHERE id = 1;
  RETURN NULL;
END $$;

CREATE TRIGGER sessions_auth_upd AFTER UPDATE OF token_hash, user_id, csrf_token, created_at, must_change, needs_totp
  ON sessions FOR EACH STATEMENT EXECUTE FUNCTION auth_mark_move();
CREATE TRIGGER sessions_auth_del AFTER DELETE ON sessions FOR EACH STATEMENT EXECUTE FUNCTION auth_mark_move();
CREATE TRIGGER users_auth_upd AFTER UPDATE ON users FOR EACH STATEMENT EXECUTE FUNCTION auth_mark_move();
CREATE TRIGGER users_auth_del AFTER DELETE ON users FOR EACH STATEMENT EXECUTE FUNCTION auth_mark_move();
CREATE TRIGGER grants_auth_ins AFTER INSERT ON grants FOR EACH STATEMENT EXECUTE FUNCTION auth_mark_move();
CREATE TRIGGER grants_auth_upd AFTER UPDATE ON grants FOR EACH STATEMENT EXECUTE FUNCTION auth_mark_move();
CREATE TRIGGER grants_auth_del AFTER DELETE ON grants FOR EACH STATEMENT EXECUTE FUNCTION auth_mark_move();
CREATE TRIGGER units_auth_upd AFTER UPDATE ON units FOR EACH STATEMENT EXECUTE FUNCTION auth_mark_move();
CREATE TRIGGER units_auth_del AFTER DELETE ON units FOR EACH STATEMENT EXECUTE FUNCTION auth_mark_move();
