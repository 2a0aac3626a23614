-- Supervision (督责): lights, reminders and the message centre, webhook deliveries,
-- supervision notices, inspections with rectification, escalation, dashboards, job runs.

-- the light rule, reminders and the webhook, per cycle
ALTER TABLE cycles ADD COLUMN due_soon_workdays INTEGER NOT NULL DEFAULT 3;
ALTER TABLE cycles ADD COLUMN tolerance REAL NOT NULL DEFAULT 20;
ALTER TABLE cycles ADD COLUMN escalate_after_workdays INTEGER NOT NULL DEFAULT 5;
ALTER TABLE cycles ADD COLUMN remind_before_workdays INTEGER NOT NULL DEFAULT 3;
ALTER TABLE cycles ADD COLUMN remind_on_due INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cycles ADD COLUMN remind_overdue_every_days INTEGER NOT NULL DEFAULT 3;
ALTER TABLE cycles ADD COLUMN webhook_url TEXT;
ALTER TABLE cycles ADD COLUMN webhook_format TEXT NOT NULL DEFAULT 'dingtalk';

-- each item's light as last computed, kept with the item so lists and exports read it
ALTER TABLE items ADD COLUMN light TEXT;                  -- green | yellow | red | NULL (cancelled)
ALTER TABLE items ADD COLUMN light_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN overdue_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN red_since TEXT;              -- the day it turned red
ALTER TABLE items ADD COLUMN calendar_warning INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN done_at TEXT;                -- the day it was marked done
ALTER TABLE items ADD COLUMN inspection_id INTEGER REFERENCES inspections (id);
ALTER TABLE items ADD COLUMN verified_by INTEGER REFERENCES users (id);
ALTER TABLE items ADD COLUMN verified_at TEXT;
ALTER TABLE items ADD COLUMN verify_opinion TEXT;
CREATE INDEX items_cycle_light ON items (cycle_id, light, due_date);

-- Light counts per unit and sector, for every unit on an item's path: the item is counted at
-- its own unit and at every unit above it. Changed in the same transaction as any change of
-- an item's light (store/items.c), and rebuilt whole by the daily job, so a dashboard reads
-- a handful of rows instead of scanning the items.
CREATE TABLE light_agg (
  cycle_id     INTEGER NOT NULL REFERENCES cycles (id),
  unit_id      INTEGER NOT NULL REFERENCES units (id),
  sector       TEXT NOT NULL DEFAULT '',
  green        INTEGER NOT NULL DEFAULT 0,
  yellow       INTEGER NOT NULL DEFAULT 0,
  red          INTEGER NOT NULL DEFAULT 0,
  done         INTEGER NOT NULL DEFAULT 0,
  done_on_time INTEGER NOT NULL DEFAULT 0,
  total        INTEGER NOT NULL DEFAULT 0,   -- items that are not cancelled
  overdue_days INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (cycle_id, unit_id, sector)
);

-- daily light counts of the region nodes, for trends
CREATE TABLE light_snapshots (
  cycle_id INTEGER NOT NULL REFERENCES cycles (id),
  day      TEXT NOT NULL,
  unit_id  INTEGER NOT NULL REFERENCES units (id),
  green    INTEGER NOT NULL,
  yellow   INTEGER NOT NULL,
  red      INTEGER NOT NULL,
  PRIMARY KEY (cycle_id, unit_id, day)
);

CREATE TABLE messages (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id),
  kind       TEXT NOT NULL CHECK (kind IN ('reminder', 'notice', 'escalation')),
  reason_key TEXT NOT NULL,                -- what it is about, so it is sent once a day
  day        TEXT NOT NULL,
  title      TEXT NOT NULL,
  body       TEXT NOT NULL,
  item_id    INTEGER REFERENCES items (id),
  notice_id  INTEGER REFERENCES notices (id),
  created_at TEXT NOT NULL,
  read_at    TEXT,
  UNIQUE (user_id, reason_key, day)
);
CREATE INDEX messages_user ON messages (user_id, id);

CREATE TABLE deliveries (
  id          INTEGER PRIMARY KEY,
  url         TEXT NOT NULL,
  format      TEXT NOT NULL,
  payload     TEXT NOT NULL,
  reason_key  TEXT NOT NULL,
  day         TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  next_at     INTEGER NOT NULL DEFAULT 0,   -- unix seconds of the next try
  last_status INTEGER,
  last_error  TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (url, reason_key, day)
);
CREATE INDEX deliveries_pending ON deliveries (status, next_at);

