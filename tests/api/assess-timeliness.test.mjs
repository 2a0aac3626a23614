// The report timeliness indicator (进展填报及时率): of the reports submitted or approved, those
// submitted within their month or by the 10th of the next. Time passes by restarting the server
// with a later clock, so each report is submitted on a chosen day: in its month, on the 10th
// and the 11th of the next, across a year's end, and again after being returned. A draft and a
// returned report count neither way.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { API, loginAs, show } from './_helpers.mjs';
import {
  startSupServer, createCycle, setPhase, createItem, unitNamed, buildTree, addGroup, addMembers, compute, explain,
  nodeOf,
} from './fixtures/assess-helpers.mjs';

describe('report timeliness', () => {
  let srv; let office; let filler; let leader; let cycle; let ind; let lixia;
  const its = [];
  const login = async () => {
    [office, filler, leader] = await Promise.all(['office', 'filler', 'unit_leader'].map((n) => loginAs(srv.url, n)));
  };
  /* Creates (and by default submits) the report of `item` for `period`, on the server's day. */
  const file = async (item, period, submit = true) => {
    const r = await filler.post(`${API}/items/${item.id}/reports`, { period, text: `${period}进展`, progress: 10, submit });
    assert.equal(r.status, 201, show(r));
    return r.body;
  };
  const at = async (day) => { await srv.restart(day); await login(); };

  before(async () => {
    srv = await startSupServer({ day: '2026-03-15' });
    await login();
    cycle = await createCycle(office, { theme: '填报及时率测试', phase: 'running' });
    lixia = await unitNamed(office, '历下区发展和改革局');
    ind = await buildTree(office, cycle.id, [
      { key: 'T', name: '进展填报及时率', max_score: 12, method: 'auto', metric: 'report_timeliness', full_at: 1, zero_at: 0 },
    ]);
    const g = await addGroup(office, cycle.id, { name: '区县发改局' });
    await addMembers(office, g.id, [lixia.id]);
    for (let k = 0; k < 5; k += 1) {
      its.push(await createItem(office, cycle.id, lixia.id, { title: `及时率事项${k}`, responsible_person: '填报员' }));
    }
  });
  after(async () => { await srv?.stop(); });

  let returned; let resubmitted;
  it('reports are submitted on chosen days', async () => {
    // 03-15: March's report within its month (in time); February's after 03-10 (late); a
    // report of March submitted now, to be returned and submitted again late; a draft
    await file(its[0], '2026-03');
    await file(its[0], '2026-02');
    resubmitted = await file(its[3], '2026-03');
    await file(its[4], '2026-03', false);
    returned = await file(its[4], '2026-02');
    const ret = await leader.post(`${API}/reports/${returned.id}/return`, { reason: '请补充佐证材料' });
    assert.equal(ret.status, 200, show(ret));
    // the 10th of the next month is still in time, the 11th is not
    await at('2026-04-10');
    await file(its[1], '2026-03');
    await at('2026-04-11');
    await file(its[2], '2026-03');
    const back = await leader.post(`${API}/reports/${resubmitted.id}/return`, { reason: '数据有误' });
    assert.equal(back.status, 200, show(back));
    const again = await filler.post(`${API}/reports/${resubmitted.id}/submit`);
    assert.equal(again.status, 200, show(again));
    // across the year's end: December's report by 01-10 in time, after it late; one approved
    await at('2027-01-10');
    const dec = await file(its[0], '2026-12');
    await file(its[2], '2026-12');
    const ok = await leader.post(`${API}/reports/${dec.id}/approve`);
    assert.equal(ok.status, 200, show(ok));
    await at('2027-01-11');
    await file(its[1], '2026-12');
  });

  it('4 of the 8 submitted or approved reports are in time: 12 × 0.5 = 6 points', async () => {
    await setPhase(office, cycle.id, 'assessing');
    await compute(office, cycle.id);
    const t = nodeOf(await explain(office, cycle.id, lixia.id), ind.T.id);
    assert.deepEqual([t.source.metric, t.source.numerator, t.source.denominator], ['report_timeliness', 4, 8]);
    assert.equal(t.source.rate, 0.5);
    assert.equal(t.score, 6);
  });
});
