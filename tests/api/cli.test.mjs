// The `liandong` command line: help, errors, init, user add, import.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, Client, cli } from '../lib/server.mjs';
import { API, show, unique } from './_helpers.mjs';

const SUBCOMMANDS = ['serve', 'init', 'demo', 'user', 'import'];

function count(db, table) {
  return Number(execFileSync('sqlite3', ['-readonly', db, `select count(*) from ${table}`], { encoding: 'utf8' }).trim());
}

describe('command line', () => {
  let dir;
  before(() => { dir = mkdtempSync(path.join(tmpdir(), 'liandong-cli-')); });
  after(() => { rmSync(dir, { recursive: true, force: true }); });

  it('liandong --help exits 0 and names the subcommands', () => {
    const r = cli(['--help']);
    assert.equal(r.code, 0, r.stderr);
    for (const s of SUBCOMMANDS) assert.match(r.stdout, new RegExp(`\\b${s}\\b`), `--help mentions ${s}`);
  });

  for (const args of [...SUBCOMMANDS.map((s) => [s]), ['user', 'add'], ['import', 'regions']]) {
    const name = args.join(' ');
    it(`liandong ${name} --help exits 0 with its own usage text`, () => {
      const top = cli(['--help']).stdout;
      const r = cli([...args, '--help']);
      assert.equal(r.code, 0, `${name} --help: ${r.stderr}`);
      assert.ok(r.stdout.trim().length > 0, `${name} --help prints usage on stdout`);
      assert.notEqual(r.stdout, top, `${name} --help describes ${name}, not the whole command`);
      assert.match(r.stdout, new RegExp(`liandong ${name}\\b`), `usage of ${name} names it`);
    });
  }

  it('an unknown subcommand exits non-zero with a message naming it', () => {
    const r = cli(['frobnicate']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /frobnicate/, `stderr names the unknown command: ${r.stderr}`);
  });

  it('an unknown option exits non-zero with a message', () => {
    const r = cli(['init', '--no-such-option']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /no-such-option/, `stderr names the option: ${r.stderr}`);
  });

  it('init on a fresh file works, and a second time changes nothing', () => {
    const db = path.join(dir, 'fresh.db');
    const first = cli(['init', '--db', db]);
    assert.equal(first.code, 0, `first init: ${first.stderr}`);
    const units = count(db, 'units');
    const regions = count(db, 'regions');
    const users = count(db, 'users');
    const second = cli(['init', '--db', db]);
    assert.equal(second.code, 0, `second init: ${second.stderr}`);
    assert.equal(count(db, 'units'), units, 'units unchanged by a second init');
    assert.equal(count(db, 'regions'), regions, 'regions unchanged by a second init');
    assert.equal(count(db, 'users'), users, 'users unchanged by a second init');
  });

  it('import regions from a missing directory fails with a message naming the path', () => {
    const db = path.join(dir, 'import.db');
    assert.equal(cli(['init', '--db', db]).code, 0);
    const missing = path.join(dir, 'no-such-dir');
    const r = cli(['import', 'regions', '--db', db, '--from', missing]);
    assert.notEqual(r.code, 0);
    assert.ok(r.stderr.includes(missing), `stderr names ${missing}: ${r.stderr}`);
  });

  describe('user add --password-stdin', () => {
    let srv;
    before(async () => { srv = await startServer(); });
    after(async () => { await srv?.stop(); });

    it('creates a user who can log in', async () => {
      const username = unique('cliuser');
      const password = 'Penglai#Island2026';
      const r = cli(['user', 'add', '--db', srv.db, '--username', username, '--display-name', '命令行用户',
        '--role', 'filler', '--scope', '370102', '--password-stdin'], `${password}\n`);
      assert.equal(r.code, 0, `user add: ${r.stderr}`);
      const c = new Client(srv.url);
      const login = await c.login(username, password);
      assert.equal(login.status, 200, show(login));
      assert.equal(login.body.user.username, username);
      assert.equal(login.body.user.display_name, '命令行用户');
      const g = login.body.user.roles.find((x) => x.role === 'filler');
      assert.ok(g, `holds the role given: ${JSON.stringify(login.body.user.roles)}`);
      assert.equal(g.unit_code, '370102');
      const roots = await c.get(`${API}/units`);
      assert.deepEqual(roots.body.items.map((u) => u.code), ['370102'], 'scoped to the unit given');
      assert.equal((await c.get(`${API}/me`)).status, 200);
    });

    it('refuses a weak password and creates nobody', async () => {
      const username = unique('cliweak');
      const r = cli(['user', 'add', '--db', srv.db, '--username', username, '--display-name', '弱',
        '--role', 'filler', '--scope', '370102', '--password-stdin'], 'short\n');
      assert.notEqual(r.code, 0);
      assert.ok(r.stderr.trim().length > 0, 'says why');
      const login = await new Client(srv.url).login(username, 'short');
      assert.equal(login.status, 401);
    });

    it('refuses a duplicate username', () => {
      const r = cli(['user', 'add', '--db', srv.db, '--username', 'office', '--display-name', '重复',
        '--role', 'office', '--scope', '370000', '--password-stdin'], 'Penglai#Island2026\n');
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /office/, `names the username: ${r.stderr}`);
    });
  });
});
