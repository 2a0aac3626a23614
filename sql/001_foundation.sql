-- Foundation: regions, holidays, the unit tree, accounts with scoped roles, sessions,
-- cross-level squares and the audit log. Portable SQL (SQLite and PostgreSQL 15).

CREATE TABLE regions (
  code        TEXT PRIMARY KEY,              -- GB/T 2260, six digits
  name        TEXT NOT NULL,
  level       TEXT NOT NULL CHECK (level IN ('province', 'city', 'county')),
  parent_code TEXT REFERENCES regions (code)
);
CREATE INDEX regions_parent ON regions (parent_code);

CREATE TABLE holidays (
  day  TEXT PRIMARY KEY,                     -- YYYY-MM-DD
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name TEXT NOT NULL
);

-- One tree: a region node holds the organs of its level and the regions below it; an organ
-- holds its divisions. path is the chain of ids from the root ('/1/5/23/'), so a subtree is
-- a prefix: that is what scope checks use.
CREATE TABLE units (
  id          INTEGER PRIMARY KEY,
  parent_id   INTEGER REFERENCES units (id),
  code        TEXT UNIQUE,                   -- region code for regions; optional elsewhere
  name        TEXT NOT NULL,
  short_name  TEXT,                          -- common short name (发改委), searched as an alias
  kind        TEXT NOT NULL CHECK (kind IN ('region', 'organ', 'division')),
  level       TEXT NOT NULL CHECK (level IN ('province', 'city', 'county')),
  sector      TEXT,                          -- 系统; divisions carry their organ's
  path        TEXT NOT NULL,
  sort        INTEGER NOT NULL DEFAULT 0,
  child_count INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX units_parent ON units (parent_id, sort, id);
CREATE INDEX units_path ON units (path);
CREATE UNIQUE INDEX units_sibling_name ON units (parent_id, name);

CREATE TABLE users (
  id                  INTEGER PRIMARY KEY,
  username            TEXT NOT NULL UNIQUE,
  display_name        TEXT NOT NULL,
  unit_id             INTEGER REFERENCES units (id),
  password_hash       TEXT NOT NULL,
  disabled            INTEGER NOT NULL DEFAULT 0,
  failed_logins       INTEGER NOT NULL DEFAULT 0,
  locked_until        INTEGER NOT NULL DEFAULT 0, -- unix seconds
  password_changed_at INTEGER NOT NULL,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);

-- A role held over a unit subtree, optionally narrowed to one sector.
CREATE TABLE grants (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id),
  role       TEXT NOT NULL,
  unit_id    INTEGER NOT NULL REFERENCES units (id),
  sector     TEXT NOT NULL DEFAULT '',       -- '' means every sector
  created_at TEXT NOT NULL,
  UNIQUE (user_id, role, unit_id, sector)
);
CREATE INDEX grants_user ON grants (user_id);

-- Server-side sessions; the cookie holds a random token, the table only its hash.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL,
  client     TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE squares (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  description  TEXT NOT NULL DEFAULT '',
  lead_unit_id INTEGER NOT NULL REFERENCES units (id),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE TABLE square_members (
  square_id INTEGER NOT NULL REFERENCES squares (id) ON DELETE CASCADE,
  unit_id   INTEGER NOT NULL REFERENCES units (id),
  PRIMARY KEY (square_id, unit_id)
);
CREATE INDEX square_members_unit ON square_members (unit_id);

-- Every change of state, written in the same transaction as the change.
CREATE TABLE audit (
  seq        INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  actor_id   INTEGER,
  actor      TEXT NOT NULL,                  -- username, or 'cli:<os user>' for the command line
  client     TEXT NOT NULL,
  action     TEXT NOT NULL,                  -- e.g. unit.create, session.login
  entity     TEXT NOT NULL,
  entity_id  TEXT NOT NULL DEFAULT '',
  outcome    TEXT NOT NULL DEFAULT 'ok' CHECK (outcome IN ('ok', 'failed')),
  before     TEXT,
  after      TEXT
);
CREATE INDEX audit_entity ON audit (entity, entity_id);
