// Logging in and out, the session cookie, the CSRF rule and the request-body rules.
// Failed logins use `leader` or unknown names only, so a lockout after repeated failures
// cannot disturb the other tests in this file.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, PASSWORD } from '../lib/server.mjs';
import { API, loginAs, expectError, show, unitByCode, withoutCsrf } from './_helpers.mjs';

describe('session', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  it('login with good credentials sets an HttpOnly SameSite=Strict cookie and answers Me', async () => {
    const c = new Client(srv.url);
    const r = await c.post(`${API}/session`, { username: 'office', password: PASSWORD });
    assert.equal(r.status, 200, show(r));
    const set = r.headers.get('set-cookie') || '';
    assert.match(set, /ld_session=[^;]+/, 'sets the ld_session cookie');
    assert.match(set, /;\s*HttpOnly/i, 'cookie is HttpOnly');
    assert.match(set, /;\s*SameSite=Strict/i, 'cookie is SameSite=Strict');
    assert.match(set, /;\s*Path=\/(;|$)/i, 'cookie Path=/');

    assert.match(r.body.csrf_token, /^[0-9a-f]{16,}$/i, 'csrf_token is a long hex string');
    const u = r.body.user;
    assert.equal(typeof u.id, 'number');
    assert.equal(u.username, 'office');
    assert.equal(typeof u.display_name, 'string');
    assert.equal(u.disabled, false);
    assert.ok(Array.isArray(u.roles), 'user.roles is a list of grants');
    const g = u.roles.find((x) => x.role === 'office');
    assert.ok(g, `office holds the office role: ${JSON.stringify(u.roles)}`);
    assert.equal(g.unit_code, '370000');
    assert.equal(g.unit_name, '山东省');
    assert.equal(typeof g.id, 'number');
    assert.equal(typeof g.unit_id, 'number');
    assert.equal(g.sector, null);
    for (const k of Object.keys(u)) assert.doesNotMatch(k, /password|hash/i, `user must not expose ${k}`);
  });

  it('a wrong password answers 401 bad_credentials and sets no session', async () => {
    const c = new Client(srv.url);
    const r = await c.post(`${API}/session`, { username: 'leader', password: 'Wrong@password1' });
    expectError(r, 401, 'bad_credentials');
    assert.doesNotMatch(r.headers.get('set-cookie') || '', /ld_session=[^;]+/, 'no session cookie on failure');
    const me = await c.get(`${API}/me`);
    expectError(me, 401, 'not_logged_in');
  });

  it('an unknown user gets the same 401 code and message as a wrong password (no enumeration)', async () => {
    const bad = await new Client(srv.url).post(`${API}/session`, { username: 'leader', password: 'Wrong@password1' });
    const unknown = await new Client(srv.url).post(`${API}/session`, { username: 'nobody_here', password: 'Wrong@password1' });
    expectError(bad, 401, 'bad_credentials');
    expectError(unknown, 401, 'bad_credentials');
    assert.equal(unknown.body.error.message, bad.body.error.message, 'same message for unknown user and wrong password');
  });

  it('a missing or empty username answers 422 naming the field', async () => {
    const c = new Client(srv.url);
    expectError(await c.post(`${API}/session`, { password: PASSWORD }), 422, 'validation_failed', 'username');
    expectError(await c.post(`${API}/session`, { username: '', password: PASSWORD }), 422, 'validation_failed', 'username');
  });

  it('a missing password answers 422 naming the field', async () => {
    const c = new Client(srv.url);
    expectError(await c.post(`${API}/session`, { username: 'office' }), 422, 'validation_failed', 'password');
  });

  it('a body that is not application/json answers 415', async () => {
    const c = new Client(srv.url);
    const body = JSON.stringify({ username: 'office', password: PASSWORD });
    expectError(await c.post(`${API}/session`, body, { 'Content-Type': 'text/plain' }), 415, 'unsupported_media_type');
    expectError(await c.post(`${API}/session`, `username=office&password=${encodeURIComponent(PASSWORD)}`,
      { 'Content-Type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
    assert.equal(c.cookie, null, 'no session from a rejected body');
  });

  it('malformed JSON answers 400 bad_request', async () => {
    const c = new Client(srv.url);
    expectError(await c.post(`${API}/session`, '{"username": "office", "password": '), 400, 'bad_request');
    expectError(await c.post(`${API}/session`, '[1,2'), 400, 'bad_request');
  });

  it('GET /me answers 401 before login and Me after', async () => {
    const c = new Client(srv.url);
    expectError(await c.get(`${API}/me`), 401, 'not_logged_in');
    const login = await c.login('supervisor');
    assert.equal(login.status, 200, show(login));
    const me = await c.get(`${API}/me`);
    assert.equal(me.status, 200, show(me));
    assert.equal(me.body.user.username, 'supervisor');
    assert.equal(me.body.csrf_token, login.body.csrf_token, 'same CSRF token for the session');
    const g = me.body.user.roles.find((x) => x.role === 'supervisor');
    assert.ok(g, `supervisor grant: ${JSON.stringify(me.body.user.roles)}`);
    assert.equal(g.unit_code, '370100');
    assert.equal(g.unit_name, '济南市');
  });

  it('DELETE /session answers 204 and the old cookie no longer works', async () => {
    const c = await loginAs(srv.url, 'reviewer');
    const oldCookie = c.cookie;
    const out = await c.del(`${API}/session`);
    assert.equal(out.status, 204, show(out));
    const replay = new Client(srv.url);
    replay.cookie = oldCookie;
    expectError(await replay.get(`${API}/me`), 401, 'not_logged_in');
    expectError(await replay.get(`${API}/units`), 401, 'not_logged_in');
  });

  it('a change without X-CSRF-Token answers 403 csrf_required and changes nothing', async () => {
    const c = await loginAs(srv.url, 'office');
    const r = await withoutCsrf(c, () => c.del(`${API}/session`));
    expectError(r, 403, 'csrf_required');
    assert.equal((await c.get(`${API}/me`)).status, 200, 'session survives the refused logout');

    const organ = (await c.get(`${API}/units/code/370000`)).body;
    const name = `无令牌测试处${process.pid}`;
    const create = await withoutCsrf(c, () => c.post(`${API}/units`, { parent_id: organ.id, name, kind: 'organ' }));
    expectError(create, 403, 'csrf_required');
    const found = await c.get(`${API}/units?q=${encodeURIComponent(name)}`);
    assert.equal(found.status, 200, show(found));
    assert.equal(found.body.items.length, 0, 'the refused create left nothing behind');
  });

  it('a wrong X-CSRF-Token, or another session\'s token, answers 403', async () => {
    const a = await loginAs(srv.url, 'office');
    const b = await loginAs(srv.url, 'office');
    assert.notEqual(a.csrf, b.csrf, 'each session has its own CSRF token');
    expectError(await a.del(`${API}/session`, { 'X-CSRF-Token': 'deadbeef'.repeat(8) }), 403, 'csrf_required');
    expectError(await a.del(`${API}/session`, { 'X-CSRF-Token': b.csrf }), 403, 'csrf_required');
    expectError(await a.del(`${API}/session`, { 'X-CSRF-Token': '' }), 403, 'csrf_required');
    assert.equal((await a.get(`${API}/me`)).status, 200, 'session survives');
  });

  it('GET requests need no CSRF token', async () => {
    const c = await loginAs(srv.url, 'office');
    const u = await withoutCsrf(c, () => unitByCode(c, '370000'));
    assert.equal(u.name, '山东省');
  });
});
