-- Assessment (考责): the indicator system, peer groups with quotas, self-assessment, review
-- panels and scores, bonus/deduction lines and vetoes, computed results, the public notice
-- and objections.

-- 一级/二级/三级 indicators of a cycle. method: branch (sums its children), auto (from the
-- unit's records), manual (reviewers), bonus, deduction, veto.
CREATE TABLE indicators (
  id         INTEGER PRIMARY KEY,
  cycle_id   INTEGER NOT NULL REFERENCES cycles (id),
  parent_id  INTEGER REFERENCES indicators (id),
  seq        INTEGER NOT NULL DEFAULT 0,
  name       TEXT NOT NULL,
  max_score  REAL NOT NULL CHECK (max_score >= 0),
  method     TEXT NOT NULL CHECK (method IN ('branch', 'auto', 'manual', 'bonus', 'deduction', 'veto')),
  criteria   TEXT NOT NULL DEFAULT '',          -- 评分标准 in words
  metric     TEXT,                              -- auto: items_on_time, milestones_on_time, report_timeliness,
                                                --       rectification_closure, notices_on_time
  full_at    REAL NOT NULL DEFAULT 1,           -- auto: the rate that earns the full score
  zero_at    REAL NOT NULL DEFAULT 0,           -- auto: the rate at or below which it earns 0
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (cycle_id, parent_id, name)
);
CREATE INDEX indicators_cycle ON indicators (cycle_id, parent_id, seq);

-- assessment settings of a cycle
ALTER TABLE cycles ADD COLUMN demo_total INTEGER NOT NULL DEFAULT 0;     -- 示范集体 to name in all
ALTER TABLE cycles ADD COLUMN bonus_cap REAL NOT NULL DEFAULT 5;         -- all bonus of one unit together
ALTER TABLE cycles ADD COLUMN publicity_workdays INTEGER NOT NULL DEFAULT 5;

CREATE TABLE peer_groups (
  id              INTEGER PRIMARY KEY,
  cycle_id        INTEGER NOT NULL REFERENCES cycles (id),
  name            TEXT NOT NULL,
  excellent_share REAL NOT NULL DEFAULT 0.2 CHECK (excellent_share >= 0 AND excellent_share <= 1),
  excellent_min   REAL NOT NULL DEFAULT 90,
  good_min        REAL NOT NULL DEFAULT 80,
  fair_min        REAL NOT NULL DEFAULT 60,
  created_at      TEXT NOT NULL,
  UNIQUE (cycle_id, name)
);
CREATE TABLE group_members (
  group_id INTEGER NOT NULL REFERENCES peer_groups (id) ON DELETE CASCADE,
  unit_id  INTEGER NOT NULL REFERENCES units (id),
  cycle_id INTEGER NOT NULL REFERENCES cycles (id),
  PRIMARY KEY (group_id, unit_id),
  UNIQUE (cycle_id, unit_id)                    -- a unit is assessed in one group a year
);

-- 自评: a unit's own score and explanation per leaf indicator, then submitted and signed off
CREATE TABLE self_scores (
  cycle_id     INTEGER NOT NULL REFERENCES cycles (id),
  unit_id      INTEGER NOT NULL REFERENCES units (id),
  indicator_id INTEGER NOT NULL REFERENCES indicators (id),
  score        REAL NOT NULL,
  explanation  TEXT NOT NULL DEFAULT '',
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (cycle_id, unit_id, indicator_id)
);
CREATE TABLE self_submissions (
  cycle_id     INTEGER NOT NULL REFERENCES cycles (id),
  unit_id      INTEGER NOT NULL REFERENCES units (id),
  state        TEXT NOT NULL CHECK (state IN ('submitted', 'signed', 'returned')),
  submitted_by INTEGER REFERENCES users (id),
  submitted_at TEXT,
  signed_by    INTEGER REFERENCES users (id),
  signed_at    TEXT,
  PRIMARY KEY (cycle_id, unit_id)
);

CREATE TABLE panels (
  id       INTEGER PRIMARY KEY,
  cycle_id INTEGER NOT NULL REFERENCES cycles (id),
  name     TEXT NOT NULL,
  UNIQUE (cycle_id, name)
);
CREATE TABLE panel_reviewers (
  panel_id INTEGER NOT NULL REFERENCES panels (id) ON DELETE CASCADE,
  user_id  INTEGER NOT NULL REFERENCES users (id),
  PRIMARY KEY (panel_id, user_id)
);
CREATE TABLE panel_units (
  panel_id INTEGER NOT NULL REFERENCES panels (id) ON DELETE CASCADE,
  unit_id  INTEGER NOT NULL REFERENCES units (id),
  PRIMARY KEY (panel_id, unit_id)
);

CREATE TABLE review_scores (
  cycle_id     INTEGER NOT NULL REFERENCES cycles (id),
  reviewer_id  INTEGER NOT NULL REFERENCES users (id),
  unit_id      INTEGER NOT NULL REFERENCES units (id),
  indicator_id INTEGER NOT NULL REFERENCES indicators (id),
  score        REAL NOT NULL,
  comment      TEXT NOT NULL DEFAULT '',
  submitted    INTEGER NOT NULL DEFAULT 0,
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (cycle_id, reviewer_id, unit_id, indicator_id)
);

-- 加分 / 扣分 lines, and vetoes
CREATE TABLE adjustments (
  id           INTEGER PRIMARY KEY,
  cycle_id     INTEGER NOT NULL REFERENCES cycles (id),
  unit_id      INTEGER NOT NULL REFERENCES units (id),
  indicator_id INTEGER NOT NULL REFERENCES indicators (id),
  points       REAL NOT NULL CHECK (points > 0),
  reason       TEXT NOT NULL,
  created_by   INTEGER NOT NULL REFERENCES users (id),
  created_at   TEXT NOT NULL
);
CREATE TABLE vetoes (
  id           INTEGER PRIMARY KEY,
  cycle_id     INTEGER NOT NULL REFERENCES cycles (id),
  unit_id      INTEGER NOT NULL REFERENCES units (id),
  indicator_id INTEGER NOT NULL REFERENCES indicators (id),
  reason       TEXT NOT NULL,
  confirmed_by INTEGER NOT NULL REFERENCES users (id),
  confirmed_at TEXT NOT NULL,
  UNIQUE (cycle_id, unit_id, indicator_id)
);

-- Computed results: byte-for-byte reproducible from the same data; the explanation is the
-- JSON of every number that made the total.
CREATE TABLE results (
  cycle_id    INTEGER NOT NULL REFERENCES cycles (id),
  group_id    INTEGER NOT NULL REFERENCES peer_groups (id),
  unit_id     INTEGER NOT NULL REFERENCES units (id),
  total       REAL NOT NULL,
  rank        INTEGER NOT NULL,
  grade       TEXT NOT NULL CHECK (grade IN ('excellent', 'good', 'fair', 'poor')),
  named       INTEGER NOT NULL DEFAULT 0,
  vetoed      INTEGER NOT NULL DEFAULT 0,
  explanation TEXT NOT NULL,
  PRIMARY KEY (cycle_id, unit_id)
);
CREATE TABLE result_runs (
  cycle_id    INTEGER PRIMARY KEY REFERENCES cycles (id),
  computed_at TEXT NOT NULL,
  computed_by INTEGER NOT NULL REFERENCES users (id),
  digest      TEXT NOT NULL                   -- SHA-256 of every result row, to show two runs agree
);

-- 公示 and 异议
CREATE TABLE publicity (
  cycle_id     INTEGER PRIMARY KEY REFERENCES cycles (id),
  start_day    TEXT NOT NULL,
  end_day      TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('public', 'final')),
  published_by INTEGER NOT NULL REFERENCES users (id),
  published_at TEXT NOT NULL,
  final_at     TEXT
);
CREATE TABLE objections (
  id          INTEGER PRIMARY KEY,
  cycle_id    INTEGER NOT NULL REFERENCES cycles (id),
  unit_id     INTEGER REFERENCES units (id),
  name        TEXT NOT NULL,
  contact     TEXT NOT NULL,
  text        TEXT NOT NULL,
  client      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  answer      TEXT,
  answered_by INTEGER REFERENCES users (id),
  answered_at TEXT
);
CREATE INDEX objections_cycle ON objections (cycle_id, id);
