// Starts a real liandong server on a fresh demo database in a temporary directory, for the API
// and browser tests. Each call gets its own database and port; stop() removes everything.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = process.env.LIANDONG_BIN || path.join(root, 'build', 'liandong');
export const WEB = path.join(root, 'web', 'dist');
export const PASSWORD = 'Liandong@2026';

/* Runs a liandong subcommand to completion; returns {code, stdout, stderr}. */
export function cli(args, input) {
  try {
    const stdout = execFileSync(BIN, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    return { code: e.status, stdout: e.stdout || '', stderr: e.stderr || '' };
  }
}

/* Servers this test file started and has not stopped. A started server is unref'd, so a file
 * whose `before` hook failed after starting one still exits (and fails) instead of hanging on
 * the child; whatever is left is killed when the file's process exits. */
const live = new Set();
process.on('exit', () => { for (const p of live) p.kill('SIGKILL'); });

/* Spawns `liandong serve` with `args` and waits for its "listening on" line; resolves to
 * {proc, url, log()}. Rejects, killing the child, if it exits or is silent for 20 s. */
export function spawnServe(args, env) {
  const proc = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...(env || {}) } });
  live.add(proc);
  proc.on('exit', () => live.delete(proc));
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  return new Promise((resolve, reject) => {
    let out = '';
    const fail = (why) => { proc.kill('SIGKILL'); reject(new Error(`${why}: ${log}`)); };
    const timer = setTimeout(() => fail('server did not start'), 20000);
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${log}`)); });
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (!m) return;
      clearTimeout(timer);
      proc.removeAllListeners('exit');
      proc.on('exit', () => live.delete(proc));
      proc.unref(); proc.stdout.unref(); proc.stderr.unref();
      resolve({ proc, url: m[1], log: () => log });
    });
  });
}

/* Sends SIGTERM and waits for the server to exit (ref'd again so the wait holds the file open). */
export async function stopProc(proc) {
  if (proc && proc.exitCode === null && proc.signalCode === null) {
    proc.ref();
    const done = new Promise((r) => proc.on('exit', r));
    proc.kill('SIGTERM');
    await done;
  }
}

/* LIANDONG_TEST_PG: the URL of a PostgreSQL cluster (as its superuser) to run the tests on
 * instead of SQLite files; each server then gets a database of its own there. */
export const PG = process.env.LIANDONG_TEST_PG || '';
export const BACKEND = PG ? 'postgresql' : 'sqlite';
/* LIANDONG_TEST_PG_TEMPLATE: a database on that cluster holding the small demo (seed 1), which
 * startServer copies instead of generating the demo again over the network for every server. */
const PG_TEMPLATE = process.env.LIANDONG_TEST_PG_TEMPLATE || '';
let pgCount = 0;

/* Runs SQL on the cluster's maintenance database (PG mode). */
export function pgAdmin(sql) {
  return execFileSync('psql', [PG, '-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
}

/* A new database on the cluster, empty or a copy of template; {url, drop()}. */
export function pgDatabase(template) {
  const name = `ld_t${process.pid}_${++pgCount}`;
  pgAdmin(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  const u = new URL(PG);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/* Reads rows (as objects) straight from a test's database with the database's own command
 * line tool — sqlite3, or psql on PostgreSQL — the way an auditor's tool would. */
export function dbQuery(db, query) {
  if (!PG) {
    const out = execFileSync('sqlite3', ['-readonly', '-json', db, query], { encoding: 'utf8' });
    return out.trim() ? JSON.parse(out) : [];
  }
  const out = execFileSync('psql', [db, '-qAtX', '-v', 'ON_ERROR_STOP=1', '-c',
    `SELECT coalesce(json_agg(q), '[]') FROM (${query}) q`], { encoding: 'utf8' });
  return JSON.parse(out);
}

/* Runs SQL on a test's database with its command line tool: {status, stdout, stderr}. */
export function dbExec(db, statements) {
  const r = PG
    ? spawnSync('psql', [db, '-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', statements], { encoding: 'utf8' })
    : spawnSync('sqlite3', [db, statements], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/* A fresh demo database (small scale, seed 1) for a test in dir: {db, drop()}, db being a file
 * in dir or (PG mode) a new database's URL — a copy of PG mode's template when there is one. */
export function demoDatabase(dir) {
  let db = path.join(dir, 't.db');
  let drop = () => {};
  if (PG) {
    ({ url: db, drop } = pgDatabase(PG_TEMPLATE));
    if (PG_TEMPLATE) return { db, drop };
  }
  const demo = cli(['demo', '--db', db, '--scale', 'small', '--seed', '1']);
  if (demo.code !== 0) throw new Error(`demo failed (${demo.code}): ${demo.stderr}`);
  return { db, drop };
}

/* What `serve` needs besides --db for a test in dir: on PostgreSQL, where uploads go. */
export function storageArgs(dir) {
  return PG ? ['--files', path.join(dir, 'files')] : [];
}

/* Creates a demo database (small scale, seed 1) and serves it; resolves to
 * {url, db, dir, stop()}. opts.extraArgs go to `serve`; opts.env to its environment. */
export async function startServer(opts = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'liandong-test-'));
  const { db, drop } = demoDatabase(dir);
  // demo mode unless a test asks for production (demo accounts refused, TOTP for admins)
  const args = ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '2', '--mode', opts.mode || 'demo'];
  args.push(...storageArgs(dir));
  if (existsSync(WEB)) args.push('--web', WEB);
  const { proc, url, log } = await spawnServe([...args, ...(opts.extraArgs || [])], opts.env);
  return {
    url, db, dir, proc, log,
    async stop() {
      await stopProc(proc);
      // LIANDONG_TEST_LOG=1: what the server wrote on stderr, for a failure seen only in CI
      if (process.env.LIANDONG_TEST_LOG === '1') process.stderr.write(log());
      drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/* Passwords changed at a first login, by "base username issued-password". */
const issued = new Map();

/* A small cookie-keeping client: login() stores the session cookie and CSRF token,
 * request() sends them, and answers {status, headers, body} with body parsed as JSON when it is. */
export class Client {
  constructor(base) { this.base = base; this.cookie = null; this.csrf = null; }
  async request(method, p, body, headers = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET' && !('X-CSRF-Token' in h)) h['X-CSRF-Token'] = this.csrf;
    let payload;
    if (body !== undefined) {
      payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
      if (!('Content-Type' in h)) h['Content-Type'] = 'application/json';
    }
    const res = await fetch(this.base + p, { method, headers: h, body: payload, redirect: 'manual' });
    const set = res.headers.get('set-cookie');
    if (set) {
      const m = set.match(/ld_session=([^;]*)/);
      if (m) this.cookie = m[1] ? `ld_session=${m[1]}` : null;
    }
    const text = await res.text();
    let parsed = text;
    if ((res.headers.get('content-type') || '').includes('application/json') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed };
  }
  get(p, h) { return this.request('GET', p, undefined, h); }
  post(p, b, h) { return this.request('POST', p, b, h); }
  patch(p, b, h) { return this.request('PATCH', p, b, h); }
  del(p, h) { return this.request('DELETE', p, undefined, h); }
  /* Logs in. A password an administrator issued must be changed at the first login (the
   * server allows nothing else until then): unless opts.keepIssued, login() changes it to a
   * derived one and remembers that, so tests can keep logging in with the password they
   * issued. */
  async login(username, password = PASSWORD, opts = {}) {
    const key = `${this.base} ${username} ${password}`;
    const actual = issued.get(key) || password;
    const r = await this.post('/api/v1/session', { username, password: actual });
    if (r.status === 200) this.csrf = r.body.csrf_token;
    if (r.status === 200 && r.body.must_change_password && !opts.keepIssued) {
      const next = `${actual}-Changed9`;
      const c = await this.post('/api/v1/me/password', { current_password: actual, new_password: next });
      if (c.status !== 204) throw new Error(`changing the issued password of ${username}: HTTP ${c.status}`);
      issued.set(key, next);
      r.body.must_change_password = false;
    }
    return r;
  }
}
