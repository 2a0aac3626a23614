-- 020: the counts behind the automatic indicators' rates, kept per cycle and unit as each
-- item, milestone and report is written (see sql/020_unit_rates.sql: the same tables, views and
-- trigger names). As the item counters of 015, each change queues its share (ld_rate_deltas,
-- ld_report_deltas) and a deferred trigger adds the queues up at commit, each counter row once:
-- the daily job's lights or an import change thousands of items of few units in one
-- transaction, and PostgreSQL keeps a version of a row for each update of it.
CREATE TABLE unit_rates (
  cycle_id      bigint NOT NULL,
  unit_path     TEXT NOT NULL,
  items_due     bigint NOT NULL DEFAULT 0,
  items_on_time bigint NOT NULL DEFAULT 0,
  rect_total    bigint NOT NULL DEFAULT 0,
  rect_closed   bigint NOT NULL DEFAULT 0,
  red_items     bigint NOT NULL DEFAULT 0,
  ms_due        bigint NOT NULL DEFAULT 0,
  ms_on_time    bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (cycle_id, unit_path)
);

CREATE TABLE report_rates (
  cycle_id    bigint NOT NULL,
  unit_id     bigint NOT NULL,
  rep_due     bigint NOT NULL DEFAULT 0,
  rep_on_time bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (cycle_id, unit_id)
);

CREATE VIEW item_rate_own AS
SELECT i.id, i.cycle_id, i.unit_path,
       CASE WHEN i.state <> 'cancelled' AND i.kind = 'task' AND (i.due_date <= c.year || '-12-31' OR i.state = 'done')
            THEN 1 ELSE 0 END AS items_due,
       CASE WHEN i.state = 'done' AND i.kind = 'task' AND i.done_at <= i.due_date THEN 1 ELSE 0 END AS items_on_time,
       CASE WHEN i.kind = 'rectification' AND i.state <> 'cancelled' THEN 1 ELSE 0 END AS rect_total,
       CASE WHEN i.kind = 'rectification' AND i.state = 'done' THEN 1 ELSE 0 END AS rect_closed,
       CASE WHEN i.state = 'active' AND i.light = 'red' THEN 1 ELSE 0 END AS red_items,
       0 AS ms_due, 0 AS ms_on_time
FROM items i JOIN cycles c ON c.id = i.cycle_id;

-- what an item's milestones add under its cycle and path
CREATE VIEW item_rate_milestones AS
SELECT i.id, i.cycle_id, i.unit_path, 0 AS items_due, 0 AS items_on_time, 0 AS rect_total, 0 AS rect_closed,
       0 AS red_items,
       CASE WHEN i.state = 'cancelled' THEN 0 ELSE
         (SELECT count(*) FROM milestones ms WHERE ms.item_id = i.id AND ms.due_date <= c.year || '-12-31') END AS ms_due,
       CASE WHEN i.state = 'cancelled' THEN 0 ELSE
         (SELECT coalesce(sum(ms.done), 0) FROM milestones ms
          WHERE ms.item_id = i.id AND ms.due_date <= c.year || '-12-31') END AS ms_on_time
FROM items i JOIN cycles c ON c.id = i.cycle_id;

CREATE VIEW milestone_rate AS
SELECT ms.id, i.cycle_id, i.unit_path, 0 AS items_due, 0 AS items_on_time, 0 AS rect_total, 0 AS rect_closed,
       0 AS red_items, 1 AS ms_due, ms.done AS ms_on_time
FROM milestones ms JOIN items i ON i.id = ms.item_id JOIN cycles c ON c.id = i.cycle_id
WHERE i.state <> 'cancelled' AND ms.due_date <= c.year || '-12-31';

CREATE VIEW report_rate AS
SELECT r.id, i.cycle_id, i.unit_id, 1 AS rep_due, r.on_time AS rep_on_time
FROM reports r JOIN items i ON i.id = r.item_id
WHERE r.state IN ('submitted', 'approved');

