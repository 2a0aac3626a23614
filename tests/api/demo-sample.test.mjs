// `liandong demo --sample`: the generated year is deterministic for a seed and a day, sized by
// --volume, its lights and light_agg are what the daily job computes, its audit chain holds,
// and the demo accounts find work in it. Small scale and a day in April keep it quick.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli, spawnServe, stopProc, Client } from '../lib/server.mjs';

const DAY = '2026-04-15';

function sql(db, query) {
  return execFileSync('sqlite3', ['-readonly', db, query], { encoding: 'utf8', maxBuffer: 1 << 28 });
}
function num(db, query) { return Number(sql(db, query).trim()); }

/* The key tables, in a fixed order, hashed: what two runs must agree on. */
const KEY_QUERIES = [
  'select id, username, display_name, unit_id, demo_account from users order by id',
  'select user_id, role, unit_id, sector from grants order by user_id, role, unit_id',
  'select id, parent_id, kind, unit_id, unit_path, title, responsible_person, start_date, due_date, progress,'
    + ' rollup_progress, state, adopted, light, light_reason, red_since, done_at, overdue_days from items order by id',
  'select item_id, seq, title, due_date, done from milestones order by item_id, seq',
  'select item_id, period, text, progress, state, author_id, submitted_at, reviewer_id, reviewed_at from reports'
    + ' order by item_id, period',
  'select id, unit_id, day, inspectors from inspections order by id',
  'select id, target_unit_id, due_date, state, responded_at from notices order by id',
  'select item_id, to_unit_id, reason, created_at from escalations order by item_id, to_unit_id',
  'select unit_id, indicator_id, score from self_scores order by unit_id, indicator_id',
  'select reviewer_id, unit_id, indicator_id, score, submitted from review_scores order by 1, 2, 3',
  'select unit_id, sector, green, yellow, red, done, done_on_time, total, overdue_days from light_agg order by 1, 2',
];
function digest(db) {
  const h = createHash('sha256');
  for (const q of KEY_QUERIES) h.update(sql(db, q));
  return h.digest('hex');
}

