// `liandong migrate-data`: a sample demo deployment moved from SQLite to PostgreSQL with every
// row and the audit chain intact, a target in use refused, and the usage errors. The copy
// needs a PostgreSQL cluster: LIANDONG_TEST_PG holds its URL as an administrator (CI sets it;
// tools/pg-cluster.sh start DIR prints one), and without it those tests are skipped.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli, PG, pgDatabase } from '../lib/server.mjs';

/* The tables migrate-data copies: all of the source's but SQLite's own and schema_migrations. */
function sourceTables(db) {
  const out = execFileSync('sqlite3', ['-readonly', db,
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> 'schema_migrations'"],
  { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

/* One query counting the rows of every table, the same text for SQLite and PostgreSQL. */
function countsSql(tables) {
  return tables.map((t) => `SELECT '${t}', count(*) FROM "${t}"`).join(' UNION ALL ') + ';';
}

/* {table: rows} from "name|count" lines. */
function parseCounts(text) {
  return Object.fromEntries(text.split('\n').filter(Boolean).map((l) => {
    const [t, n] = l.split('|');
    return [t, Number(n)];
  }));
}

function sqlite(db, sql) {
  return execFileSync('sqlite3', ['-readonly', db, sql], { encoding: 'utf8' });
}

function psql(url, sql) {
  return execFileSync('psql', [url, '-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
}

describe('migrate-data from SQLite to PostgreSQL', { skip: PG ? false : 'LIANDONG_TEST_PG is not set' }, () => {
  let dir, source, target, tables;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'liandong-pgmigrate-'));
    source = path.join(dir, 'demo.db');
    const demo = cli(['demo', '--db', source, '--scale', 'small', '--seed', '1', '--sample']);
    assert.equal(demo.code, 0, `demo: ${demo.stderr}`);
    tables = sourceTables(source);
    target = pgDatabase();
  });
  after(() => {
    if (target) target.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table of a sample deployment, row counts equal', () => {
    const r = cli(['migrate-data', '--from', source, '--to', target.url]);
    assert.equal(r.code, 0, `migrate-data: ${r.stderr}\n${r.stdout}`);
    for (const t of tables) assert.match(r.stdout, new RegExp(`^\\s+${t}\\s+\\d+ rows`, 'm'), `a line for ${t}`);
    assert.match(r.stdout, /^copied \d+ rows in \d+ tables/m, r.stdout);
    assert.match(r.stdout, /audit verify: \d+ records, chain intact/, r.stdout);
    // analyzed and vacuumed at once: the planner has statistics, index-only scans the map
    assert.match(r.stdout, /^vacuumed and analyzed in /m, r.stdout);
    const [stats] = psql(target.url, "SELECT (SELECT reltuples FROM pg_class WHERE relname = 'items')::bigint || ' ' ||"
      + " (SELECT relallvisible FROM pg_class WHERE relname = 'items')").trim().split('\n');
    const [tuples, visible] = stats.split(' ').map(Number);
    assert.ok(tuples > 0 && visible > 0, `items analyzed and all-visible pages known: ${stats}`);

    const sql = countsSql(tables);
    const want = parseCounts(sqlite(source, sql));
    const got = parseCounts(psql(target.url, sql));
    assert.deepEqual(got, want);
    for (const t of ['units', 'users', 'items', 'reports', 'audit', 'review_scores']) {
      assert.ok(want[t] > 0, `the sample has rows in ${t}`);
    }
  });

  it('the copy passes audit verify, with the source chain\'s head', () => {
    const r = cli(['audit', 'verify', '--db', target.url]);
    assert.equal(r.code, 0, `audit verify on the target: ${r.stderr}`);
    assert.match(r.stdout, /chain intact/);
    const head = (db) => cli(['audit', 'head', '--db', db]).stdout.trim();
    assert.equal(head(target.url), head(source));
  });

  it('new rows on the target get ids past the copied ones', () => {
    const ok = psql(target.url, "SELECT (SELECT max(id) FROM items) < nextval(pg_get_serial_sequence('items', 'id'))"
      + " AND (SELECT max(seq) FROM audit) < nextval(pg_get_serial_sequence('audit', 'seq'))").trim();
    assert.equal(ok, 't');
  });

  it('refuses to copy into a database that holds data, and leaves it as it was', () => {
    const before = psql(target.url, 'SELECT count(*) FROM units').trim();
    const r = cli(['migrate-data', '--from', source, '--to', target.url]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /already holds data/, r.stderr);
    assert.equal(psql(target.url, 'SELECT count(*) FROM units').trim(), before);
  });
});

describe('migrate-data usage', () => {
  it('--to must be a PostgreSQL URL', () => {
    const r = cli(['migrate-data', '--from', 'x.db', '--to', 'y.db']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--to/);
  });

  it('--to and --from are required', () => {
    let r = cli(['migrate-data', '--from', 'x.db']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--to/);
    r = cli(['migrate-data', '--to', 'postgresql://localhost/x']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--from/);
  });

  it('refuses a source that is not at this version\'s schema, telling how to upgrade it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'liandong-pgmigrate-'));
    try {
      const db = path.join(dir, 'old.db');
      assert.equal(cli(['init', '--db', db]).code, 0);
      execFileSync('sqlite3', [db, 'DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)']);
      const r = cli(['migrate-data', '--from', db, '--to', 'postgresql:///unused']);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /liandong init --db/, r.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--help describes it', () => {
    const r = cli(['migrate-data', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /liandong migrate-data --from FILE --to/);
    assert.match(cli(['--help']).stdout, /migrate-data/);
  });
});
