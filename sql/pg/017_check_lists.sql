-- 017: nothing to do on PostgreSQL. On SQLite this migration writes the CHECKs that list
-- three or more values with IN as comparisons joined by OR (see sql/017_check_lists.sql:
-- SQLite builds a temporary b-tree of the list at every write); PostgreSQL checks such a
-- list as it is. Kept so that both dialects number their migrations alike.
SELECT 1;
