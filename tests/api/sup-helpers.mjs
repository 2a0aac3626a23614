// Shared set-up for the supervision (督责) API tests, tests/api/sup-*.test.mjs: a server whose
// clock is pinned to a chosen China day and that can be restarted on the same database with a
// later clock ("time passes" without sleeping), the daily job run from the command line for a
// chosen day, China's working days counted from the chinese-days data itself, a loopback
// webhook receiver, and small look-ups (messages, deliveries, escalations).
// Not a test file itself (no .test. in the name).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, WEB, spawnServe, stopProc, demoDatabase, storageArgs } from '../lib/server.mjs';
import { API, loginAs, show, qs, expectList } from './_helpers.mjs';
import { createCycle, createItem, unitNamed, unitByCode, getItem, sql, addDays } from './fixtures/chain-helpers.mjs';

export { createCycle, createItem, unitNamed, unitByCode, getItem, sql, addDays };
export {
  LIXIA_FGJ, SHIZHONG_FGJ, HUAIYIN_FGJ, TIANQIAO_FGJ, JINAN_FGW, PROVINCE_FGW, SQUARE,
} from './fixtures/chain-helpers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const STRONG = 'Taishan#Sunrise2026';

/* ---------- time ---------- */

/* The server's --clock for a China day (UTC+8) at `hour` o'clock Beijing time, as a string. */
export function clockOf(day, hour = 10) {
  const [y, m, d] = day.split('-').map(Number);
  return String(Date.UTC(y, m - 1, d, hour - 8, 0, 0) / 1000);
}

/* Calendar days from a to b (b − a), both YYYY-MM-DD. */
export function daysBetween(a, b) {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
}

/* ---------- China's calendar, straight from the data package ---------- */

let calendarData;
export function chineseDays() {
  if (!calendarData) {
    calendarData = JSON.parse(readFileSync(path.join(root, 'node_modules/chinese-days/dist/chinese-days.json'), 'utf8'));
  }
  return calendarData;
}

/* Whether a day is a working day as China's calendar says: a weekday that is not a holiday,
 * or a weekend day listed as an adjusted workday (调休上班). */
export function isWorkday(day) {
  const { holidays, workdays } = chineseDays();
  if (holidays[day]) return false;
  if (workdays[day]) return true;
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6;
}

/* Working days in [from, to], both inclusive, by the chinese-days data. */
export function workdaysIn(from, to) {
  let n = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) if (isWorkday(d)) n += 1;
  return n;
}

/* Weekdays (Mon–Fri) in [from, to]: what a calendar without holidays counts. */
export function weekdaysIn(from, to) {
  let n = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (wd !== 0 && wd !== 6) n += 1;
  }
  return n;
}

/* ---------- a server that can be restarted on the same database ---------- */

function serveAt(db, dir, clock, extraArgs = []) {
  const args = ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '2', '--quiet', '--mode', 'demo',
    ...storageArgs(dir)];
  if (existsSync(WEB)) args.push('--web', WEB);
  if (clock) args.push('--clock', String(clock));
  return spawnServe([...args, ...extraArgs]);
}

/* A fresh demo database (small scale, seed 1) served with the clock pinned to `day` (10:00 in
 * Beijing unless `clock` gives the unix seconds). Answers {url, db, dir, restart(day|{clock}),
 * stop()}: restart stops the server and serves the same database again with a new clock, so a
 * test can let time pass; `url` changes with each restart (the port is picked afresh). */
export async function startSupServer({ day = '2026-09-28', clock } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'liandong-sup-'));
  const { db, drop } = demoDatabase(dir);
  let cur = await serveAt(db, dir, clock || clockOf(day));
  const srv = {
    db, dir, url: cur.url,
    log: () => cur.log(),
    async restart(next) {
      await stopProc(cur.proc);
      const c = typeof next === 'string' ? clockOf(next) : next.clock;
      cur = await serveAt(db, dir, c);
      srv.url = cur.url;
      return srv;
    },
    async stop() {
      await stopProc(cur.proc);
      if (process.env.LIANDONG_TEST_LOG === '1') process.stderr.write(cur.log());
      drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return srv;
}

/* ---------- the daily job ---------- */

/* Runs `liandong jobs run --db DB --today DAY` without blocking this process's event loop (a
 * webhook receiver in this process must be able to answer while the job runs). */
export function runJobsRaw(db, day) {
  return new Promise((resolve) => {
    execFile(BIN, ['jobs', 'run', '--db', db, '--today', day], { encoding: 'utf8', timeout: 120000 },
      (err, stdout, stderr) => resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr }));
  });
}

