// Auto indicators from supervision records: the rectification closure rate (整改办结率: closed
// rectification items / all of them) and notices answered in time (督办按时回复率: notices answered
// on or before their due date / notices due), each turned into points by full_at and zero_at, and
// shown in the explanation with their numerator and denominator. Time passes by restarting the
// server with a later clock, so a notice can be answered in time or late.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { API, loginAs, show } from './_helpers.mjs';
import {
  startSupServer, createCycle, setPhase, createItem, unitNamed, buildTree, addGroup, addMembers, compute, results,
  explain, nodeOf, assertAddsUp,
} from './fixtures/assess-helpers.mjs';

describe('auto indicators from rectifications and notices', () => {
  let srv; let office; let supervisor; let filler; let cycle; let ind; let lixia; let n1; let n3;
  const login = async () => {
    [office, supervisor, filler] = await Promise.all(['office', 'supervisor', 'filler'].map((n) => loginAs(srv.url, n)));
  };

  before(async () => {
    srv = await startSupServer({ day: '2026-12-01' });
    await login();
    cycle = await createCycle(office, { theme: '自动指标测试', phase: 'running' });
    lixia = await unitNamed(office, '历下区发展和改革局');
    ind = await buildTree(office, cycle.id, [
      { key: 'A', name: '督查整改', max_score: 19, method: 'branch', children: [
        { key: 'R', name: '整改办结率', max_score: 10, method: 'auto', metric: 'rectification_closure', full_at: 1, zero_at: 0 },
        { key: 'N', name: '督办按时回复率', max_score: 9, method: 'auto', metric: 'notices_on_time', full_at: 1, zero_at: 0 },
      ] },
    ]);
    const g = await addGroup(office, cycle.id, { name: '区县发改局' });
    await addMembers(office, g.id, [lixia.id]);
  });
  after(async () => { await srv?.stop(); });

  it('set-up on 12-01: two rectification items, one verified closed; three notices', async () => {
    const insp = await supervisor.post(`${API}/inspections`, {
      cycle_id: cycle.id, unit_id: lixia.id, date: '2026-12-01', inspectors: '张督查', summary: '年终专项督查',
      findings: [
        { title: '项目台账不完整', due_date: '2026-12-31', responsible_person: '王五' },
        { title: '未建立周调度制度', due_date: '2026-12-31', responsible_person: '赵六' },
      ],
    });
    assert.equal(insp.status, 201, show(insp));
    const v = await supervisor.post(`${API}/items/${insp.body.findings[0].id}/verify`, { opinion: '整改到位，同意销号' });
    assert.equal(v.status, 200, show(v));
    const item = await createItem(office, cycle.id, lixia.id, { title: '年度重点项目', start_date: null, due_date: '2026-12-31' });
    const notice = async (due, title) => {
      const r = await supervisor.post(`${API}/notices`, { target_unit_id: lixia.id, item_ids: [item.id], title, body: '请按期书面回复', due_date: due });
      assert.equal(r.status, 201, show(r));
      return r.body;
    };
    n1 = await notice('2026-12-20', '督办单一（按时回复）');
    await notice('2026-12-10', '督办单二（未回复）');
    n3 = await notice('2026-12-10', '督办单三（逾期回复）');
  });

  it('set-up on 12-15: one notice answered before its due day, one after it, one never', async () => {
    await srv.restart('2026-12-15');
    await login();
    for (const n of [n1, n3]) {
      const r = await filler.post(`${API}/notices/${n.id}/respond`, { text: '已按要求整改并书面报告' });
      assert.equal(r.status, 200, show(r));
    }
    await setPhase(office, cycle.id, 'assessing');
  });

  it('the rates give the points: 1 of 2 rectifications closed → 10 × 0.5 = 5; 1 of 3 notices in time → 9 × 1/3 = 3', async () => {
    await compute(office, cycle.id);
    const [row] = await results(office, cycle.id);
    assert.equal(row.unit_id, lixia.id);
    assert.equal(row.total, 8);
    const ex = await explain(office, cycle.id, lixia.id);
    assertAddsUp(ex, '历下区发改局');
    const r = nodeOf(ex, ind.R.id);
    assert.deepEqual([r.score, r.source.metric, r.source.numerator, r.source.denominator], [5, 'rectification_closure', 1, 2]);
    assert.equal(r.source.rate, 0.5);
    const n = nodeOf(ex, ind.N.id);
    assert.deepEqual([n.score, n.source.metric, n.source.numerator, n.source.denominator], [3, 'notices_on_time', 1, 3]);
    assert.ok(Math.abs(n.source.rate - 1 / 3) < 1e-4, `rate ${n.source.rate}`);
  });
});
