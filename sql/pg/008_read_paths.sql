-- Read paths at province scale (≈ 300,000 items a cycle).
--
-- A cycle's item count is kept, not counted: loading a cycle happens on every write that
-- checks the cycle's phase, and counting 300,000 items there cost milliseconds each time.
-- The triggers keep it exact in the same transaction as the change.
-- (PostgreSQL 15 twin of sql/008_read_paths.sql: each SQLite trigger body is a plpgsql
-- function of the same name, fired for each row at the same moment.)
ALTER TABLE cycles ADD COLUMN item_count bigint NOT NULL DEFAULT 0;
UPDATE cycles SET item_count = (SELECT count(*) FROM items i WHERE i.cycle_id = cycles.id);
CREATE FUNCTION items_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cycles SET item_count = item_count + 1 WHERE id = NEW.cycle_id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER items_count_insert AFTER INSERT ON items
  FOR EACH ROW EXECUTE FUNCTION items_count_insert();
CREATE FUNCTION items_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cycles SET item_count = item_count - 1 WHERE id = OLD.cycle_id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER items_count_delete AFTER DELETE ON items
  FOR EACH ROW EXECUTE FUNCTION items_count_delete();
-- fires whenever an UPDATE sets cycle_id, changed or not, as in SQLite: -1 then +1 nets 0
CREATE FUNCTION items_count_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cycles SET item_count = item_count - 1 WHERE id = OLD.cycle_id;
  UPDATE cycles SET item_count = item_count + 1 WHERE id = NEW.cycle_id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER items_count_move AFTER UPDATE OF cycle_id ON items
  FOR EACH ROW EXECUTE FUNCTION items_count_move();

-- The supervision list (a unit's subtree, one light, by due date) is answered from this
-- index alone: the filter, the caller's scope (unit_path, sector), the state and the sort
-- key are all in it, so counting the matches and choosing the page's 50 ids touch no table
-- rows; only the 50 chosen rows are read (store_item_list).
DROP INDEX items_cycle_light;
CREATE INDEX items_cycle_light ON items (cycle_id, light, unit_path, state, sector, due_date);
-- The dashboard's most overdue red items: read in order, stopping after the first page.
CREATE INDEX items_cycle_overdue ON items (cycle_id, light, state, overdue_days DESC, due_date, unit_path, sector);
