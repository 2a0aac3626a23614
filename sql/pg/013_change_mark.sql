-- 013: a counter that every change to the data moves, so that a server can keep an aggregate
-- answer (the dashboard, the workbench) until something changes, as SQLite's PRAGMA
-- data_version lets it (store_answer_get). Several servers share the database, so only the
-- database can tell: a statement-level trigger on every table whose rows answers are built
-- from bumps the one row, once per changing transaction (a transaction-local setting remembers
-- it did: the daily job's ten thousand statements update the row once, not ten thousand times;
-- writers already run one at a time under the store's advisory lock, so the row adds no
-- waiting of its own).
-- Left out, because no kept answer reads them and they change on every request or poll:
-- sessions, imports, deliveries, job_runs, schema_migrations.
-- A table added by a later migration gets its trigger in that migration:
--   CREATE TRIGGER t_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON t
--     FOR EACH STATEMENT EXECUTE FUNCTION ld_changed();
CREATE TABLE ld_changes (
  id bigint PRIMARY KEY CHECK (id = 1),
  n  bigint NOT NULL
);
INSERT INTO ld_changes (id, n) VALUES (1, 0);

CREATE FUNCTION ld_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('ld.changed', true) IS DISTINCT FROM 'yes' THEN
    UPDATE ld_changes SET n = n + 1 WHERE id = 1;
    PERFORM set_config('ld.changed', 'yes', true);  -- true: until this transaction ends
  END IF;
  RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT table_name FROM information_schema.tables
           WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
             AND table_name NOT IN ('ld_changes', 'sessions', 'imports', 'deliveries', 'job_runs',
                                    'schema_migrations')
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION ld_changed()', t || '_changed', t);
  END LOOP;
END $$;