-- what an item's reports add under its cycle and unit
CREATE VIEW item_rate_reports AS
SELECT i.id, i.cycle_id, i.unit_id,
       (SELECT count(*) FROM reports r WHERE r.item_id = i.id AND r.state IN ('submitted', 'approved')) AS rep_due,
       (SELECT coalesce(sum(r.on_time), 0) FROM reports r
        WHERE r.item_id = i.id AND r.state IN ('submitted', 'approved')) AS rep_on_time
FROM items i;

-- A share to add (sign 1) or take away (-1): a row of one of the views above, after its sign.
CREATE VIEW unit_rate_deltas AS
SELECT 0 AS sign, 0::bigint AS id, cycle_id, unit_path, items_due, items_on_time, rect_total, rect_closed, red_items,
       ms_due, ms_on_time
FROM unit_rates WHERE false;
CREATE VIEW report_rate_deltas AS
SELECT 0 AS sign, 0::bigint AS id, cycle_id, unit_id, rep_due, rep_on_time FROM report_rates WHERE false;

CREATE TABLE ld_rate_deltas (
  cycle_id bigint NOT NULL, unit_path text NOT NULL, items_due bigint NOT NULL, items_on_time bigint NOT NULL,
  rect_total bigint NOT NULL, rect_closed bigint NOT NULL, red_items bigint NOT NULL, ms_due bigint NOT NULL,
  ms_on_time bigint NOT NULL
);
CREATE TABLE ld_report_deltas (
  cycle_id bigint NOT NULL, unit_id bigint NOT NULL, rep_due bigint NOT NULL, rep_on_time bigint NOT NULL
);
-- one row per transaction with queued shares: its deferred trigger folds them at commit
CREATE TABLE ld_rate_marks (
  at bigint NOT NULL
);

-- Queues the fold at commit the first time a transaction queues a share.
CREATE FUNCTION ld_rates_queue() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('ld.rates_queued', true) IS DISTINCT FROM 'yes' THEN
    INSERT INTO ld_rate_marks (at) VALUES (txid_current());
    PERFORM set_config('ld.rates_queued', 'yes', true);
  END IF;
END $$;

CREATE FUNCTION unit_rate_deltas_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ld_rate_deltas VALUES (NEW.cycle_id, NEW.unit_path, NEW.sign * NEW.items_due,
    NEW.sign * NEW.items_on_time, NEW.sign * NEW.rect_total, NEW.sign * NEW.rect_closed, NEW.sign * NEW.red_items,
    NEW.sign * NEW.ms_due, NEW.sign * NEW.ms_on_time);
  PERFORM ld_rates_queue();
  RETURN NEW;
END $$;
CREATE TRIGGER unit_rate_deltas_add INSTEAD OF INSERT ON unit_rate_deltas
  FOR EACH ROW EXECUTE FUNCTION unit_rate_deltas_add();

CREATE FUNCTION report_rate_deltas_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ld_report_deltas VALUES (NEW.cycle_id, NEW.unit_id, NEW.sign * NEW.rep_due, NEW.sign * NEW.rep_on_time);
  PERFORM ld_rates_queue();
  RETURN NEW;
END $$;
CREATE TRIGGER report_rate_deltas_add INSTEAD OF INSERT ON report_rate_deltas
  FOR EACH ROW EXECUTE FUNCTION report_rate_deltas_add();

