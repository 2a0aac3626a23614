// Health answer and the security headers every response carries.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, cli } from '../lib/server.mjs';
import { API, loginAs, show } from './_helpers.mjs';

describe('health and security headers', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  it('GET /health answers 200 {"status":"ok","version"} without a session', async () => {
    const r = await new Client(srv.url).get(`${API}/health`);
    assert.equal(r.status, 200, show(r));
    assert.match(r.headers.get('content-type') || '', /application\/json/);
    assert.equal(r.body.status, 'ok');
    assert.equal(typeof r.body.version, 'string');
    assert.match(r.body.version, /^\d+\.\d+\.\d+/, 'version is semantic (x.y.z)');
    const v = cli(['--version']);
    assert.equal(v.code, 0, v.stderr);
    assert.ok(v.stdout.includes(r.body.version), `the binary reports the same version: ${v.stdout}`);
  });

  function expectSecurityHeaders(r, what) {
    assert.equal((r.headers.get('x-content-type-options') || '').toLowerCase(), 'nosniff',
      `${what}: X-Content-Type-Options: nosniff`);
    const csp = r.headers.get('content-security-policy');
    assert.ok(csp && csp.length > 0, `${what}: Content-Security-Policy present`);
    assert.match(r.headers.get('cache-control') || '', /no-store/, `${what}: Cache-Control: no-store on /api`);
  }

  it('health response carries nosniff, a CSP and Cache-Control: no-store', async () => {
    const r = await new Client(srv.url).get(`${API}/health`);
    expectSecurityHeaders(r, 'GET /health');
  });

  it('error responses carry the same security headers (401 /me, 404 unknown route)', async () => {
    const c = new Client(srv.url);
    const r401 = await c.get(`${API}/me`);
    assert.equal(r401.status, 401, show(r401));
    expectSecurityHeaders(r401, 'GET /me without session');
    const r404 = await c.get(`${API}/no-such-endpoint`);
    assert.ok(r404.status === 404 || r404.status === 401, show(r404));
    expectSecurityHeaders(r404, 'GET unknown /api route');
  });

  it('authenticated data responses are not cacheable either', async () => {
    const c = await loginAs(srv.url, 'office');
    const me = await c.get(`${API}/me`);
    assert.equal(me.status, 200, show(me));
    expectSecurityHeaders(me, 'GET /me');
    const units = await c.get(`${API}/units`);
    assert.equal(units.status, 200, show(units));
    expectSecurityHeaders(units, 'GET /units');
  });
});
