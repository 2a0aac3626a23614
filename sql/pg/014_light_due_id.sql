-- A due-date list of one light (the month-end "what is red in my city" page) reads this index
-- in order and stops at the page. With unit_path between due_date and the row id, items due
-- on the same day came out of it unordered by id, so every such run of ties was read whole and
-- sorted in a temporary tree before the page could end: 154 µs for the 济南 red page at
-- province scale. With id right after due_date the index order is the list's order (60 µs).
DROP INDEX items_cycle_light_due;
CREATE INDEX items_cycle_light_due ON items (cycle_id, light, due_date, id, unit_path, state, sector);
