-- 019: the milestones of an item with their due dates and whether each is done, in one index,
-- so that the assessment's milestone rate reads the index alone (as sql/019_milestones_due.sql).
CREATE INDEX milestones_due ON milestones (item_id, due_date, done);
