// Every change along the chain leaves an audit row (table `audit`: action, entity, entity_id,
// outcome, before, after), read with the sqlite3 command line the way an auditor's tool would.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { API, loginAs, show, expectError } from './_helpers.mjs';
import {
  startChainServer, createCycle, unitNamed, unitByCode, createItem, report, sql, LIXIA_FGJ,
} from './fixtures/chain-helpers.mjs';

/* The rows about one cycle, item or report: entity names it, or the action's prefix does. */
function rowsFor(db, entity, id) {
  return sql(db, `select seq, actor, action, entity, entity_id, outcome, before, after from audit
                  where entity_id = '${Number(id)}' and (entity = '${entity}' or action like '${entity}.%')
                  order by seq`);
}

describe('audit of the responsibility chain', () => {
  let srv; let office; let filler; let unitLeader; let cycle; let lixia; let county;
  before(async () => {
    srv = await startChainServer();
    [office, filler, unitLeader] = await Promise.all(['office', 'filler', 'unit_leader'].map((u) => loginAs(srv.url, u)));
    cycle = await createCycle(office, { phase: 'running' });
    lixia = await unitNamed(office, LIXIA_FGJ);
    county = await unitByCode(office, '370102');
  });
  after(async () => { await srv?.stop(); });

  it('opening a cycle and moving its phase are audited', async () => {
    const rows = rowsFor(srv.db, 'cycle', cycle.id);
    assert.ok(rows.length >= 2, `creation and phase change: ${JSON.stringify(rows)}`);
    assert.ok(rows.every((r) => r.actor === 'office' && r.outcome === 'ok'));
    assert.ok(rows.some((r) => (r.after || '').includes('running')), 'the phase change records the new phase');
  });

  it('creating an item writes a row with the actor and the new item', async () => {
    const item = await createItem(office, cycle.id, lixia.id, { title: '审计事项创建' });
    const rows = rowsFor(srv.db, 'item', item.id);
    assert.equal(rows.length, 1, JSON.stringify(rows));
    assert.match(rows[0].action, /^item\./);
    assert.equal(rows[0].actor, 'office');
    assert.equal(rows[0].outcome, 'ok');
    assert.ok((rows[0].after || '').includes('审计事项创建'), `after holds the item: ${rows[0].after}`);
  });

  it('editing an item writes before and after', async () => {
    const item = await createItem(office, cycle.id, lixia.id, { title: '审计改前' });
    assert.equal((await office.patch(`${API}/items/${item.id}`, { title: '审计改后' })).status, 200);
    const rows = rowsFor(srv.db, 'item', item.id);
    const upd = rows[rows.length - 1];
    assert.ok(rows.length >= 2);
    assert.notEqual(upd.action, rows[0].action);
    assert.ok((upd.before || '').includes('审计改前'), `before: ${upd.before}`);
    assert.ok((upd.after || '').includes('审计改后'), `after: ${upd.after}`);
  });

  it('decomposition and adoption are audited', async () => {
    const parent = await createItem(office, cycle.id, county.id, { title: '审计分解' });
    const d = await office.post(`${API}/items/${parent.id}/decompose`, { unit_ids: [lixia.id] });
    assert.equal(d.status, 201, show(d));
    const child = d.body.items[0];
    const all = sql(srv.db, `select action, entity, entity_id, outcome, after from audit
                             where entity_id in ('${parent.id}', '${child.id}') and (entity = 'item' or action like 'item.%')
                             order by seq`);
    assert.ok(all.some((r) => /decompos/i.test(r.action) && r.outcome === 'ok'), `a decomposition row: ${JSON.stringify(all)}`);
    assert.ok(all.some((r) => String(r.entity_id) === String(child.id)), 'the new child is on record');
    const a = await filler.post(`${API}/items/${child.id}/adopt`, { responsible_person: '审计人' });
    assert.equal(a.status, 200, show(a));
    const rows = rowsFor(srv.db, 'item', child.id);
    const adopt = rows.find((r) => /adopt/i.test(r.action));
    assert.ok(adopt, `an adoption row: ${JSON.stringify(rows)}`);
    assert.equal(adopt.actor, 'filler');
  });

  it('submitting, returning and approving a report are audited with the reviewer', async () => {
    const item = await createItem(office, cycle.id, lixia.id, { title: '审计填报' });
    const rep = await report(filler, item.id, { progress: 40, state: 'submitted' });
    assert.equal((await unitLeader.post(`${API}/reports/${rep.id}/return`, { reason: '审计退回' })).status, 200);
    assert.equal((await filler.post(`${API}/reports/${rep.id}/submit`)).status, 200);
    assert.equal((await unitLeader.post(`${API}/reports/${rep.id}/approve`)).status, 200);
    const rows = rowsFor(srv.db, 'report', rep.id);
    const ap = rows.find((r) => /approv/i.test(r.action));
    assert.ok(ap, `an approval row: ${JSON.stringify(rows)}`);
    assert.equal(ap.actor, 'unit_leader');
    assert.equal(ap.outcome, 'ok');
    assert.ok(rows.some((r) => /return/i.test(r.action) && (r.after || '').includes('审计退回')), 'the return and its reason');
    assert.ok(rows.filter((r) => /submit/i.test(r.action)).length >= 2, 'both submissions');
    assert.ok(rows.every((r) => r.actor === 'filler' || r.actor === 'unit_leader'));
  });

  it('a refused change records no successful change', async () => {
    const item = await createItem(office, cycle.id, lixia.id, { title: '审计越权' });
    const n = rowsFor(srv.db, 'item', item.id).filter((r) => r.outcome === 'ok').length;
    expectError(await filler.patch(`${API}/items/${item.id}`, { title: '填报员改名' }), 403);
    expectError(await office.patch(`${API}/items/${item.id}`, { weight: 0 }), 422);
    assert.equal(rowsFor(srv.db, 'item', item.id).filter((r) => r.outcome === 'ok').length, n);
  });
});
