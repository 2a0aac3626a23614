// The tamper-evident audit chain, the auditor's access, backup under write load, and the
// binary's hardening (issue 6). Each test starts its own server on a fresh database.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, stopProc, Client, cli, dbExec, pgDatabase, BACKEND } from '../lib/server.mjs';

// The hardening of the binary users run: the optimised build (`make build`), which `make test`
// builds too; the sanitizer build instruments differently.
const RELEASE = process.env.LIANDONG_RELEASE_BIN ||
  path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'liandong');

const sql = dbExec;
const onPG = BACKEND === 'postgresql';
/* Dropping a trigger: PostgreSQL names its table too. */
const dropTrigger = (t) => (onPG ? `DROP TRIGGER ${t} ON audit;` : `DROP TRIGGER ${t};`);

describe('audit chain', () => {
  let server, office;
  before(async () => {
    server = await startServer();
    office = new Client(server.url);
    assert.equal((await office.login('office')).status, 200);
    for (let i = 0; i < 5; i++) {
      const r = await office.post('/api/v1/cycles', { year: 2030 + i, theme: `主题${i}` });
      assert.equal(r.status, 201);
    }
  });
  after(() => server.stop());

  it('verifies after real activity and prints a head that verify --head accepts', () => {
    const v = cli(['audit', 'verify', '--db', server.db]);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, /chain intact/);
    const head = cli(['audit', 'head', '--db', server.db]).stdout.trim();
    assert.match(head, /^\d+:[0-9a-f]{64}$/);
    assert.equal(cli(['audit', 'verify', '--db', server.db, '--head', head]).code, 0);
    const wrong = head.replace(/:[0-9a-f]/, (m) => (m === ':0' ? ':1' : ':0'));
    const bad = cli(['audit', 'verify', '--db', server.db, '--head', wrong]);
    assert.equal(bad.code, 1, 'a head that was never the chain is refused');
  });

  it('the database itself refuses to change or delete a record', () => {
    const upd = sql(server.db, "UPDATE audit SET actor = 'mallory' WHERE seq = 2");
    assert.notEqual(upd.status, 0);
    assert.match(upd.stderr, /cannot be changed/);
    const del = sql(server.db, 'DELETE FROM audit WHERE seq = 3');
    assert.notEqual(del.status, 0);
    assert.match(del.stderr, /cannot be deleted/);
    assert.equal(cli(['audit', 'verify', '--db', server.db]).code, 0);
  });

  it('the auditor reads and checks the log; the system administrator cannot', async () => {
    const auditor = new Client(server.url);
    assert.equal((await auditor.login('auditor')).status, 200);
    const list = await auditor.get('/api/v1/audit?action=cycle&size=50');
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((a) => a.action === 'cycle.create' && a.actor === 'office'));
    assert.ok(list.body.items.every((a) => a.action.startsWith('cycle.')));
    const check = await auditor.get('/api/v1/audit/verify');
    assert.equal(check.status, 200);
    assert.equal(check.body.ok, true);
    assert.ok(check.body.checked > 5);
    const sysadmin = new Client(server.url);
    assert.equal((await sysadmin.login('sysadmin')).status, 200);
    assert.equal((await sysadmin.get('/api/v1/audit')).status, 403);
    assert.equal((await office.get('/api/v1/audit')).status, 403);
    // failed logins are in the log, and no password is
    await new Client(server.url).login('leader', 'wrong-password-1A!');
    const failed = await auditor.get('/api/v1/audit?action=session.login&outcome=failed');
    assert.ok(failed.body.items.length >= 1);
    assert.ok(!JSON.stringify(failed.body).includes('wrong-password-1A!'));
  });
});

