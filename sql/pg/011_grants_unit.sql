-- Who holds a role over a unit: the reminders, notices and escalations look grants up by
-- the units above an item (unit_ancestors). Without this index each lookup read all grants —
-- 18 ms each at province scale (61,000 grants), two of the daily job's three minutes.
-- (PostgreSQL 15 twin of sql/011_grants_unit.sql.)
CREATE INDEX grants_unit ON grants (unit_id, role);
