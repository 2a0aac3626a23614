#!/usr/bin/env python3
"""Compares the schema the SQLite migrations (sql/) made with the one their PostgreSQL twins
(sql/pg/) made, so the two sets stay in step.

usage: pg-schema-diff.py SQLITE_DB PG_URL

Compared: the tables; each table's columns, names in order; the indexes, by name, with the
table and the key columns of each; the triggers, by name, with their table. Left out: what
each engine makes by itself for a PRIMARY KEY or UNIQUE constraint (SQLite's autoindexes,
PostgreSQL's constraint indexes and foreign-key triggers), and what only PostgreSQL needs:
the trigram indexes named *_trgm, the change mark (triggers *_changed) and the tables named
ld_* with their triggers (the change mark's counter, the counters' queues of sql/pg/015).
Types, constraints and trigger bodies are not compared.

Prints each difference and exits 1 if there is any; otherwise prints one line and exits 0.
Exits 2 when a database cannot be read. Needs the sqlite3 and psql programs."""
import subprocess
import sys

SQLITE_QUERIES = {
    # table_xinfo: generated columns too (table_info leaves them out)
    'columns': "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p"
               " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
               " ORDER BY m.name, p.cid",
    # sql IS NULL: an index SQLite made for a PRIMARY KEY or UNIQUE constraint
    'indexes': "SELECT m.name, m.tbl_name, p.name FROM sqlite_master m JOIN pragma_index_info(m.name) p"
               " WHERE m.type = 'index' AND m.sql IS NOT NULL ORDER BY m.name, p.seqno",
    'triggers': "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
}

PG_QUERIES = {
    'columns': "SELECT c.relname, a.attname FROM pg_class c"
               " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
               " WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')"
               " ORDER BY c.relname, a.attnum",
    # indexes that back a constraint (PRIMARY KEY, UNIQUE, EXCLUDE) are the engine's own
    'indexes': "SELECT i.relname, t.relname, coalesce(a.attname, pg_get_indexdef(x.indexrelid, k.n::int, true))"
               " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
               " CROSS JOIN LATERAL unnest(x.indkey[0:x.indnkeyatts - 1]) WITH ORDINALITY AS k (attnum, n)"
               " LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum > 0"
               " WHERE t.relnamespace = current_schema()::regnamespace"
               " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid"
               "                 AND c.contype IN ('p', 'u', 'x'))"
               " ORDER BY i.relname, k.n",
    # internal triggers are the ones PostgreSQL makes for foreign keys
    'triggers': "SELECT g.tgname, t.relname FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid"
                " WHERE NOT g.tgisinternal AND t.relnamespace = current_schema()::regnamespace"
                " ORDER BY g.tgname",
}


def run(argv, what):
    """Runs argv and returns its rows, split on tabs; exits 2 if it fails."""
    try:
        p = subprocess.run(argv, capture_output=True, text=True, check=False)
    except OSError as e:
        sys.exit(f'pg-schema-diff: cannot run {argv[0]}: {e}')
    if p.returncode != 0:
        print(f'pg-schema-diff: reading {what} failed:\n{p.stderr.strip()}', file=sys.stderr)
        sys.exit(2)
    return [line.split('\t') for line in p.stdout.splitlines() if line]


def read_sqlite(db):
    rows = {}
    for key, sql in SQLITE_QUERIES.items():
        # -readonly: reading must not create the file when the path is wrong
        rows[key] = run(['sqlite3', '-readonly', '-batch', '-noheader', '-separator', '\t', db, sql],
                        f'the SQLite database {db}')
    return schema(rows)


def read_pg(url):
    rows = {}
    for key, sql in PG_QUERIES.items():
        rows[key] = run(['psql', '-X', '-q', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql],
                        'the PostgreSQL database')
    rows['indexes'] = [r for r in rows['indexes'] if not r[0].endswith('_trgm')]
    rows['columns'] = [r for r in rows['columns'] if not r[0].startswith('ld_')]
    rows['triggers'] = [r for r in rows['triggers'] if not r[0].endswith('_changed') and not r[1].startswith('ld_')]
    return schema(rows)


def schema(rows):
    """{'tables': {name: [column...]}, 'indexes': {name: (table, [column...])},
    'triggers': {name: table}} from the rows of the queries."""
    tables, indexes = {}, {}
    for table, column in rows['columns']:
        tables.setdefault(table, []).append(column)
    for name, table, column in rows['indexes']:
        indexes.setdefault(name, (table, []))[1].append(column)
    triggers = {name: table for name, table in rows['triggers']}
    return {'tables': tables, 'indexes': indexes, 'triggers': triggers}


def compare(lite, pg):
    """The differences, one line each."""
    out = []
    for kind in ('tables', 'indexes', 'triggers'):
        a, b = lite[kind], pg[kind]
        singular = {'tables': 'table', 'indexes': 'index', 'triggers': 'trigger'}[kind]
        for name in sorted(a.keys() - b.keys()):
            out.append(f'{singular} {name}: only in SQLite')
        for name in sorted(b.keys() - a.keys()):
            out.append(f'{singular} {name}: only in PostgreSQL')
        for name in sorted(a.keys() & b.keys()):
            if a[name] == b[name]:
                continue
            if kind == 'tables':
                out.append(f'table {name}: columns differ\n  SQLite:     {", ".join(a[name])}\n'
                           f'  PostgreSQL: {", ".join(b[name])}')
            elif kind == 'indexes':
                out.append(f'index {name}: differs\n  SQLite:     {a[name][0]} ({", ".join(a[name][1])})\n'
                           f'  PostgreSQL: {b[name][0]} ({", ".join(b[name][1])})')
            else:
                out.append(f'trigger {name}: on {a[name]} in SQLite, on {b[name]} in PostgreSQL')
    return out


def main():
    if len(sys.argv) != 3 or sys.argv[1].startswith('-'):
        print(__doc__.split('\n\n')[1], file=sys.stderr)
        return 2
    lite, pg = read_sqlite(sys.argv[1]), read_pg(sys.argv[2])
    if not lite['tables']:
        print(f'pg-schema-diff: {sys.argv[1]} has no tables', file=sys.stderr)
        return 2
    diffs = compare(lite, pg)
    for d in diffs:
        print(d)
    if diffs:
        print(f'pg-schema-diff: {len(diffs)} difference(s)', file=sys.stderr)
        return 1
    print(f'pg-schema-diff: same schema: {len(lite["tables"])} tables, '
          f'{sum(len(c) for c in lite["tables"].values())} columns, {len(lite["indexes"])} indexes, '
          f'{len(lite["triggers"])} triggers')
    return 0


if __name__ == '__main__':
    sys.exit(main())
