// The list's total for a unit's subtree, light, state and sector comes from item_counts, kept
// by triggers; any other filter counts the matching rows. Both must always agree: here every
// kept total is compared with the counted one (a filter that matches everything, due_from
// 1900-01-01, forces the count) after creating, cancelling, completing and re-lighting items.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { API, loginAs, show } from './_helpers.mjs';
import { cli } from '../lib/server.mjs';
import {
  startChainServer, createCycle, unitNamed, createItem, itemTotal, sql, LIXIA_FGJ, SHIZHONG_FGJ, JINAN_FGW,
} from './fixtures/chain-helpers.mjs';

describe('list totals kept in item_counts', () => {
  let srv; let office; let cycle; let units;
  before(async () => {
    srv = await startChainServer();
    office = await loginAs(srv.url, 'office');
    cycle = await createCycle(office, { phase: 'running' });
    units = await Promise.all([LIXIA_FGJ, SHIZHONG_FGJ, JINAN_FGW].map((n) => unitNamed(office, n)));
  });
  after(async () => { await srv?.stop(); });

  async function agree(label) {
    const jinan = sql(srv.db, "SELECT id FROM units WHERE name = '济南市' AND kind = 'region'")[0].id;
    const province = sql(srv.db, 'SELECT id FROM units WHERE parent_id IS NULL')[0].id;
    let nonzero = 0;
    for (const unit of [province, jinan, ...units.map((u) => u.id)]) {
      for (const light of [undefined, 'green', 'yellow', 'red']) {
        for (const state of [undefined, 'active', 'done', 'cancelled']) {
          const f = { cycle_id: cycle.id, unit_id: unit, ...(light && { light }), ...(state && { state }) };
          const kept = await itemTotal(office, f);
          const counted = await itemTotal(office, { ...f, due_from: '1900-01-01' });
          assert.equal(kept, counted, `${label}: unit ${unit} light ${light} state ${state}`);
          if (kept) nonzero++;
        }
      }
    }
    assert.ok(nonzero > 10, `${label}: the filters matched something (${nonzero})`);
  }

  it('agree after items are created, decomposed, cancelled, completed and re-lit', async () => {
    const made = [];
    for (let i = 0; i < 12; i++) {
      const u = units[i % units.length];
      const due = i % 3 === 0 ? '2026-03-01' : i % 3 === 1 ? '2026-03-20' : '2026-12-31';
      made.push(await createItem(office, cycle.id, u.id, { title: `计数事项${i}`, due_date: due }));
    }
    await agree('created');
    const d = await office.post(`${API}/items/${made[2].id}/decompose`, { unit_ids: [units[0].id, units[1].id] });
    assert.ok([200, 201].includes(d.status), show(d));
    for (const [k, state] of [[1, 'cancelled'], [3, 'done'], [4, 'cancelled'], [6, 'done']]) {
      const r = await office.patch(`${API}/items/${made[k].id}`, { state });
      assert.equal(r.status, 200, show(r));
    }
    await agree('states changed');
    // the daily job moves lights as the days pass
    const j = cli(['jobs', 'run', '--db', srv.db, '--today', '2026-04-15']);
    assert.equal(j.code, 0, j.stderr);
    await agree('lights recomputed');
    // and every kept row matches a count over the items themselves
    const drift = sql(srv.db, `SELECT * FROM (SELECT c.unit_id, c.light, c.state, c.sector, c.n, (SELECT count(*)
      FROM items i JOIN unit_ancestors a ON a.unit_id = i.unit_id WHERE a.ancestor_id = c.unit_id
      AND i.cycle_id = c.cycle_id AND coalesce(i.light, '') = c.light AND i.state = c.state
      AND coalesce(i.sector, '') = c.sector) AS counted FROM item_counts c) t WHERE t.n <> t.counted`);
    assert.deepEqual(drift, []);
  });
});
