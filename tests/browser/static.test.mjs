// The server serves the built SPA: every file of web/dist byte for byte, client routes as
// index.html (history-mode routing), and never index.html for an unknown API path.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { startServer, WEB } from '../lib/server.mjs';

function filesUnder(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

describe('serving web/dist', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  it('answers every built file, empty ones included, with its exact bytes', async () => {
    const files = filesUnder(WEB);
    assert.ok(files.some((f) => f.endsWith('index.html')), 'web/dist is built');
    for (const f of files) {
      const rel = '/' + path.relative(WEB, f).split(path.sep).join('/');
      const r = await fetch(srv.url + rel);
      assert.equal(r.status, 200, `${rel} (${statSync(f).size} bytes) answers ${r.status}`);
      const body = Buffer.from(await r.arrayBuffer());
      assert.ok(body.equals(readFileSync(f)), `${rel} is served as built`);
      if (rel.endsWith('.js')) assert.match(r.headers.get('content-type') || '', /javascript/, rel);
      if (rel.endsWith('.css')) assert.match(r.headers.get('content-type') || '', /text\/css/, rel);
    }
  });

  it('answers client routes with index.html', async () => {
    const index = readFileSync(path.join(WEB, 'index.html'));
    for (const route of ['/', '/login', '/org', '/users', '/no/such/page']) {
      const r = await fetch(srv.url + route);
      assert.equal(r.status, 200, route);
      assert.match(r.headers.get('content-type') || '', /text\/html/, route);
      assert.ok(Buffer.from(await r.arrayBuffer()).equals(index), `${route} is index.html`);
    }
  });

  it('does not answer an unknown API path with the SPA', async () => {
    const r = await fetch(`${srv.url}/api/v1/no-such-thing`);
    assert.notEqual(r.status, 200);
    assert.doesNotMatch(r.headers.get('content-type') || '', /text\/html/);
  });
});
