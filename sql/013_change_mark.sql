-- 013: nothing to do on SQLite. A server keeps some aggregate answers (the dashboard, the
-- workbench) until the data changes, and SQLite tells it that with PRAGMA data_version. The
-- same migration on PostgreSQL (sql/pg/013_change_mark.sql) gives it a counter instead.
SELECT 1;