CREATE TABLE notices (
  id             INTEGER PRIMARY KEY,
  cycle_id       INTEGER NOT NULL REFERENCES cycles (id),
  issuer_id      INTEGER NOT NULL REFERENCES users (id),
  issuer_unit_id INTEGER REFERENCES units (id),
  target_unit_id INTEGER NOT NULL REFERENCES units (id),
  target_path    TEXT NOT NULL,
  title          TEXT NOT NULL,
  body           TEXT NOT NULL,
  due_date       TEXT NOT NULL,
  state          TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'responded', 'closed')),
  response       TEXT,
  responder_id   INTEGER REFERENCES users (id),
  responded_at   TEXT,
  closed_at      TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX notices_target ON notices (target_path);
CREATE TABLE notice_items (
  notice_id INTEGER NOT NULL REFERENCES notices (id),
  item_id   INTEGER NOT NULL REFERENCES items (id),
  PRIMARY KEY (notice_id, item_id)
);
ALTER TABLE attachments ADD COLUMN notice_id INTEGER REFERENCES notices (id);

CREATE TABLE inspections (
  id         INTEGER PRIMARY KEY,
  cycle_id   INTEGER NOT NULL REFERENCES cycles (id),
  unit_id    INTEGER NOT NULL REFERENCES units (id),
  unit_path  TEXT NOT NULL,
  day        TEXT NOT NULL,
  inspectors TEXT NOT NULL,
  summary    TEXT NOT NULL,
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL
);

CREATE TABLE escalations (
  id          INTEGER PRIMARY KEY,
  item_id     INTEGER NOT NULL REFERENCES items (id),
  to_unit_id  INTEGER NOT NULL REFERENCES units (id),
  to_path     TEXT NOT NULL,
  reason      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  UNIQUE (item_id, to_unit_id)
);

CREATE TABLE job_runs (
  day         TEXT PRIMARY KEY,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  items       INTEGER NOT NULL DEFAULT 0,
  reminders   INTEGER NOT NULL DEFAULT 0,
  escalations INTEGER NOT NULL DEFAULT 0,
  worker      TEXT
);

-- What each item last added to light_agg, so a change subtracts exactly that whatever else
-- changed in between (a state set before the light was recomputed, say).
ALTER TABLE items ADD COLUMN agg_light TEXT;
ALTER TABLE items ADD COLUMN agg_done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN agg_on_time INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN agg_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN agg_overdue INTEGER NOT NULL DEFAULT 0;

-- Every unit with each unit above it (and itself): the closure of the tree, so counts can be
-- added to all levels in one statement.
CREATE TABLE unit_ancestors (
  unit_id     INTEGER NOT NULL REFERENCES units (id),
  ancestor_id INTEGER NOT NULL REFERENCES units (id),
  PRIMARY KEY (unit_id, ancestor_id)
);
WITH RECURSIVE up (unit_id, ancestor_id) AS (
  SELECT id, id FROM units
  UNION ALL
  SELECT up.unit_id, u.parent_id FROM up JOIN units u ON u.id = up.ancestor_id WHERE u.parent_id IS NOT NULL
)
INSERT INTO unit_ancestors SELECT unit_id, ancestor_id FROM up;

-- A counter of changes to the calendar, so a connection knows at the cost of one lookup
-- whether the working-day calendar it holds is still the database's.
CREATE TABLE calendar_gen (
  id  INTEGER PRIMARY KEY CHECK (id = 1),
  gen INTEGER NOT NULL
);
INSERT INTO calendar_gen (id, gen) VALUES (1, 0);
CREATE TRIGGER holidays_gen_insert AFTER INSERT ON holidays BEGIN UPDATE calendar_gen SET gen = gen + 1; END;
CREATE TRIGGER holidays_gen_update AFTER UPDATE ON holidays BEGIN UPDATE calendar_gen SET gen = gen + 1; END;
CREATE TRIGGER holidays_gen_delete AFTER DELETE ON holidays BEGIN UPDATE calendar_gen SET gen = gen + 1; END;
