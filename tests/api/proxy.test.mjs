// Behind a proxy (nginx in front of one or several servers): with --trust-proxy ADDR, requests
// from ADDR come from the address the proxy appended to X-Forwarded-For, so per-address limits
// and audit records see users, not the proxy; without it, or from anywhere else, the header is
// ignored and cannot be used to dodge those limits.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, dbQuery, PASSWORD } from '../lib/server.mjs';

const login = (url, username, password, forwardedFor) =>
  new Client(url).post('/api/v1/session', { username, password }, forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {});

describe('behind a trusted proxy', () => {
  let server;
  after(() => server && server.stop());

  it('failures count per forwarded address: one address is refused, another is not', async () => {
    server = await startServer({ extraArgs: ['--trust-proxy', '127.0.0.1'] });
    for (let i = 0; i < 10; i++) {
      // a client may put anything first; the proxy's own entry is the last
      const r = await login(server.url, `nobody${i}`, 'wrong', `10.9.9.${i}, 203.0.113.7`);
      assert.equal(r.status, 401, `failure ${i + 1}`);
    }
    const same = await login(server.url, 'office', PASSWORD, '203.0.113.7');
    assert.equal(same.status, 429, 'ten failures from 203.0.113.7: that address waits');
    const other = await login(server.url, 'office', PASSWORD, '203.0.113.8');
    assert.equal(other.status, 200, 'another user behind the same proxy logs in');
    const rows = dbQuery(server.db, "SELECT DISTINCT client FROM audit WHERE action = 'session.login'");
    const clients = rows.map((r) => r.client).sort();
    assert.deepEqual(clients, ['203.0.113.7', '203.0.113.8'], 'the audit names the users\' addresses');
  });
});

describe('without --trust-proxy', () => {
  let server;
  after(() => server && server.stop());

  it('X-Forwarded-For is ignored: changing it does not escape the address limit', async () => {
    server = await startServer();
    for (let i = 0; i < 10; i++) {
      const r = await login(server.url, `nobody${i}`, 'wrong', `198.51.100.${i}`);
      assert.equal(r.status, 401, `failure ${i + 1}`);
    }
    const r = await login(server.url, 'office', PASSWORD, '198.51.100.200');
    assert.equal(r.status, 429, 'still the same address (the connection\'s)');
  });
});
