// Crash safety: a server killed with SIGKILL in the middle of a write load loses no write it
// acknowledged, and its audit chain still verifies (synchronous=FULL, WAL).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, cli, dbQuery, BACKEND } from '../lib/server.mjs';

describe('crash safety', () => {
  it('every acknowledged write survives SIGKILL, and the chain verifies after the restart', async () => {
    const server = await startServer();
    const acknowledged = [];
    const writers = [];
    for (let w = 0; w < 3; w++) {
      const c = new Client(server.url);
      assert.equal((await c.login('office')).status, 200);
      writers.push((async () => {
        for (let i = 0; i < 2000; i++) {
          const theme = `崩溃测试-${w}-${i}`;
          let r;
          try {
            r = await c.post('/api/v1/cycles', { year: 2000 + ((w * 700 + i) % 101), theme });
          } catch {
            return; // the server is gone
          }
          if (r.status === 201) acknowledged.push(r.body.id);
          else if (r.status === 409) {
            // the year is taken: rename a cycle instead, still a durable, acknowledged write
            const list = await c.get('/api/v1/cycles').catch(() => null);
            const target = list?.body?.items?.[i % (list.body.items.length || 1)];
            if (!target) continue;
            const p = await c.patch(`/api/v1/cycles/${target.id}`, { theme }).catch(() => null);
            if (p?.status === 200) acknowledged.push(`theme:${target.id}:${theme}`);
          }
        }
      })());
    }
    await new Promise((r) => setTimeout(r, 1500));
    server.proc.kill('SIGKILL');
    await Promise.all(writers);
    assert.ok(acknowledged.length > 20, `the load wrote something (${acknowledged.length})`);
    // the files are as the kill left them: every acknowledged write is there
    const ids = new Set(dbQuery(server.db, 'SELECT id FROM cycles').map((r) => Number(r.id)));
    for (const a of acknowledged.filter((x) => typeof x === 'number')) assert.ok(ids.has(a), `cycle ${a} survived`);
    const audited = dbQuery(server.db, "SELECT count(*) AS n FROM audit WHERE action IN ('cycle.create', 'cycle.update')")[0].n;
    assert.ok(Number(audited) >= acknowledged.length, `every acknowledged write is audited (${audited} ≥ ${acknowledged.length})`);
    const v = cli(['audit', 'verify', '--db', server.db]);
    assert.equal(v.code, 0, v.stderr);
    if (BACKEND === 'sqlite') assert.equal(dbQuery(server.db, 'PRAGMA integrity_check')[0].integrity_check, 'ok');
    await server.stop();
  });
});
