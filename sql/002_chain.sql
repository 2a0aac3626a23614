-- The responsibility chain (明责): cycles, items with milestones and decomposition, progress
-- reports with evidence, and import jobs.

CREATE TABLE cycles (
  id         INTEGER PRIMARY KEY,
  year       INTEGER NOT NULL UNIQUE,
  theme      TEXT NOT NULL,
  goals      TEXT NOT NULL DEFAULT '[]',     -- JSON: [{"title","target","last_year"}]
  phase      TEXT NOT NULL DEFAULT 'planning'
             CHECK (phase IN ('planning', 'running', 'assessing', 'publicising', 'closed')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- One line of a responsibility list. parent_id links a decomposed child to its parent; the
-- unit's path is copied into unit_path so a subtree of units selects its items by prefix.
CREATE TABLE items (
  id                 INTEGER PRIMARY KEY,
  cycle_id           INTEGER NOT NULL REFERENCES cycles (id),
  parent_id          INTEGER REFERENCES items (id),
  kind               TEXT NOT NULL DEFAULT 'task' CHECK (kind IN ('task', 'rectification')),
  unit_id            INTEGER NOT NULL REFERENCES units (id),
  unit_path          TEXT NOT NULL,
  sector             TEXT,                  -- the unit's sector, for sector-scoped grants
  project            TEXT NOT NULL,
  category           TEXT NOT NULL,
  title              TEXT NOT NULL,
  description        TEXT NOT NULL DEFAULT '',
  responsible_person TEXT NOT NULL DEFAULT '',
  lead_leader        TEXT NOT NULL DEFAULT '',
  start_date         TEXT,
  due_date           TEXT NOT NULL,
  target_text        TEXT NOT NULL DEFAULT '',
  target_value       REAL,
  target_unit        TEXT,
  evidence_required  TEXT NOT NULL DEFAULT '',
  weight             REAL NOT NULL DEFAULT 1 CHECK (weight > 0),
  progress           REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 100),
  rollup_progress    REAL NOT NULL DEFAULT 0,
  state              TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'done', 'cancelled')),
  adopted            INTEGER NOT NULL DEFAULT 1,
  child_count        INTEGER NOT NULL DEFAULT 0,
  children_pending   INTEGER NOT NULL DEFAULT 0,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);
CREATE INDEX items_cycle_path ON items (cycle_id, unit_path, due_date);
CREATE INDEX items_cycle_due ON items (cycle_id, due_date, id);
CREATE INDEX items_parent ON items (parent_id);
CREATE INDEX items_unit ON items (unit_id, cycle_id);
-- an imported line is the same item when cycle, unit, project and title agree
CREATE UNIQUE INDEX items_identity ON items (cycle_id, unit_id, project, title)
  WHERE parent_id IS NULL;
CREATE UNIQUE INDEX items_child_unit ON items (parent_id, unit_id) WHERE parent_id IS NOT NULL;

CREATE TABLE milestones (
  id       INTEGER PRIMARY KEY,
  item_id  INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  seq      INTEGER NOT NULL,
  title    TEXT NOT NULL,
  due_date TEXT NOT NULL,
  expected TEXT NOT NULL DEFAULT '',
  done     INTEGER NOT NULL DEFAULT 0,
  UNIQUE (item_id, seq)
);

CREATE TABLE reports (
  id            INTEGER PRIMARY KEY,
  item_id       INTEGER NOT NULL REFERENCES items (id),
  period        TEXT NOT NULL,                -- YYYY-MM
  text          TEXT NOT NULL,
  progress      REAL NOT NULL CHECK (progress >= 0 AND progress <= 100),
  state         TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'approved', 'returned')),
  return_reason TEXT,
  author_id     INTEGER NOT NULL REFERENCES users (id),
  submitted_at  TEXT,
  reviewer_id   INTEGER REFERENCES users (id),
  reviewed_at   TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  UNIQUE (item_id, period)
);
CREATE INDEX reports_state ON reports (state, item_id);

-- Uploaded files, stored by content hash outside the web root.
CREATE TABLE attachments (
  id         INTEGER PRIMARY KEY,
  sha256     TEXT NOT NULL,
  size       INTEGER NOT NULL,
  mime       TEXT NOT NULL,
  name       TEXT NOT NULL,
  report_id  INTEGER REFERENCES reports (id),
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL
);
CREATE INDEX attachments_report ON attachments (report_id);

CREATE TABLE imports (
  id             INTEGER PRIMARY KEY,
  cycle_id       INTEGER NOT NULL REFERENCES cycles (id),
  user_id        INTEGER NOT NULL REFERENCES users (id),
  client         TEXT NOT NULL,
  filename       TEXT NOT NULL,
  format         TEXT NOT NULL CHECK (format IN ('xlsx', 'csv')),
  file_sha256    TEXT NOT NULL,
  state          TEXT NOT NULL CHECK (state IN ('checking', 'checked', 'importing', 'done', 'failed')),
  total_rows     INTEGER NOT NULL DEFAULT 0,
  processed_rows INTEGER NOT NULL DEFAULT 0,
  valid_rows     INTEGER NOT NULL DEFAULT 0,
  errors         TEXT NOT NULL DEFAULT '[]',
  created        INTEGER NOT NULL DEFAULT 0,
  updated        INTEGER NOT NULL DEFAULT 0,
  message        TEXT,
  worker         TEXT,                       -- the job runner working on it, NULL when waiting
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX imports_state ON imports (state);
