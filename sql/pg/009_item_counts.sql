-- Item counts per unit subtree, light, state and sector, kept exact by triggers in the same
-- transaction as each change to an item. A list's "total" for the usual filters (a unit's
-- subtree, a light, a state, a sector) is then a sum over a few dozen rows instead of a
-- count over every matching item, so the list costs the same at 3,000 or 300,000 items.
-- Unlike light_agg (which counts each item's rolled-up light once, at the leaves), this
-- counts items by their own light, as the list filters them.
-- (PostgreSQL 15 twin of sql/009_item_counts.sql: SQLite's WITHOUT ROWID table is an
-- ordinary table with the same key; each trigger body is a plpgsql function of the
-- trigger's name; `IS NOT` between values is IS DISTINCT FROM.)
CREATE TABLE item_counts (
  cycle_id bigint NOT NULL,
  unit_id  bigint NOT NULL,   -- the item's unit or a unit above it (unit_ancestors)
  light    text NOT NULL,     -- '' while an item has none
  state    text NOT NULL,
  sector   text NOT NULL,     -- '' for none
  n        bigint NOT NULL,
  PRIMARY KEY (cycle_id, unit_id, light, state, sector)
);

INSERT INTO item_counts (cycle_id, unit_id, light, state, sector, n)
SELECT i.cycle_id, a.ancestor_id, coalesce(i.light, ''), i.state, coalesce(i.sector, ''), count(*)
FROM items i JOIN unit_ancestors a ON a.unit_id = i.unit_id
GROUP BY i.cycle_id, a.ancestor_id, coalesce(i.light, ''), i.state, coalesce(i.sector, '');

CREATE FUNCTION item_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO item_counts (cycle_id, unit_id, light, state, sector, n)
  SELECT NEW.cycle_id, ancestor_id, coalesce(NEW.light, ''), NEW.state, coalesce(NEW.sector, ''), 1
  FROM unit_ancestors WHERE unit_id = NEW.unit_id
  ON CONFLICT (cycle_id, unit_id, light, state, sector) DO UPDATE SET n = item_counts.n + 1;
  RETURN NULL;
END;
$$;
CREATE TRIGGER item_counts_insert AFTER INSERT ON items
  FOR EACH ROW EXECUTE FUNCTION item_counts_insert();

CREATE FUNCTION item_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE item_counts SET n = n - 1
  WHERE cycle_id = OLD.cycle_id AND light = coalesce(OLD.light, '') AND state = OLD.state
    AND sector = coalesce(OLD.sector, '')
    AND unit_id IN (SELECT ancestor_id FROM unit_ancestors WHERE unit_id = OLD.unit_id);
  RETURN NULL;
END;
$$;
CREATE TRIGGER item_counts_delete AFTER DELETE ON items
  FOR EACH ROW EXECUTE FUNCTION item_counts_delete();

CREATE FUNCTION item_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE item_counts SET n = n - 1
  WHERE cycle_id = OLD.cycle_id AND light = coalesce(OLD.light, '') AND state = OLD.state
    AND sector = coalesce(OLD.sector, '')
    AND unit_id IN (SELECT ancestor_id FROM unit_ancestors WHERE unit_id = OLD.unit_id);
  INSERT INTO item_counts (cycle_id, unit_id, light, state, sector, n)
  SELECT NEW.cycle_id, ancestor_id, coalesce(NEW.light, ''), NEW.state, coalesce(NEW.sector, ''), 1
  FROM unit_ancestors WHERE unit_id = NEW.unit_id
  ON CONFLICT (cycle_id, unit_id, light, state, sector) DO UPDATE SET n = item_counts.n + 1;
  RETURN NULL;
END;
$$;
CREATE TRIGGER item_counts_update AFTER UPDATE OF cycle_id, unit_id, light, state, sector ON items
  FOR EACH ROW
  WHEN (OLD.cycle_id IS DISTINCT FROM NEW.cycle_id OR OLD.unit_id IS DISTINCT FROM NEW.unit_id
    OR OLD.light IS DISTINCT FROM NEW.light OR OLD.state IS DISTINCT FROM NEW.state
    OR OLD.sector IS DISTINCT FROM NEW.sector)
  EXECUTE FUNCTION item_counts_update();

-- A large subtree's list in due-date order: read the light's items by due date and keep the
-- subtree's, stopping at the page — the work depends on the subtree's share of the items,
-- not on how many there are (store_item_list chooses it for subtrees of many items).
CREATE INDEX items_cycle_light_due ON items (cycle_id, light, due_date, unit_path, state, sector);
