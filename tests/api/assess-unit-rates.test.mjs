// The automatic indicators' counts are kept per cycle and unit by triggers (unit_rates and
// report_rates, migration 020) as items, milestones and reports are written; the assessment reads them
// instead of counting. Here every kept row is compared with a count over the rows themselves
// after each kind of change a user makes: items created with milestones, edited (due date,
// milestones replaced), completed, cancelled and brought back, decomposed; reports drafted,
// submitted, returned, submitted again and approved; the daily job turning lights red. One
// row that drifted would silently move a unit's score.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { API, loginAs, show } from './_helpers.mjs';
import { cli } from '../lib/server.mjs';
import {
  startChainServer, createCycle, unitNamed, createItem, sql, LIXIA_FGJ, SHIZHONG_FGJ, JINAN_FGW,
} from './fixtures/chain-helpers.mjs';

const FIELDS = ['items_due', 'items_on_time', 'rect_total', 'rect_closed', 'red_items', 'ms_due', 'ms_on_time',
  'rep_due', 'rep_on_time'];
const flag = (cond) => `sum(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;

/* What the assessment counted before the counts were kept, for every cycle (its end being
 * its year's 31 December), as {"cycle path": {field: n}} without the rows that count nothing. */
function counted(db) {
  const out = {};
  const add = (rows) => {
    for (const r of rows) {
      const k = `${r.cycle_id} ${r.unit_path}`;
      out[k] ??= Object.fromEntries(FIELDS.map((f) => [f, 0]));
      for (const f of FIELDS) if (f in r) out[k][f] += Number(r[f]);
    }
  };
  add(sql(db, `SELECT i.cycle_id, i.unit_path,
      ${flag("i.state <> 'cancelled' AND i.kind = 'task' AND (i.due_date <= c.year || '-12-31' OR i.state = 'done')")} AS items_due,
      ${flag("i.state = 'done' AND i.kind = 'task' AND i.done_at <= i.due_date")} AS items_on_time,
      ${flag("i.kind = 'rectification' AND i.state <> 'cancelled'")} AS rect_total,
      ${flag("i.kind = 'rectification' AND i.state = 'done'")} AS rect_closed,
      ${flag("i.state = 'active' AND i.light = 'red'")} AS red_items
    FROM items i JOIN cycles c ON c.id = i.cycle_id GROUP BY i.cycle_id, i.unit_path`));
  add(sql(db, `SELECT i.cycle_id, i.unit_path, count(*) AS ms_due, sum(ms.done) AS ms_on_time
    FROM milestones ms JOIN items i ON i.id = ms.item_id JOIN cycles c ON c.id = i.cycle_id
    WHERE i.state <> 'cancelled' AND ms.due_date <= c.year || '-12-31' GROUP BY i.cycle_id, i.unit_path`));
  add(sql(db, `SELECT i.cycle_id, i.unit_path, count(*) AS rep_due, sum(r.on_time) AS rep_on_time
    FROM reports r JOIN items i ON i.id = r.item_id WHERE r.state IN ('submitted', 'approved')
    GROUP BY i.cycle_id, i.unit_path`));
  return Object.fromEntries(Object.entries(out).filter(([, v]) => FIELDS.some((f) => v[f] !== 0)));
}

function kept(db) {
  const out = {};
  const rows = [
    ...sql(db, `SELECT cycle_id, unit_path, ${FIELDS.slice(0, 7).join(', ')} FROM unit_rates`),
    ...sql(db, `SELECT r.cycle_id, u.path AS unit_path, r.rep_due, r.rep_on_time
      FROM report_rates r JOIN units u ON u.id = r.unit_id`),
  ];
  for (const r of rows) {
    const k = `${r.cycle_id} ${r.unit_path}`;
    out[k] ??= Object.fromEntries(FIELDS.map((f) => [f, 0]));
    for (const f of FIELDS) if (f in r) out[k][f] += Number(r[f]);
  }
  return Object.fromEntries(Object.entries(out).filter(([, v]) => FIELDS.some((f) => v[f] !== 0)));
}

describe('the automatic indicators\' counts kept in unit_rates and report_rates', () => {
  let srv; let office; let filler; let leader; let cycle; let units;
  before(async () => {
    srv = await startChainServer();
    [office, filler, leader] = await Promise.all(['office', 'filler', 'unit_leader'].map((u) => loginAs(srv.url, u)));
    cycle = await createCycle(office, { phase: 'running' });
    units = await Promise.all([LIXIA_FGJ, SHIZHONG_FGJ, JINAN_FGW].map((n) => unitNamed(office, n)));
  });
  after(async () => { await srv?.stop(); });

  const agree = (label) => assert.deepEqual(kept(srv.db), counted(srv.db), label);
  const ok = (r, status = 200) => assert.equal(r.status, status, show(r));

  it('agree with a count over the rows after every kind of change', async () => {
    agree('the demo data as generated');
    const made = [];
    // due in March, at the year's end, and after it (milestones after the cycle's end too)
    const dues = ['2026-03-01', '2026-12-31', '2027-02-28'];
    for (let i = 0; i < 9; i++) {
      const due = dues[i % 3];
      made.push(await createItem(office, cycle.id, units[i % 3].id, {
        title: `计数考核事项${i}`,
        due_date: due,
        milestones: [
          { title: '方案', due_date: '2026-02-15', done: i % 2 === 0 },
          { title: '推进', due_date: due < '2026-06-30' ? '2026-02-20' : '2026-06-30' },
          { title: '收尾', due_date: due, done: true },
        ],
      }));
    }
    agree('items created with milestones');

    // reports: in time, late, a draft; one returned and submitted again, one approved
    const file = async (item, period, submit = true) => {
      const r = await filler.post(`${API}/items/${item.id}/reports`, { period, text: `${period}进展`, progress: 20, submit });
      ok(r, 201);
      return r.body;
    };
    const lixiaItems = made.filter((_, i) => i % 3 === 0);
    const a = await file(lixiaItems[0], '2026-01');
    const b = await file(lixiaItems[1], '2026-03');
    await file(lixiaItems[2], '2026-02', false);
    agree('reports submitted and drafted');
    ok(await leader.post(`${API}/reports/${a.id}/return`, { reason: '请补充材料' }));
    agree('a report returned');
    ok(await filler.post(`${API}/reports/${a.id}/submit`));
    ok(await leader.post(`${API}/reports/${b.id}/approve`));
    agree('a report submitted again, one approved');

    // items edited: a due date after the cycle's end, the milestones replaced
    ok(await office.patch(`${API}/items/${made[1].id}`, { due_date: '2027-03-31' }));
    ok(await office.patch(`${API}/items/${made[4].id}`, {
      milestones: [{ title: '唯一节点', due_date: '2026-05-01', done: true }],
    }));
    agree('items edited');

    // completed, cancelled (its milestones stop counting) and brought back
    for (const [k, state] of [[0, 'done'], [2, 'cancelled'], [3, 'done'], [5, 'cancelled']]) {
      ok(await office.patch(`${API}/items/${made[k].id}`, { state }));
    }
    agree('items completed and cancelled');
    ok(await office.patch(`${API}/items/${made[5].id}`, { state: 'active' }));
    agree('an item brought back');

    const d = await office.post(`${API}/items/${made[8].id}/decompose`, { unit_ids: [units[0].id, units[1].id] });
    assert.ok([200, 201].includes(d.status), show(d));
    agree('an item decomposed');

    // the daily job: lights turn red as the days pass
    const j = cli(['jobs', 'run', '--db', srv.db, '--today', '2026-04-15']);
    assert.equal(j.code, 0, j.stderr);
    agree('lights recomputed');
    const rows = kept(srv.db);
    const total = (f) => Object.values(rows).reduce((s, v) => s + v[f], 0);
    for (const f of ['items_due', 'ms_due', 'ms_on_time', 'rep_due', 'red_items']) assert.ok(total(f) > 0, `${f} counted`);
  });
});