CREATE FUNCTION ld_rates_fold() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('ld.rates_queued', true) IS DISTINCT FROM 'yes' THEN
    RETURN NULL;
  END IF;
  INSERT INTO unit_rates (cycle_id, unit_path, items_due, items_on_time, rect_total, rect_closed, red_items,
                          ms_due, ms_on_time)
  SELECT cycle_id, unit_path, sum(items_due), sum(items_on_time), sum(rect_total), sum(rect_closed), sum(red_items),
         sum(ms_due), sum(ms_on_time)
  FROM ld_rate_deltas GROUP BY cycle_id, unit_path
  ON CONFLICT (cycle_id, unit_path) DO UPDATE SET
    items_due = unit_rates.items_due + excluded.items_due,
    items_on_time = unit_rates.items_on_time + excluded.items_on_time,
    rect_total = unit_rates.rect_total + excluded.rect_total, rect_closed = unit_rates.rect_closed + excluded.rect_closed,
    red_items = unit_rates.red_items + excluded.red_items, ms_due = unit_rates.ms_due + excluded.ms_due,
    ms_on_time = unit_rates.ms_on_time + excluded.ms_on_time;
  INSERT INTO report_rates (cycle_id, unit_id, rep_due, rep_on_time)
  SELECT cycle_id, unit_id, sum(rep_due), sum(rep_on_time) FROM ld_report_deltas GROUP BY cycle_id, unit_id
  ON CONFLICT (cycle_id, unit_id) DO UPDATE SET
    rep_due = report_rates.rep_due + excluded.rep_due, rep_on_time = report_rates.rep_on_time + excluded.rep_on_time;
  DELETE FROM ld_rate_deltas;
  DELETE FROM ld_report_deltas;
  DELETE FROM ld_rate_marks;
  PERFORM set_config('ld.rates_queued', 'no', true);
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER ld_rates_fold_at_commit AFTER INSERT ON ld_rate_marks
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ld_rates_fold();

INSERT INTO unit_rates (cycle_id, unit_path, items_due, items_on_time, rect_total, rect_closed, red_items,
                        ms_due, ms_on_time)
SELECT cycle_id, unit_path, sum(items_due), sum(items_on_time), sum(rect_total), sum(rect_closed), sum(red_items),
       sum(ms_due), sum(ms_on_time)
FROM (SELECT * FROM item_rate_own UNION ALL SELECT * FROM milestone_rate) AS shares
GROUP BY cycle_id, unit_path;

INSERT INTO report_rates (cycle_id, unit_id, rep_due, rep_on_time)
SELECT cycle_id, unit_id, sum(rep_due), sum(rep_on_time) FROM report_rate GROUP BY cycle_id, unit_id;

-- 013: a kept answer built from these rows would be kept until they change
CREATE TRIGGER unit_rates_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON unit_rates
  FOR EACH STATEMENT EXECUTE FUNCTION ld_changed();
CREATE TRIGGER report_rates_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON report_rates
  FOR EACH STATEMENT EXECUTE FUNCTION ld_changed();

-- One function per view: the share of the row the trigger fires for, signed by its argument
-- (-1 before a change or a deletion, 1 after a change or an insertion). Ids never change.
CREATE FUNCTION unit_rates_item_own() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO unit_rate_deltas SELECT TG_ARGV[0]::int, * FROM item_rate_own WHERE id = OLD.id;
    RETURN OLD;
  END IF;
  INSERT INTO unit_rate_deltas SELECT TG_ARGV[0]::int, * FROM item_rate_own WHERE id = NEW.id;
  RETURN NEW;
END $$;
CREATE FUNCTION unit_rates_item_milestones() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO unit_rate_deltas SELECT TG_ARGV[0]::int, * FROM item_rate_milestones WHERE id = OLD.id;
    RETURN OLD;
  END IF;
  INSERT INTO unit_rate_deltas SELECT TG_ARGV[0]::int, * FROM item_rate_milestones WHERE id = NEW.id;
  RETURN NEW;
END $$;
CREATE FUNCTION unit_rates_item_reports() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO report_rate_deltas SELECT TG_ARGV[0]::int, * FROM item_rate_reports WHERE id = OLD.id;
    RETURN OLD;
  END IF;
  INSERT INTO report_rate_deltas SELECT TG_ARGV[0]::int, * FROM item_rate_reports WHERE id = NEW.id;
  RETURN NEW;
END $$;
CREATE FUNCTION unit_rates_milestone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO unit_rate_deltas SELECT TG_ARGV[0]::int, * FROM milestone_rate WHERE id = OLD.id;
    RETURN OLD;
  END IF;
  INSERT INTO unit_rate_deltas SELECT TG_ARGV[0]::int, * FROM milestone_rate WHERE id = NEW.id;
  RETURN NEW;
