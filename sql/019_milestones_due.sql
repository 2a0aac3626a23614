-- 019: the milestones of an item with their due dates and whether each is done, in one index,
-- so that the assessment's milestone rate (milestones done of those due, per unit) reads the
-- index alone rather than every milestone's row: 0.40 → 0.19 s over the 912,000 milestones of
-- the province dataset. Milestones are written when an item is made or edited, rarely.
CREATE INDEX milestones_due ON milestones (item_id, due_date, done);
