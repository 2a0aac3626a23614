-- A unit's own lists (the workbench: due soon, to report, to adopt) read a small subtree of
-- the cycle: this index holds the filters they use, so their counts and pages read no table
-- rows until the page is chosen. It replaces items_cycle_path, a prefix of it.
-- (PostgreSQL 15 twin of sql/010_subtree_index.sql.)
DROP INDEX items_cycle_path;
CREATE INDEX items_cycle_path ON items (cycle_id, unit_path, state, due_date, adopted, child_count, parent_id, light, sector);
