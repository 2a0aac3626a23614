-- 017: the CHECKs that list three or more values with IN are written as comparisons joined by
-- OR, with the same meaning. SQLite checks `x IN ('a', 'b', 'c')` by building a temporary
-- b-tree of the list at every run of a statement that writes the column (two values or fewer
-- it compares): 1.6 µs of a report insert's 2.8 (a C program inserting into an in-memory
-- table, 300,000 rows), and under the report load the writer does little else than such
-- inserts. Only the CHECK's text changes, not how any row is stored: SQLite's documented way
-- for such a change is to edit the table's text in sqlite_schema (ALTER TABLE, "Making Other
-- Kinds Of Table Schema Changes"), which a rebuild of each table would cost minutes to match.
-- tests/unit/test_store_migrate.c checks that no table of a migrated database keeps such a
-- list, and that the rewritten CHECKs still refuse what they refused.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
    'level IN (''province'', ''city'', ''county'')',
    '(level = ''province'' OR level = ''city'' OR level = ''county'')')
  WHERE type = 'table' AND name = 'regions';
UPDATE sqlite_schema SET sql = replace(replace(sql,
    'kind IN (''region'', ''organ'', ''division'')',
    '(kind = ''region'' OR kind = ''organ'' OR kind = ''division'')'),
    'level IN (''province'', ''city'', ''county'')',
    '(level = ''province'' OR level = ''city'' OR level = ''county'')')
  WHERE type = 'table' AND name = 'units';
UPDATE sqlite_schema SET sql = replace(sql,
    'phase IN (''planning'', ''running'', ''assessing'', ''publicising'', ''closed'')',
    '(phase = ''planning'' OR phase = ''running'' OR phase = ''assessing'' OR phase = ''publicising'' OR phase = ''closed'')')
  WHERE type = 'table' AND name = 'cycles';
UPDATE sqlite_schema SET sql = replace(sql,
    'state IN (''active'', ''done'', ''cancelled'')',
    '(state = ''active'' OR state = ''done'' OR state = ''cancelled'')')
  WHERE type = 'table' AND name = 'items';
UPDATE sqlite_schema SET sql = replace(sql,
    'state IN (''draft'', ''submitted'', ''approved'', ''returned'')',
    '(state = ''draft'' OR state = ''submitted'' OR state = ''approved'' OR state = ''returned'')')
  WHERE type = 'table' AND name = 'reports';
UPDATE sqlite_schema SET sql = replace(sql,
    'state IN (''checking'', ''checked'', ''importing'', ''done'', ''failed'')',
    '(state = ''checking'' OR state = ''checked'' OR state = ''importing'' OR state = ''done'' OR state = ''failed'')')
  WHERE type = 'table' AND name = 'imports';
UPDATE sqlite_schema SET sql = replace(sql,
    'kind IN (''reminder'', ''notice'', ''escalation'')',
    '(kind = ''reminder'' OR kind = ''notice'' OR kind = ''escalation'')')
  WHERE type = 'table' AND name = 'messages';
UPDATE sqlite_schema SET sql = replace(sql,
    'status IN (''pending'', ''sent'', ''failed'')',
    '(status = ''pending'' OR status = ''sent'' OR status = ''failed'')')
  WHERE type = 'table' AND name = 'deliveries';
UPDATE sqlite_schema SET sql = replace(sql,
    'state IN (''open'', ''responded'', ''closed'')',
    '(state = ''open'' OR state = ''responded'' OR state = ''closed'')')
  WHERE type = 'table' AND name = 'notices';
UPDATE sqlite_schema SET sql = replace(sql,
    'method IN (''branch'', ''auto'', ''manual'', ''bonus'', ''deduction'', ''veto'')',
    '(method = ''branch'' OR method = ''auto'' OR method = ''manual'' OR method = ''bonus'' OR method = ''deduction'' OR method = ''veto'')')
  WHERE type = 'table' AND name = 'indicators';
UPDATE sqlite_schema SET sql = replace(sql,
    'state IN (''submitted'', ''signed'', ''returned'')',
    '(state = ''submitted'' OR state = ''signed'' OR state = ''returned'')')
  WHERE type = 'table' AND name = 'self_submissions';
UPDATE sqlite_schema SET sql = replace(sql,
    'grade IN (''excellent'', ''good'', ''fair'', ''poor'')',
    '(grade = ''excellent'' OR grade = ''good'' OR grade = ''fair'' OR grade = ''poor'')')
  WHERE type = 'table' AND name = 'results';

-- RESET: off again, and this connection reads the schema again (the next migration's ALTER
-- TABLE places its column by the table's text as read)
PRAGMA writable_schema = RESET;
-- any DDL moves the schema cookie, so every connection open elsewhere reads the schema again
CREATE TABLE schema_cookie_017 (x INTEGER);
DROP TABLE schema_cookie_017;
