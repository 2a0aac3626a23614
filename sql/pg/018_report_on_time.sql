-- 018: whether a report was submitted in time — within its month, or by the 10th of the next
-- (the report timeliness indicator) — computed from the report's period and submission time
-- and kept in the index the assessment reads (see sql/018_report_on_time.sql). PostgreSQL
-- keeps a generated column stored; the expression is the SQLite one, word for word.
ALTER TABLE reports ADD COLUMN on_time integer NOT NULL GENERATED ALWAYS AS (CASE
  WHEN submitted_at IS NULL THEN 0
  WHEN substr(submitted_at, 1, 7) <= period THEN 1
  WHEN CAST(substr(submitted_at, 1, 4) AS INTEGER) * 12 + CAST(substr(submitted_at, 6, 2) AS INTEGER)
       = CAST(substr(period, 1, 4) AS INTEGER) * 12 + CAST(substr(period, 6, 2) AS INTEGER) + 1
       AND substr(submitted_at, 9, 2) <= '10' THEN 1
  ELSE 0 END) STORED;
DROP INDEX reports_state;
CREATE INDEX reports_state ON reports (state, item_id, on_time);
