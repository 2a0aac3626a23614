-- A unit's scores for an indicator, as the computation reads them (one unit and indicator
-- at a time): the primary key leads with the reviewer, so each lookup read a whole cycle's
-- scores — 8 ms, 4,000 times at province scale.
-- (PostgreSQL 15 twin of sql/012_review_scores_unit.sql.)
CREATE INDEX review_scores_unit ON review_scores (cycle_id, unit_id, indicator_id, reviewer_id, score);
