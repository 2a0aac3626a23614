// The daily job (`liandong jobs run --today D`, or the server's own runner) records what it did,
// one row per day in GET /jobs. It is idempotent: running it twice for a day doubles neither the
// row nor the reminders.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  API, loginAs, show, startSupServer, runningCycle, unitNamed, itemDue, runJobs, runJobsRaw, messages,
  LIXIA_FGJ,
} from './sup-helpers.mjs';
import { expectError } from './_helpers.mjs';

const TODAY = '2026-09-28';

describe('daily job runs (GET /jobs)', () => {
  let srv; let office; let filler; let unitLeader; let cycle; let lixia;
  before(async () => {
    srv = await startSupServer({ day: TODAY });
    [office, filler, unitLeader] = await Promise.all(['office', 'filler', 'unit_leader'].map((n) => loginAs(srv.url, n)));
    cycle = await runningCycle(office);
    lixia = await unitNamed(office, LIXIA_FGJ);
    await itemDue(office, cycle.id, lixia.id, '2026-10-08', { title: '作业三日到期' }); // reminded: 3 working days
    await itemDue(office, cycle.id, lixia.id, TODAY, { title: '作业今日到期' }); // reminded: due today
    await itemDue(office, cycle.id, lixia.id, '2026-12-28', { title: '作业远期事项' }); // not reminded
  });
  after(async () => { await srv?.stop(); });

  async function runs() {
    const r = await office.get(`${API}/jobs`);
    assert.equal(r.status, 200, show(r));
    const rows = Array.isArray(r.body) ? r.body : r.body.items;
    assert.ok(Array.isArray(rows), `a list of runs: ${show(r)}`);
    return rows;
  }
  const reminderCount = async () => (await messages(filler, { kind: 'reminder' })).length
    + (await messages(unitLeader, { kind: 'reminder' })).length;

  it('a run is listed with its day, times and counts', async () => {
    // (the server's own runner may already have run the day when it started, before any item existed)
    await runJobs(srv.db, TODAY);
    const rows = (await runs()).filter((r) => r.day === TODAY);
    assert.equal(rows.length, 1, JSON.stringify(rows));
    const run = rows[0];
    assert.equal(run.day, TODAY);
    assert.ok(!Number.isNaN(Date.parse(run.started_at)), `started_at ${run.started_at}`);
    assert.ok(!Number.isNaN(Date.parse(run.finished_at)), `finished_at ${run.finished_at}`);
    assert.ok(Date.parse(run.finished_at) >= Date.parse(run.started_at), `finished ${run.finished_at} before started ${run.started_at}`);
    assert.equal(run.items, 3, 'the three items of the cycle were recomputed');
    const sent = await reminderCount();
    assert.equal(sent, 4, 'two items, each to the filler and the unit leader');
    assert.ok(run.reminders >= 2 && run.reminders <= sent, `reminders ${run.reminders} (2 reasons, ${sent} messages)`);
    assert.equal(run.escalations, 0);
  });

  it('running the same day again doubles nothing', async () => {
    const first = (await runs()).find((r) => r.day === TODAY);
    await runJobs(srv.db, TODAY);
    const rows = (await runs()).filter((r) => r.day === TODAY);
    assert.equal(rows.length, 1, `one row per day: ${JSON.stringify(rows)}`);
    assert.equal(rows[0].items, 3, 'not 6');
    assert.ok(rows[0].reminders <= first.reminders, `reminders not doubled: ${rows[0].reminders} after ${first.reminders}`);
    assert.equal(await reminderCount(), 4, 'no reminder sent twice');
  });

  it('each day has its own row', async () => {
    await runJobs(srv.db, '2026-09-29');
    const days = (await runs()).map((r) => r.day).sort();
    assert.deepEqual(days, [TODAY, '2026-09-29']);
  });

  it('a day that is not a date is refused and recorded nowhere', async () => {
    const r = await runJobsRaw(srv.db, '2026-13-45');
    assert.notEqual(r.code, 0, `jobs run with a bad day must fail: ${r.stdout}`);
    assert.ok(!(await runs()).some((x) => x.day === '2026-13-45'));
  });

  it('only the office reads the runs', async () => {
    expectError(await filler.get(`${API}/jobs`), [403, 404]);
    const supervisor = await loginAs(srv.url, 'supervisor');
    expectError(await supervisor.get(`${API}/jobs`), [403, 404]);
  });
});