END $$;
CREATE FUNCTION unit_rates_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO report_rate_deltas SELECT TG_ARGV[0]::int, * FROM report_rate WHERE id = OLD.id;
    RETURN OLD;
  END IF;
  INSERT INTO report_rate_deltas SELECT TG_ARGV[0]::int, * FROM report_rate WHERE id = NEW.id;
  RETURN NEW;
END $$;
-- an item's deletion takes its own share, its milestones' and its reports' (see the SQLite twin)
CREATE FUNCTION unit_rates_item_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO unit_rate_deltas SELECT -1, * FROM item_rate_own WHERE id = OLD.id;
  INSERT INTO unit_rate_deltas SELECT -1, * FROM item_rate_milestones WHERE id = OLD.id;
  INSERT INTO report_rate_deltas SELECT -1, * FROM item_rate_reports WHERE id = OLD.id;
  RETURN OLD;
END $$;
-- an insertion queues its share itself, as on SQLite: one trigger call, not three
CREATE FUNCTION unit_rates_item_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ld_rate_deltas
  SELECT cycle_id, unit_path, items_due, items_on_time, rect_total, rect_closed, red_items, 0, 0
  FROM item_rate_own WHERE id = NEW.id;
  PERFORM ld_rates_queue();
  RETURN NULL;
END $$;
CREATE FUNCTION unit_rates_milestone_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ld_rate_deltas SELECT cycle_id, unit_path, 0, 0, 0, 0, 0, ms_due, ms_on_time
  FROM milestone_rate WHERE id = NEW.id;
  PERFORM ld_rates_queue();
  RETURN NULL;
END $$;
CREATE FUNCTION unit_rates_report_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ld_report_deltas SELECT i.cycle_id, i.unit_id, 1, NEW.on_time FROM items i WHERE i.id = NEW.item_id;
  PERFORM ld_rates_queue();
  RETURN NULL;
END $$;

CREATE TRIGGER unit_rates_item_insert AFTER INSERT ON items
  FOR EACH ROW EXECUTE FUNCTION unit_rates_item_insert();
CREATE TRIGGER unit_rates_item_delete BEFORE DELETE ON items
  FOR EACH ROW EXECUTE FUNCTION unit_rates_item_delete();
CREATE TRIGGER unit_rates_item_before BEFORE UPDATE OF cycle_id, unit_path, state, kind, due_date, done_at, light ON items
  FOR EACH ROW WHEN (OLD.cycle_id IS DISTINCT FROM NEW.cycle_id OR OLD.unit_path IS DISTINCT FROM NEW.unit_path
    OR OLD.state IS DISTINCT FROM NEW.state OR OLD.kind IS DISTINCT FROM NEW.kind
    OR OLD.due_date IS DISTINCT FROM NEW.due_date OR OLD.done_at IS DISTINCT FROM NEW.done_at
    OR (OLD.light = 'red') IS DISTINCT FROM (NEW.light = 'red'))
  EXECUTE FUNCTION unit_rates_item_own('-1');
CREATE TRIGGER unit_rates_item_after AFTER UPDATE OF cycle_id, unit_path, state, kind, due_date, done_at, light ON items
  FOR EACH ROW WHEN (OLD.cycle_id IS DISTINCT FROM NEW.cycle_id OR OLD.unit_path IS DISTINCT FROM NEW.unit_path
    OR OLD.state IS DISTINCT FROM NEW.state OR OLD.kind IS DISTINCT FROM NEW.kind
    OR OLD.due_date IS DISTINCT FROM NEW.due_date OR OLD.done_at IS DISTINCT FROM NEW.done_at
    OR (OLD.light = 'red') IS DISTINCT FROM (NEW.light = 'red'))
  EXECUTE FUNCTION unit_rates_item_own(1);
CREATE TRIGGER unit_rates_item_children_before BEFORE UPDATE OF cycle_id, unit_path, state ON items
  FOR EACH ROW WHEN (OLD.cycle_id IS DISTINCT FROM NEW.cycle_id OR OLD.unit_path IS DISTINCT FROM NEW.unit_path
    OR (OLD.state = 'cancelled') IS DISTINCT FROM (NEW.state = 'cancelled'))
  EXECUTE FUNCTION unit_rates_item_milestones('-1');
