-- 015: the item counters (item_counts, cycles.item_count, light_agg) are added to once per
-- transaction, at its commit, instead of once per changed item.
--
-- Every item changes the counters of its unit and of each unit above it, so a transaction
-- that changes many items (an import of 10,000 rows, the daily job's lights) updated the
-- province's and its city's counter rows thousands of times. PostgreSQL keeps a new version of
-- a row for each update, and each further update of the row within the transaction walks the
-- versions before it: 2,000 inserted items took 0.40 s, 4,000 took 1.08 s, and without the
-- counters 0.15 s and 0.28 s. Now each change appends its delta to a queue (the item's own unit,
-- not yet its ancestors), and a deferred trigger, fired once at commit, adds the queue up by
-- unit, expands it to the ancestors and updates each counter row once. What is atomic stays
-- atomic: the counters still change in the same transaction as the items.
--
-- Read inside the writing transaction, after its own changes, the counters would not yet
-- count them; nothing reads them there (answers are written after the commit, and the daily
-- job's rebuild of light_agg drops the queued deltas it recomputes: store/items.c).
--
-- SQLite updates a row in place, so its migration 015 is empty. These tables are PostgreSQL's
-- alone (tools/pg-schema-diff.py leaves out names beginning ld_), are empty outside a
-- transaction, and need no change-mark trigger (013): the fold changes the counter tables,
-- whose triggers move the mark.
CREATE TABLE ld_count_deltas (
  cycle_id bigint NOT NULL,
  unit_id  bigint NOT NULL,  -- the item's own unit
  light    text NOT NULL,
  state    text NOT NULL,
  sector   text NOT NULL,
  n        bigint NOT NULL
);
CREATE TABLE ld_agg_deltas (
  cycle_id     bigint NOT NULL,
  unit_id      bigint NOT NULL,  -- the item's own unit
  sector       text NOT NULL,
  green        bigint NOT NULL,
  yellow       bigint NOT NULL,
  red          bigint NOT NULL,
  done         bigint NOT NULL,
  done_on_time bigint NOT NULL,
  total        bigint NOT NULL,
  overdue_days bigint NOT NULL
);
-- one row per transaction with queued deltas: its deferred trigger folds them at commit
CREATE TABLE ld_fold_marks (
  at bigint NOT NULL
);

-- Queues the fold at commit the first time a transaction queues a delta.
CREATE FUNCTION ld_fold_queue() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('ld.fold_queued', true) IS DISTINCT FROM 'yes' THEN
    INSERT INTO ld_fold_marks (at) VALUES (txid_current());
    PERFORM set_config('ld.fold_queued', 'yes', true);
  END IF;
END $$;

-- Adds the queued deltas to the counters, each counter row once, and empties the queue.
CREATE FUNCTION ld_fold() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('ld.fold_queued', true) IS DISTINCT FROM 'yes' THEN
    RETURN NULL;
  END IF;
  INSERT INTO item_counts (cycle_id, unit_id, light, state, sector, n)
  SELECT d.cycle_id, a.ancestor_id, d.light, d.state, d.sector, sum(d.n)
  FROM ld_count_deltas d JOIN unit_ancestors a ON a.unit_id = d.unit_id
  GROUP BY d.cycle_id, a.ancestor_id, d.light, d.state, d.sector
  ON CONFLICT (cycle_id, unit_id, light, state, sector) DO UPDATE SET n = item_counts.n + excluded.n;
  UPDATE cycles c SET item_count = c.item_count + d.n
  FROM (SELECT cycle_id, sum(n) AS n FROM ld_count_deltas GROUP BY cycle_id) d
  WHERE c.id = d.cycle_id AND d.n <> 0;
  INSERT INTO light_agg (cycle_id, unit_id, sector, green, yellow, red, done, done_on_time, total, overdue_days)
  SELECT d.cycle_id, a.ancestor_id, d.sector, sum(d.green), sum(d.yellow), sum(d.red), sum(d.done),
         sum(d.done_on_time), sum(d.total), sum(d.overdue_days)
  FROM ld_agg_deltas d JOIN unit_ancestors a ON a.unit_id = d.unit_id
  GROUP BY d.cycle_id, a.ancestor_id, d.sector
  ON CONFLICT (cycle_id, unit_id, sector) DO UPDATE SET
    green = light_agg.green + excluded.green, yellow = light_agg.yellow + excluded.yellow,
    red = light_agg.red + excluded.red, done = light_agg.done + excluded.done,
    done_on_time = light_agg.done_on_time + excluded.done_on_time,
    total = light_agg.total + excluded.total, overdue_days = light_agg.overdue_days + excluded.overdue_days;
  DELETE FROM ld_count_deltas;
  DELETE FROM ld_agg_deltas;
  DELETE FROM ld_fold_marks;
  PERFORM set_config('ld.fold_queued', 'no', true);
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER ld_fold_at_commit AFTER INSERT ON ld_fold_marks
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ld_fold();

-- The triggers of 008 and 009 keep their names and moments; their functions now queue. One
-- delta stream serves both counters: a cycle's item count is the sum of its deltas.
CREATE OR REPLACE FUNCTION item_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ld_count_deltas VALUES (NEW.cycle_id, NEW.unit_id, coalesce(NEW.light, ''), NEW.state,
                                      coalesce(NEW.sector, ''), 1);
  PERFORM ld_fold_queue();
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION item_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ld_count_deltas VALUES (OLD.cycle_id, OLD.unit_id, coalesce(OLD.light, ''), OLD.state,
                                      coalesce(OLD.sector, ''), -1);
  PERFORM ld_fold_queue();
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION item_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ld_count_deltas VALUES
    (OLD.cycle_id, OLD.unit_id, coalesce(OLD.light, ''), OLD.state, coalesce(OLD.sector, ''), -1),
    (NEW.cycle_id, NEW.unit_id, coalesce(NEW.light, ''), NEW.state, coalesce(NEW.sector, ''), 1);
  PERFORM ld_fold_queue();
  RETURN NULL;
END $$;
-- counted by the deltas above
CREATE OR REPLACE FUNCTION items_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION items_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION items_count_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RETURN NULL;
END $$;
