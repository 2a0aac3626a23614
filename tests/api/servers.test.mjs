// Several liandong servers on one database (issue 8, part 4): a session opened on one works on
// the other and ends on both; failed logins count across servers; the daily job runs once a
// day however many servers start together. Runs on SQLite (two processes on one file) and,
// with LIANDONG_TEST_PG, on PostgreSQL, where this is how a province deploys.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { Client, WEB, spawnServe, stopProc, demoDatabase, dbQuery, dbExec, pgAdmin, BACKEND } from '../lib/server.mjs';
import { API } from './_helpers.mjs';
import { createCycle, createItem, unitByCode } from './fixtures/chain-helpers.mjs';

function serve(db, dir) {
  const args = ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '2', '--quiet', '--mode', 'demo',
    '--files', path.join(dir, 'files')];
  if (existsSync(WEB)) args.push('--web', WEB);
  return spawnServe(args);
}

describe(`two servers on one ${BACKEND} database`, () => {
  let dir, db, drop, a, b;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'liandong-servers-'));
    ({ db, drop } = demoDatabase(dir));
    // started together, as after a deployment: both runners look at the day at once
    [a, b] = await Promise.all([serve(db, dir), serve(db, dir)]);
  });
  after(async () => {
    await Promise.all([stopProc(a.proc), stopProc(b.proc)]);
    drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a session opened on one server works on the other, and logging out ends it on both', async () => {
    const onA = new Client(a.url);
    assert.equal((await onA.login('office')).status, 200);
    const onB = new Client(b.url);
    onB.cookie = onA.cookie;
    onB.csrf = onA.csrf;
    const me = await onB.get(`${API}/me`);
    assert.equal(me.status, 200, 'the cookie from server A is a session on server B');
    assert.equal(me.body.user.username, 'office');
    // a write on B with A's CSRF token
    const w = await onB.post(`${API}/cycles`, { year: 2041, theme: '跨服务器' });
    assert.equal(w.status, 201, JSON.stringify(w.body));
    assert.equal((await onA.get(`${API}/cycles/${w.body.id}`)).status, 200, 'A reads what B wrote');
    assert.equal((await onB.del(`${API}/session`)).status, 204);
    assert.equal((await onA.get(`${API}/me`)).status, 401, 'logged out on B, the session is gone on A');
  });

  it('a board kept by one server is not kept past a change made through the other', async () => {
    const onA = new Client(a.url);
    const onB = new Client(b.url);
    assert.equal((await onA.login('office')).status, 200);
    assert.equal((await onB.login('office')).status, 200);
    const cycle = await createCycle(onB, { year: 2042, phase: 'running' });
    const province = await unitByCode(onA, '370000');
    const board = async () => {
      const r = await onA.get(`${API}/dashboard?cycle_id=${cycle.id}&unit_id=${province.id}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.totals.total;
    };
    // asked several times, so each of A's connections keeps it
    const before = await board();
    for (let i = 0; i < 5; i++) assert.equal(await board(), before, 'asked again: the same');
    await createItem(onB, cycle.id, province.id, { title: '跨服务器新增事项' });
    for (let i = 0; i < 5; i++) assert.equal(await board(), before + 1, 'server A sees the item server B created');
  });

  it('failed logins count across servers: five wrong passwords split over both lock the account', async () => {
    for (const [i, srv] of [a, a, b, b, a].entries()) {
      const r = await new Client(srv.url).login('supervisor', `wrong-${i}`);
      assert.equal(r.status, 401, `failure ${i + 1}`);
    }
    const right = await new Client(b.url).login('supervisor');
    assert.equal(right.status, 423, 'locked on B by failures counted on A and B');
    assert.equal(right.body.error.code, 'account_locked');
    assert.equal((await new Client(a.url).login('supervisor')).status, 423, 'and on A');
  });

  it('the daily job ran once for the day, by one of the two', async () => {
    // both runners look at the day as they start; give the second a moment to have looked
    let runs = [];
    for (let i = 0; i < 50 && runs.length === 0; i++) {
      runs = dbQuery(db, 'SELECT day, worker, finished_at FROM job_runs');
      if (runs.length === 0 || !runs[0].finished_at) await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 500));
    runs = dbQuery(db, 'SELECT day, worker, finished_at FROM job_runs');
    assert.equal(runs.length, 1, JSON.stringify(runs));
    assert.ok(runs[0].finished_at, 'finished');
    const audited = dbQuery(db, "SELECT actor, entity_id FROM audit WHERE action = 'job.daily'");
    assert.equal(audited.length, 1, `one job.daily record, not one per server: ${JSON.stringify(audited)}`);
    assert.equal(audited[0].entity_id, runs[0].day);
  });

  it('queued webhook messages are each sent once, by one of the two servers', async () => {
    // a slow receiver that keeps connections alive: while one server waits for its answer,
    // the other looks at the queue
    const got = new Map();
    const hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        got.set(body, (got.get(body) || 0) + 1);
        setTimeout(() => res.end('{"errcode":0}'), 300);
      });
    });
    await new Promise((r) => hook.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${hook.address().port}/hook`;
    const rows = [...Array(6).keys()].map((i) => `('${url}', 'dingtalk', '{"n":${i}}', 'servers-test', '2026-01-0${i + 1}',` +
      " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')").join(', ');
    const ins = dbExec(db, `INSERT INTO deliveries (url, format, payload, reason_key, day, created_at, updated_at) VALUES ${rows}`);
    assert.equal(ins.status, 0, ins.stderr);
    const query = "SELECT id, status, attempts, last_status FROM deliveries WHERE reason_key = 'servers-test' ORDER BY id";
    let rowsNow = [];
    for (let i = 0; i < 100 && !(rowsNow.length === 6 && rowsNow.every((r) => r.status === 'sent')); i++) {
      await new Promise((r) => setTimeout(r, 100));
      rowsNow = dbQuery(db, query);
    }
    await new Promise((r) => setTimeout(r, 1200)); // time for a second sending, were there one
    hook.close();
    assert.ok(rowsNow.every((r) => r.status === 'sent' && Number(r.attempts) === 1), JSON.stringify(rowsNow));
    assert.deepEqual([...got.values()], [1, 1, 1, 1, 1, 1], `each received once: ${JSON.stringify([...got])}`);
  });

  it('on PostgreSQL, a server whose connections were ended connects again', { skip: BACKEND !== 'postgresql' && 'PostgreSQL only' }, async () => {
    const c = new Client(a.url);
    assert.equal((await c.login('leader')).status, 200);
    const name = new URL(db).pathname.slice(1);
    pgAdmin(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
    // each connection notices on its next statement and opens again; that request fails
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await c.get(`${API}/cycles`)).status);
    assert.deepEqual(statuses.slice(-4), [200, 200, 200, 200], `answers after the connections ended: ${statuses}`);
  });
});