/* The daily job for `day`; fails the test unless it exits 0. */
export async function runJobs(db, day) {
  const r = await runJobsRaw(db, day);
  assert.equal(r.code, 0, `liandong jobs run --today ${day} exited ${r.code}: ${r.stderr || r.stdout}`);
  return r;
}

/* ---------- accounts ---------- */

/* Creates an account (sysadmin) with one grant (secadmin) and logs it in. */
export async function userWithGrant(url, { username, role, unitId, sector }) {
  const sys = await loginAs(url, 'sysadmin');
  const sec = await loginAs(url, 'secadmin');
  const u = await sys.post(`${API}/users`, { username, display_name: `测试${role}`, unit_id: unitId, password: STRONG });
  assert.equal(u.status, 201, `create user ${username}: ${show(u)}`);
  const g = await sec.post(`${API}/users/${u.body.id}/grants`, { role, unit_id: unitId, ...(sector ? { sector } : {}) });
  assert.equal(g.status, 201, `grant ${role} to ${username}: ${show(g)}`);
  return loginAs(url, username, STRONG);
}

/* ---------- items ---------- */

/* A running cycle with items ready to be made; answers the Cycle. */
export function runningCycle(office) {
  return createCycle(office, { phase: 'running', theme: '督责测试年度' });
}

/* An item of `unitId` due on `due` (no start date unless given), created by the office. */
export function itemDue(office, cycleId, unitId, due, over = {}) {
  return createItem(office, cycleId, unitId, { start_date: null, due_date: due, ...over });
}

/* The total of GET /items with these filters. */
export async function countItems(c, filters) {
  const r = await c.get(`${API}/items${qs({ ...filters, size: 1 })}`);
  expectList(r);
  return r.body.total;
}

/* Every page of a list endpoint (size 200). */
export async function allPages(c, p, params = {}) {
  const out = [];
  for (let page = 1; page < 100; page += 1) {
    const r = await c.get(`${p}${qs({ ...params, page, size: 200 })}`);
    const items = expectList(r);
    out.push(...items);
    if (items.length === 0 || out.length >= r.body.total) return { items: out, body: r.body };
  }
  throw new Error(`${p}: more than 100 pages`);
}

/* ---------- messages ---------- */

/* The caller's messages (all pages); `where` filters them (e.g. {item_id, kind}). */
export async function messages(c, where = {}) {
  const { items } = await allPages(c, `${API}/messages`);
  return items.filter((m) => Object.entries(where).every(([k, v]) => m[k] === v));
}

/* The text of a message, title and body, for matching the reminder's words. */
export const text = (m) => `${m.title || ''} ${m.body || ''}`;

/* ---------- deliveries (webhook) ---------- */

export async function deliveries(office) {
  return (await allPages(office, `${API}/deliveries`)).items;
}

/* Polls GET /deliveries until `pred(list)` holds; fails after `ms`. */
export async function waitDeliveries(office, pred, ms = 25000, what = 'deliveries') {
  const end = Date.now() + ms;
  let list = [];
  for (;;) {
    list = await deliveries(office);
    if (pred(list)) return list;
    if (Date.now() > end) assert.fail(`${what}: condition not met after ${ms} ms; deliveries: ${JSON.stringify(list).slice(0, 1500)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/* An HTTP receiver on 127.0.0.1 (random port). `answer(n)` gives the status for the n-th
 * request (1-based); every request is kept with its parsed JSON body. */
export function startReceiver(answer = () => 200) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (d) => chunks.push(d));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let json = null;
      try { json = JSON.parse(raw); } catch { /* kept raw */ }
      requests.push({ method: req.method, url: req.url, headers: req.headers, raw, json });
      const status = answer(requests.length);
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(status === 200 ? '{"errcode":0,"errmsg":"ok"}' : '{"errcode":500,"errmsg":"busy"}');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}/robot/send?access_token=test`,
        requests,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
      });
    });
  });
}

/* Waits until the receiver holds at least `n` requests matching `pred`; fails after `ms`. */
export async function waitRequests(rcv, pred, n = 1, ms = 25000) {
  const end = Date.now() + ms;
  for (;;) {
    const got = rcv.requests.filter(pred);
    if (got.length >= n) return got;
    if (Date.now() > end) {
      assert.fail(`receiver: wanted ${n} matching request(s) within ${ms} ms, got ${got.length}; all: ${JSON.stringify(rcv.requests.map((r) => r.raw)).slice(0, 1500)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/* ---------- settings ---------- */

export async function putSettings(office, cycleId, body) {
  const r = await office.request('PUT', `${API}/cycles/${cycleId}/settings`, body);
  assert.equal(r.status, 200, `PUT settings: ${show(r)}`);
  return r.body;
}

/* ---------- light order ---------- */

export const SEVERITY = { red: 3, yellow: 2, green: 1 };

export { API, loginAs, show, qs, expectList };
