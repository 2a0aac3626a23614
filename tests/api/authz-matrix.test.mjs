// The authorisation matrix: every route of the route table, for anonymous callers and for
// each role. authz-matrix.json is the reviewed expectation: a route added, removed or given
// other roles without changing it there fails the first test. Scope (in or out of a role's
// subtree) is exercised resource by resource in scope.test.mjs and the chain-*/sup-* suites.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, Client, cli } from '../lib/server.mjs';

const expected = JSON.parse(readFileSync(new URL('./authz-matrix.json', import.meta.url), 'utf8'));
const ROLES = ['filler', 'unit_leader', 'supervisor', 'reviewer', 'office', 'leader', 'sysadmin', 'secadmin', 'auditor'];

function concrete(path) {
  return path.replace(/:id/g, '999999').replace(/:day/g, '2031-01-01').replace(/:code/g, '370102');
}

async function call(client, method, path) {
  const body = ['POST', 'PUT', 'PATCH'].includes(method) ? '{}' : undefined;
  const headers = body ? { 'Content-Type': 'application/json' } : {};
  return client.request(method, concrete(path), body, headers);
}

describe('authorisation matrix', () => {
  let server;
  const clients = {};
  const routes = JSON.parse(cli(['routes']).stdout);
  before(async () => {
    server = await startServer();
    for (const role of ROLES) {
      clients[role] = new Client(server.url);
      const r = await clients[role].login(role);
      assert.equal(r.status, 200, `${role} logs in`);
    }
  });
  after(() => server.stop());

  it('the route table is exactly the reviewed matrix', () => {
    const actual = {};
    for (const r of routes) actual[`${r.method} ${r.path}`] = r.access === 'roles' ? [...r.roles].sort() : [r.access];
    assert.deepEqual(actual, expected);
  });

  it('anonymous callers reach only the public routes', async () => {
    for (const r of routes) {
      const res = await call(new Client(server.url), r.method, r.path);
      if (r.access === 'public') assert.notEqual(res.status, 401, `${r.method} ${r.path} is public`);
      else assert.equal(res.status, 401, `${r.method} ${r.path} needs a login: ${res.status}`);
    }
  });

  it('each role reaches the routes granted to it and gets 403 from the others', async () => {
    // logging out is tried last: it ends the session the other requests use
    const ordered = [...routes].sort((a, b) => (a.path === '/api/v1/session') - (b.path === '/api/v1/session'));
    for (const r of ordered) {
      if (r.access === 'public') continue;
      for (const role of ROLES) {
        const res = await call(clients[role], r.method, r.path);
        const allowed = r.access === 'user' || r.roles.includes(role);
        if (allowed) assert.ok(![401, 403].includes(res.status) || res.body?.error?.code !== 'forbidden',
          `${role} may ${r.method} ${r.path}: ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
        else assert.equal(res.status, 403, `${role} may not ${r.method} ${r.path}: ${res.status}`);
      }
    }
  });
});