function demo(db, extra = []) {
  const r = cli(['demo', '--db', db, '--scale', 'small', '--seed', '7', '--sample', '--today', DAY, ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return r;
}

describe('demo --sample: the generated year', () => {
  let dir, a, b;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'liandong-sample-'));
    a = path.join(dir, 'a.db');
    b = path.join(dir, 'b.db');
    demo(a);
    demo(b);
  });
  after(() => { rmSync(dir, { recursive: true, force: true }); });

  it('the same seed and day give the same data', () => {
    assert.equal(digest(a), digest(b));
  });

  it('makes every kind of row, with decompositions adopted and reports in every state', () => {
    const items = num(a, 'select count(*) from items');
    assert.ok(items > 5000, `${items} items`);
    assert.ok(num(a, 'select count(*) from items where parent_id is not null and adopted = 1') > 500);
    assert.ok(num(a, "select count(*) from items where kind = 'rectification' and inspection_id is not null") > 50);
    assert.ok(num(a, 'select count(*) from milestones') > 2 * items);
    for (const s of ['approved', 'submitted', 'draft', 'returned'])
      assert.ok(num(a, `select count(*) from reports where state = '${s}'`) > 0, `reports ${s}`);
    // reports run from January up to the day's month, none later
    assert.equal(sql(a, 'select min(period), max(period) from reports').trim(), '2026-01|2026-04');
    for (const t of ['inspections', 'notices', 'escalations', 'indicators', 'group_members', 'self_scores', 'self_submissions',
      'panels', 'review_scores'])
      assert.ok(num(a, `select count(*) from ${t}`) > 0, t);
    // every light, and a done item's progress is 100 while an active one's is its last approved report's
    for (const l of ['green', 'yellow', 'red'])
      assert.ok(num(a, `select count(*) from items where light = '${l}'`) > 0, l);
    assert.equal(num(a, "select count(*) from items where state = 'done' and progress <> 100"), 0);
    assert.equal(num(a, `select count(*) from items i where state = 'active' and child_count = 0 and progress <>
      coalesce((select progress from reports r where r.item_id = i.id and r.state = 'approved'
                order by period desc limit 1), 0)`), 0);
    assert.equal(sql(a, 'PRAGMA foreign_key_check').trim(), '');
  });

  it('--volume multiplies items, reports and accounts per unit', () => {
    const v = path.join(dir, 'v.db');
    demo(v, ['--volume', '2']);
    for (const [what, q] of [['items', 'select count(*) from items where parent_id is null'],
      ['reports', 'select count(*) from reports'],
      ['fillers', "select count(*) from grants where role = 'filler'"]]) {
      const ratio = num(v, q) / num(a, q);
      assert.ok(ratio > 1.6 && ratio < 2.4, `${what}: ×${ratio.toFixed(2)}`);
    }
  });

  it('lights and light_agg are what the daily job computes, and light_agg adds up the items', () => {
    const lights = 'select id, light, light_reason, rollup_progress, overdue_days, red_since, child_count,'
      + ' children_pending from items order by id';
    const agg = 'select unit_id, sector, green, yellow, red, done, done_on_time, total, overdue_days'
      + ' from light_agg order by unit_id, sector';
    const before = [sql(b, lights), sql(b, agg)];
    const r = cli(['jobs', 'run', '--db', b, '--today', DAY]);
    assert.equal(r.code, 0, r.stderr);
    // the items red for long were escalated already, on the days their streaks passed the limit
    assert.match(r.stdout, / 0 escalations/);
    assert.deepEqual([sql(b, lights), sql(b, agg)], before);
    // and from the items themselves, at every unit above them
    const direct = sql(b, `select a.ancestor_id, coalesce(i.sector, ''), sum(i.light = 'green'), sum(i.light = 'yellow'),
      sum(i.light = 'red'), sum(i.state = 'done'), sum(i.state = 'done' and i.done_at <= i.due_date),
      sum(i.state <> 'cancelled'), sum(case when i.light = 'red' then i.overdue_days else 0 end)
      from items i join unit_ancestors a on a.unit_id = i.unit_id group by 1, 2 order by 1, 2`);
    assert.equal(direct, before[1]);
  });

  it('keeps the audit chain intact: one record per stage', () => {
    const r = cli(['audit', 'verify', '--db', a]);
    assert.equal(r.code, 0, r.stderr);
    const stages = sql(a, "select json_extract(after, '$.stage') from audit where action = 'demo.sample' order by seq");
    assert.deepEqual(stages.trim().split('\n'),
      ['cycle', 'accounts', 'items', 'inspections', 'reports', 'supervision', 'assessment', 'lights']);
  });

  it('gives the demo filler and county filler work, and the generated staff can log in', async () => {
    const { proc, url } = await spawnServe(['serve', '--db', a, '--listen', '127.0.0.1:0', '--threads', '2',
      '--quiet', '--mode', 'demo', '--clock', String(Date.parse(`${DAY}T02:00:00Z`) / 1000)]);
    try {
      for (const who of ['filler', 'county_filler']) {
        const c = new Client(url);
        assert.equal((await c.login(who)).status, 200, who);
        const w = await c.get('/api/v1/workbench');
        assert.equal(w.status, 200);
        assert.ok(w.body.counts.to_report > 0, `${who} has items to report on`);
        const mine = num(a, `select count(*) from reports r join users u on u.id = r.author_id where u.username = '${who}'`);
        assert.ok(mine > 5, `${who} wrote ${mine} reports`);
      }
      const staff = sql(a, "select username from users where username like 'f%\\_1' escape '\\' order by id limit 1").trim();
      const c = new Client(url);
      assert.equal((await c.login(staff)).status, 200, staff);
    } finally {
      await stopProc(proc);
    }
  });

  it('names the flag in a bad argument', () => {
    const db = path.join(dir, 'bad.db');
    for (const [args, flag] of [[['--sample', '--volume', '0'], '--volume'], [['--volume', '3'], '--sample'],
      [['--sample', '--today', '2026-02-30'], '--today']]) {
      const r = cli(['demo', '--db', db, ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(flag));
    }
  });
});
