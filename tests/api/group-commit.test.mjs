// Group commit: report writes from many clients at once are committed together by the
// server's writer (one fsync for a group), yet each stays all-or-nothing on its own, every
// one is audited in one unbroken chain, and nothing is acknowledged before it is durable.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { API, loginAs, show, expectError, withoutCsrf } from './_helpers.mjs';
import { cli, Client } from '../lib/server.mjs';
import { startChainServer, createCycle, unitNamed, createItem, sql, LIXIA_FGJ } from './fixtures/chain-helpers.mjs';

const PERIODS = ['2026-01', '2026-02', '2026-03'];

describe('group commit of report writes', () => {
  let srv; let office; let cycle; let lixia;
  before(async () => {
    srv = await startChainServer();
    office = await loginAs(srv.url, 'office');
    cycle = await createCycle(office, { phase: 'running' });
    lixia = await unitNamed(office, LIXIA_FGJ);
  });
  after(async () => { await srv?.stop(); });

  async function items(n, tag) {
    const out = [];
    for (let i = 0; i < n; i++) {
      out.push(await createItem(office, cycle.id, lixia.id, { title: `并发填报${tag}${i}`, responsible_person: '填报员' }));
    }
    return out;
  }

  it('concurrent reports, some conflicting, each succeed or fail alone and are all audited', async () => {
    const fillers = await Promise.all([0, 1, 2, 3].map(() => loginAs(srv.url, 'filler')));
    const its = await items(10, 'A');
    const before = sql(srv.db, 'SELECT max(seq) AS s FROM audit')[0].s;
    // every (item, period) once, and every tenth twice: the second of a pair must be refused
    const jobs = [];
    its.forEach((it, i) => PERIODS.forEach((period) => {
      jobs.push({ it, period });
      if (i % 5 === 0) jobs.push({ it, period });
    }));
    const answers = await Promise.all(jobs.map(({ it, period }, k) => fillers[k % fillers.length].post(
      `${API}/items/${it.id}/reports`, { period, text: `第${k}份`, progress: 40, submit: true })));
    const created = answers.filter((r) => r.status === 201);
    const refused = answers.filter((r) => r.status !== 201);
    assert.equal(created.length, its.length * PERIODS.length, show(refused[0] || answers[0]));
    assert.equal(refused.length, jobs.length - created.length);
    for (const r of refused) {
      assert.equal(r.status, 409, show(r));
      assert.equal(r.body.error.field, 'period');
    }
    // one report per (item, period), each submitted, each the one its answer described
    const rows = sql(srv.db, `SELECT id, item_id, period, state, text FROM reports WHERE item_id IN (${its.map((i) => i.id).join(',')})`);
    assert.equal(rows.length, created.length);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const r of created) {
      const row = byId.get(r.body.id);
      assert.ok(row, `report ${r.body.id} is stored`);
      assert.equal(row.state, 'submitted');
      assert.equal(row.text, r.body.text);
      assert.equal(row.period, r.body.period);
    }
    // each write has its audit record: the successes and the refusals
    const audit = sql(srv.db, `SELECT action, outcome FROM audit WHERE seq > ${before} AND action LIKE 'report.%'`);
    assert.equal(audit.filter((a) => a.action === 'report.submit' && a.outcome === 'ok').length, created.length);
    assert.equal(audit.filter((a) => a.outcome === 'failed').length, refused.length);
    const v = cli(['audit', 'verify', '--db', srv.db]);
    assert.equal(v.code, 0, v.stderr);
  });

  it('a grouped write answers its own validation errors, and reads see what was acknowledged', async () => {
    const filler = await loginAs(srv.url, 'filler');
    const [it] = await items(1, 'B');
    const bad = await filler.post(`${API}/items/${it.id}/reports`, { period: '2026-13', text: '', progress: 140 });
    assert.equal(bad.status, 422, show(bad));
    const fields = bad.body.error.fields.map((f) => f.field).sort();
    assert.deepEqual(fields, ['period', 'progress', 'text']);
    const ok = await filler.post(`${API}/items/${it.id}/reports`, { period: '2026-02', text: '推进中', progress: 20 });
    assert.equal(ok.status, 201, show(ok));
    const list = await filler.get(`${API}/items/${it.id}/reports`);
    assert.equal(list.status, 200, show(list));
    assert.deepEqual(list.body.items.map((r) => r.id), [ok.body.id]);
    const edit = await filler.patch(`${API}/reports/${ok.body.id}`, { progress: 25 });
    assert.equal(edit.status, 200, show(edit));
    assert.equal(edit.body.progress, 25);
  });

  it('a grouped write\'s body is refused in the order of the checks: session, CSRF, then the body', async () => {
    const filler = await loginAs(srv.url, 'filler');
    const [it] = await items(1, 'D');
    const path = `${API}/items/${it.id}/reports`;
    const broken = '{"period": "2026-04", "text": ';
    const e = expectError(await filler.post(path, broken), 400, 'bad_request');
    assert.match(e.message, /第 1 行第 \d+ 列/, 'the message says where the JSON breaks');
    expectError(await filler.post(path, '[1, 2]'), 400, 'bad_request');
    expectError(await filler.post(path, 'period=2026-04', { 'Content-Type': 'text/plain' }), 415, 'unsupported_media_type');
    // a refusal that comes first is not hidden by the body's
    expectError(await new Client(srv.url).post(path, broken), 401, 'not_logged_in');
    expectError(await withoutCsrf(filler, () => filler.post(path, broken)), 403, 'csrf_required');
    // and none of them wrote anything; a good body still goes through
    assert.equal(sql(srv.db, `SELECT count(*) AS n FROM reports WHERE item_id = ${it.id}`)[0].n, 0);
    const ok = await filler.post(path, { period: '2026-04', text: '推进中', progress: 10 });
    assert.equal(ok.status, 201, show(ok));
  });

  it('every acknowledged report survives SIGKILL during a write load', async () => {
    const fillers = await Promise.all([0, 1, 2, 3].map(() => loginAs(srv.url, 'filler')));
    const its = await items(40, 'C');
    const acknowledged = [];
    const jobs = [];
    its.forEach((it) => PERIODS.forEach((period) => jobs.push({ it, period })));
    let next = 0;
    const workers = fillers.map((c) => (async () => {
      while (next < jobs.length) {
        const { it, period } = jobs[next++];
        let r;
        try {
          r = await c.post(`${API}/items/${it.id}/reports`, { period, text: '崩溃前的填报', progress: 10, submit: true });
        } catch {
          return; // the server is gone
        }
        if (r.status === 201) acknowledged.push(r.body.id);
      }
    })());
    await new Promise((r) => setTimeout(r, 150));
    srv.proc.kill('SIGKILL');
    await Promise.all(workers);
    assert.ok(acknowledged.length > 5, `the load wrote something (${acknowledged.length})`);
    const ids = new Set(sql(srv.db, 'SELECT id FROM reports').map((r) => r.id));
    for (const id of acknowledged) assert.ok(ids.has(id), `report ${id} survived`);
    const v = cli(['audit', 'verify', '--db', srv.db]);
    assert.equal(v.code, 0, v.stderr);
  });
});