CREATE TRIGGER unit_rates_item_children_after AFTER UPDATE OF cycle_id, unit_path, state ON items
  FOR EACH ROW WHEN (OLD.cycle_id IS DISTINCT FROM NEW.cycle_id OR OLD.unit_path IS DISTINCT FROM NEW.unit_path
    OR (OLD.state = 'cancelled') IS DISTINCT FROM (NEW.state = 'cancelled'))
  EXECUTE FUNCTION unit_rates_item_milestones(1);
CREATE TRIGGER unit_rates_item_reports_before BEFORE UPDATE OF cycle_id, unit_id ON items
  FOR EACH ROW WHEN (OLD.cycle_id IS DISTINCT FROM NEW.cycle_id OR OLD.unit_id IS DISTINCT FROM NEW.unit_id)
  EXECUTE FUNCTION unit_rates_item_reports('-1');
CREATE TRIGGER unit_rates_item_reports_after AFTER UPDATE OF cycle_id, unit_id ON items
  FOR EACH ROW WHEN (OLD.cycle_id IS DISTINCT FROM NEW.cycle_id OR OLD.unit_id IS DISTINCT FROM NEW.unit_id)
  EXECUTE FUNCTION unit_rates_item_reports(1);

CREATE TRIGGER unit_rates_milestone_insert AFTER INSERT ON milestones
  FOR EACH ROW EXECUTE FUNCTION unit_rates_milestone_insert();
CREATE TRIGGER unit_rates_milestone_delete BEFORE DELETE ON milestones
  FOR EACH ROW EXECUTE FUNCTION unit_rates_milestone('-1');
CREATE TRIGGER unit_rates_milestone_before BEFORE UPDATE OF item_id, due_date, done ON milestones
  FOR EACH ROW WHEN (OLD.item_id IS DISTINCT FROM NEW.item_id OR OLD.due_date IS DISTINCT FROM NEW.due_date
    OR OLD.done IS DISTINCT FROM NEW.done)
  EXECUTE FUNCTION unit_rates_milestone('-1');
CREATE TRIGGER unit_rates_milestone_after AFTER UPDATE OF item_id, due_date, done ON milestones
  FOR EACH ROW WHEN (OLD.item_id IS DISTINCT FROM NEW.item_id OR OLD.due_date IS DISTINCT FROM NEW.due_date
    OR OLD.done IS DISTINCT FROM NEW.done)
  EXECUTE FUNCTION unit_rates_milestone(1);

CREATE TRIGGER unit_rates_report_insert AFTER INSERT ON reports
  FOR EACH ROW WHEN (NEW.state IN ('submitted', 'approved')) EXECUTE FUNCTION unit_rates_report_insert();
CREATE TRIGGER unit_rates_report_delete BEFORE DELETE ON reports
  FOR EACH ROW WHEN (OLD.state IN ('submitted', 'approved')) EXECUTE FUNCTION unit_rates_report('-1');
CREATE TRIGGER unit_rates_report_before BEFORE UPDATE OF item_id, state, period, submitted_at ON reports
  FOR EACH ROW WHEN (OLD.item_id IS DISTINCT FROM NEW.item_id OR OLD.period IS DISTINCT FROM NEW.period
    OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at
    OR (OLD.state IN ('submitted', 'approved')) IS DISTINCT FROM (NEW.state IN ('submitted', 'approved')))
  EXECUTE FUNCTION unit_rates_report('-1');
CREATE TRIGGER unit_rates_report_after AFTER UPDATE OF item_id, state, period, submitted_at ON reports
  FOR EACH ROW WHEN (OLD.item_id IS DISTINCT FROM NEW.item_id OR OLD.period IS DISTINCT FROM NEW.period
    OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at
    OR (OLD.state IN ('submitted', 'approved')) IS DISTINCT FROM (NEW.state IN ('submitted', 'approved')))
  EXECUTE FUNCTION unit_rates_report(1);
