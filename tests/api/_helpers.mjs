// Shared assertions and look-ups for the API tests. Not a test file itself (no .test. in the
// name), so `node --test tests/api/` does not run it.
import assert from 'node:assert/strict';
import { Client } from '../lib/server.mjs';

export const API = '/api/v1';

/* Logs `username` in on a new Client and fails the test unless the login succeeds. */
export async function loginAs(url, username, password) {
  const c = new Client(url);
  const r = await c.login(username, password);
  assert.equal(r.status, 200, `login as ${username}: ${show(r)}`);
  return c;
}

/* A short description of a response for assertion messages. */
export function show(r) {
  const body = typeof r.body === 'string' ? r.body.slice(0, 300) : JSON.stringify(r.body).slice(0, 300);
  return `HTTP ${r.status} ${body}`;
}

/* Asserts a status (or one of several) and nothing else. */
export function expectStatus(r, status) {
  const ok = Array.isArray(status) ? status.includes(r.status) : r.status === status;
  assert.ok(ok, `expected HTTP ${status}, got ${show(r)}`);
}

/* Asserts the contract's error body: {"error":{"code","message","field"?,"fields"?}}.
 * status may be a number or a list of acceptable numbers; when `field` is given, it must
 * be among error.fields and error.field must be the first of them. */
export function expectError(r, status, code, field) {
  expectStatus(r, status);
  const ct = r.headers.get('content-type') || '';
  assert.ok(ct.includes('application/json'), `error body must be JSON, content-type was "${ct}": ${show(r)}`);
  assert.ok(r.body && typeof r.body.error === 'object', `no "error" object: ${show(r)}`);
  const e = r.body.error;
  if (code) assert.equal(e.code, code, `error code: ${show(r)}`);
  assert.equal(typeof e.message, 'string', `error.message must be a string: ${show(r)}`);
  assert.ok(e.message.length > 0, `error.message must not be empty: ${show(r)}`);
  if (field) {
    assert.ok(Array.isArray(e.fields), `error.fields must list the field errors: ${show(r)}`);
    const names = e.fields.map((f) => f.field);
    assert.ok(names.includes(field), `error.fields should name "${field}", got ${JSON.stringify(names)}`);
    for (const f of e.fields) assert.equal(typeof f.message, 'string', `each field error has a message: ${show(r)}`);
    assert.equal(e.field, e.fields[0].field, `error.field is the first of error.fields: ${show(r)}`);
  }
  return e;
}

/* Asserts the list envelope {"items","total","page","size"} and returns the items. */
export function expectList(r) {
  expectStatus(r, 200);
  assert.ok(Array.isArray(r.body.items), `list has items[]: ${show(r)}`);
  assert.equal(typeof r.body.total, 'number', `list has a numeric total: ${show(r)}`);
  assert.ok(r.body.total >= r.body.items.length, `total ${r.body.total} < items ${r.body.items.length}`);
  return r.body.items;
}

/* Builds a query string from an object, encoding Chinese text. */
export function qs(params) {
  return '?' + Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

export async function unitByCode(c, code) {
  const r = await c.get(`${API}/units/code/${code}`);
  assert.equal(r.status, 200, `unit ${code}: ${show(r)}`);
  return r.body;
}

/* All children of a unit (the contract allows size up to 1000 for ?parent=). */
export async function childrenOf(c, id) {
  const r = await c.get(`${API}/units${qs({ parent: id, size: 1000 })}`);
  return expectList(r);
}

export async function childNamed(c, parentId, name) {
  const kids = await childrenOf(c, parentId);
  const u = kids.find((k) => k.name === name);
  assert.ok(u, `no child named ${name} under unit ${parentId}; have ${kids.map((k) => k.name).join(', ')}`);
  return u;
}

/* Calls fn with the client's CSRF token removed, then puts it back. */
export async function withoutCsrf(c, fn) {
  const saved = c.csrf;
  c.csrf = null;
  try { return await fn(); } finally { c.csrf = saved; }
}

/* A name unique within this process, for data a test creates. */
let seq = 0;
export function unique(prefix) {
  seq += 1;
  return `${prefix}${process.pid % 10000}${seq}`;
}