describe('tampering around the triggers is detected', () => {
  let server;
  before(async () => {
    server = await startServer();
    const office = new Client(server.url);
    await office.login('office');
    for (let i = 0; i < 4; i++) await office.post('/api/v1/cycles', { year: 2040 + i, theme: `t${i}` });
    await server.stop(); // keep the files: stop() removes the directory, so copy first
  });

  function tampered(statements) {
    const dir = mkdtempSync(path.join(tmpdir(), 'liandong-tamper-'));
    const db = path.join(dir, 't.db');
    return { dir, db, statements };
  }

  it('an edited, a deleted, an inserted and a reordered record are each named', async () => {
    const s = await startServer();
    const office = new Client(s.url);
    await office.login('office');
    for (let i = 0; i < 4; i++) await office.post('/api/v1/cycles', { year: 2050 + i, theme: `t${i}` });
    await new Promise((r) => setTimeout(r, 50));
    const base = s.db;
    const cases = [
      [`${dropTrigger('audit_no_update')} UPDATE audit SET after = '{"year":1999}' WHERE seq = 6;`, /记录 6/],
      [`${dropTrigger('audit_no_delete')} DELETE FROM audit WHERE seq = 5;`, /记录 6 之前缺少记录 5/],
      [`${dropTrigger('audit_no_update')} UPDATE audit SET seq = seq + 1000 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = 5; UPDATE audit SET seq = 5 WHERE seq = 1004;`, /记录 4/],
      ["INSERT INTO audit (seq, at, actor, client, action, entity, prev_hash, hash) SELECT seq + 1, '2026-01-01T00:00:00Z', 'mallory', 'x', 'cycle.create', 'cycle', hash, 'ffff' FROM audit ORDER BY seq DESC LIMIT 1;", /BROKEN/],
    ];
    // on PostgreSQL the copies are databases made from this one, which needs it unused
    if (onPG) await stopProc(s.proc);
    for (const [statements, why] of cases) {
      const t = tampered();
      let dropCopy = () => {};
      if (onPG) {
        const copy = pgDatabase(new URL(base).pathname.slice(1));
        t.db = copy.url;
        dropCopy = copy.drop;
      } else {
        execFileSync('cp', [base, t.db]);
        for (const side of ['-wal', '-shm']) spawnSync('cp', [base + side, t.db + side]);
      }
      const r = sql(t.db, statements);
      assert.equal(r.status, 0, r.stderr);
      const v = cli(['audit', 'verify', '--db', t.db]);
      assert.equal(v.code, 1, `tampering went unnoticed: ${statements}`);
      assert.match(v.stderr, why);
      dropCopy();
      rmSync(t.dir, { recursive: true, force: true });
    }
    await s.stop();
  });
});

