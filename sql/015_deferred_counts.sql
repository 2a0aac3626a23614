-- 015: nothing to do on SQLite, which updates a counter row in place however often a
-- transaction changes it. On PostgreSQL each update of a row adds a version of it, so there
-- the item counters are added to once per transaction, at its commit (sql/pg/015).
SELECT 1;
