// A list page is kept per connection, for one user and one query, until anything is committed
// (store_answer_get, as the boards are): asked again it must be exactly what a fresh read
// gives — after a change through the API, after a change another process commits, for another
// user, for another query.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { API, loginAs, expectList, qs, show } from './_helpers.mjs';
import { dbExec } from '../lib/server.mjs';
import {
  startChainServer, createCycle, unitNamed, createItem, LIXIA_FGJ, SHIZHONG_FGJ,
} from './fixtures/chain-helpers.mjs';

describe('list pages kept until anything commits', () => {
  let srv; let office; let county; let cycle; const made = [];
  before(async () => {
    srv = await startChainServer();
    office = await loginAs(srv.url, 'office');
    county = await loginAs(srv.url, 'county_filler');
    cycle = await createCycle(office, { phase: 'running' });
    const lixia = await unitNamed(office, LIXIA_FGJ);
    const shizhong = await unitNamed(office, SHIZHONG_FGJ);
    for (let i = 0; i < 8; i++) {
      const u = i % 2 ? shizhong : lixia;
      made.push(await createItem(office, cycle.id, u.id, { title: `留存事项${i}`, due_date: `2026-05-${10 + i}` }));
    }
  });
  after(async () => { await srv?.stop(); });

  const page = async (c, extra = {}) =>
    expectList(await c.get(`${API}/items${qs({ cycle_id: cycle.id, sort: 'due_date', size: 3, ...extra })}`));
  const titles = (rows) => rows.map((r) => r.title);

  it('asked again, a page is the same, and a change through the API shows at once', async () => {
    const first = await page(office);
    assert.deepEqual(titles(first), ['留存事项0', '留存事项1', '留存事项2']);
    assert.deepEqual(await page(office), first);
    const p = await office.patch(`${API}/items/${made[1].id}`, { title: '留存事项1（改）' });
    assert.equal(p.status, 200, show(p));
    for (let i = 0; i < 4; i++) // whichever connection (and server loop) answers
      assert.deepEqual(titles(await page(office)), ['留存事项0', '留存事项1（改）', '留存事项2']);
  });

  it('shows at once what another process committed', async () => {
    await page(office);
    const x = dbExec(srv.db, `UPDATE items SET title = '外部改名' WHERE id = ${made[0].id}`);
    assert.equal(x.status, 0, x.stderr);
    assert.deepEqual(titles(await page(office)), ['外部改名', '留存事项1（改）', '留存事项2']);
  });

  it("is never another user's page", async () => {
    const all = await page(office);
    const mine = await page(county); // the same query, from the county's filler: 市中区's items only
    assert.deepEqual(titles(mine), ['留存事项1（改）', '留存事项3', '留存事项5']);
    assert.deepEqual(await page(office), all);
  });

  it("is never another query's page", async () => {
    const one = await page(office);
    const two = await page(office, { page: 2 });
    assert.deepEqual(titles(two), ['留存事项3', '留存事项4', '留存事项5']);
    const late = await page(office, { due_from: '2026-05-15' });
    assert.deepEqual(titles(late), ['留存事项5', '留存事项6', '留存事项7']);
    assert.deepEqual(await page(office), one);
  });
});