describe('backup', () => {
  it('a backup taken while writes go on is whole and its audit chain verifies; restore puts it back',
    { skip: onPG && 'backup and restore copy SQLite files; a PostgreSQL database is backed up with pg_dump' }, async () => {
    const server = await startServer();
    const office = new Client(server.url);
    await office.login('office');
    const dir = mkdtempSync(path.join(tmpdir(), 'liandong-backup-'));
    let writing = true;
    let n = 0;
    const load = (async () => {
      while (writing && n < 400) {
        const r = await office.post('/api/v1/cycles', { year: 2100 - (n % 90), theme: `负载${n}` });
        if (r.status === 201 || r.status === 409) n++;
      }
    })();
    await new Promise((r) => setTimeout(r, 100));
    const backup = path.join(dir, 'backup.db');
    const b = cli(['backup', '--db', server.db, '--to', backup]);
    writing = false;
    await load;
    assert.equal(b.code, 0, b.stderr);
    assert.match(b.stdout, /integrity ok, audit chain intact/);
    assert.equal(sql(backup, 'PRAGMA integrity_check').stdout.trim(), 'ok');
    assert.equal(cli(['audit', 'verify', '--db', backup]).code, 0);
    assert.notEqual(cli(['backup', '--db', server.db, '--to', backup]).code, 0, 'an existing file is not overwritten');
    const restored = path.join(dir, 'restored.db');
    const r = cli(['restore', '--db', restored, '--from', backup]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(cli(['audit', 'verify', '--db', restored]).code, 0);
    assert.notEqual(cli(['restore', '--db', restored, '--from', backup]).code, 0, 'restore needs --force to replace');
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('hardening', () => {
  it('the binary is PIE with full RELRO, BIND_NOW, the stack protector and FORTIFY_SOURCE', () => {
    const BIN = RELEASE;
    const header = execFileSync('readelf', ['-h', BIN], { encoding: 'utf8' });
    assert.match(header, /Type:\s+DYN/, 'position independent');
    const dyn = execFileSync('readelf', ['-d', BIN], { encoding: 'utf8' });
    assert.match(dyn, /BIND_NOW|FLAGS.*NOW/, 'immediate binding');
    const seg = execFileSync('readelf', ['-l', BIN], { encoding: 'utf8' });
    assert.match(seg, /GNU_RELRO/, 'RELRO segment');
    const syms = execFileSync('readelf', ['-W', '--dyn-syms', BIN], { encoding: 'utf8' });
    assert.match(syms, /__stack_chk_fail/, 'stack protector');
    assert.match(syms, /__\w+_chk@/, 'FORTIFY_SOURCE checked functions');
  });
});

/* RFC 6238 with HMAC-SHA1, as authenticator apps compute it. */
import { createHmac } from 'node:crypto';
function base32(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of s.replace(/=+$/, '')) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}
function totp(secret, unixSeconds) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const h = createHmac('sha1', secret).update(counter).digest();
  const o = h[h.length - 1] & 15;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1000000).padStart(6, '0');
}

describe('production mode and the second factor', () => {
  const CLOCK = 1790000000; // the server's pinned clock, so codes are computed for the same time
  let server;
  before(async () => {
    server = await startServer({ mode: 'production', extraArgs: ['--clock', String(CLOCK)] });
    const add = cli(['user', 'add', '--db', server.db, '--username', 'prod_office', '--role', 'office', '--scope', '370000',
      '--password-stdin'], 'Province#Office2026\n');
    assert.equal(add.code, 0, add.stderr);
  });
  after(() => server.stop());

  it('refuses the demo accounts', async () => {
    const r = await new Client(server.url).login('office');
    assert.equal(r.status, 403);
  });

  it('an office holder must enrol TOTP first, then every login needs a fresh code', async () => {
    const c = new Client(server.url);
    const first = await c.login('prod_office', 'Province#Office2026');
    assert.equal(first.status, 200);
    assert.equal(first.body.totp_setup_required, true);
    const blocked = await c.get('/api/v1/units');
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.error.code, 'totp_setup_required');
    const start = await c.post('/api/v1/me/totp', {});
    assert.equal(start.status, 200);
    assert.match(start.body.qr_svg, /^<svg/);
    const secret = base32(new URL(start.body.otpauth_uri).searchParams.get('secret'));
    assert.equal((await c.post('/api/v1/me/totp/confirm', { code: '000000' === totp(secret, CLOCK) ? '111111' : '000000' })).status, 422);
    assert.equal((await c.post('/api/v1/me/totp/confirm', { code: totp(secret, CLOCK) })).status, 204);
    assert.equal((await c.get('/api/v1/units')).status, 200, 'enrolled: the session works');
    // a new login needs the code, and a code is accepted once
    const noCode = await new Client(server.url).login('prod_office', 'Province#Office2026');
    assert.equal(noCode.status, 401);
    assert.equal(noCode.body.error.code, 'otp_required');
    const next = totp(secret, CLOCK + 30);
    const ok = await new Client(server.url).post('/api/v1/session',
      { username: 'prod_office', password: 'Province#Office2026', otp: next });
    assert.equal(ok.status, 200);
    const replay = await new Client(server.url).post('/api/v1/session',
      { username: 'prod_office', password: 'Province#Office2026', otp: next });
    assert.equal(replay.status, 401);
    assert.equal(replay.body.error.code, 'bad_otp', 'a code is never accepted twice');
    assert.equal((await c.request('DELETE', '/api/v1/me/totp')).status, 403, 'the office may not drop its second factor');
  });
});
