// Self-assessment (自评): the unit fills its sheet within each leaf's maximum, submits it and its
// leader signs it off; the office may return it with a reason. Another unit never sees it (404),
// a reviewer sees it only for a unit on their panel.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { API, loginAs, show, expectError, expectStatus } from './_helpers.mjs';
import {
  startSupServer, createCycle, unitNamed, buildTree, addGroup, addMembers, addPanel, addReviewer,
} from './fixtures/assess-helpers.mjs';

const SPEC = [
  { key: 'A', name: '工作实绩', max_score: 60, method: 'branch', children: [
    { key: 'A1', name: '项目建设', max_score: 25, method: 'manual' },
    { key: 'A2', name: '改革攻坚', max_score: 15, method: 'manual' },
    { key: 'A3', name: '清单按时完成率', max_score: 20, method: 'auto', metric: 'items_on_time' },
  ] },
  { key: 'B', name: '作风效能', max_score: 40, method: 'branch', children: [
    { key: 'B1', name: '服务满意度', max_score: 30, method: 'manual' },
    { key: 'B2', name: '创新加分', max_score: 5, method: 'bonus' },
  ] },
];

describe('self-assessment (自评)', () => {
  let srv; let office; let filler; let unitLeader; let countyFiller; let onPanel; let offPanel;
  let cycle; let ind; let lixia; let shizhong; let sheetPath;
  before(async () => {
    srv = await startSupServer({ day: '2026-12-01' });
    [office, filler, unitLeader, countyFiller] = await Promise.all(
      ['office', 'filler', 'unit_leader', 'county_filler'].map((n) => loginAs(srv.url, n)),
    );
    cycle = await createCycle(office, { theme: '自评测试', phase: 'running' });
    ind = await buildTree(office, cycle.id, SPEC);
    lixia = await unitNamed(office, '历下区发展和改革局');
    shizhong = await unitNamed(office, '市中区发展和改革局');
    const g = await addGroup(office, cycle.id, { name: '区县发改部门' });
    await addMembers(office, g.id, [lixia.id, shizhong.id]);
    const a = addReviewer(srv.db, 'self_rev_a');
    const b = addReviewer(srv.db, 'self_rev_b');
    await addPanel(office, cycle.id, '历下评审组', [a.id], [lixia.id]);
    await addPanel(office, cycle.id, '市中评审组', [b.id], [shizhong.id]);
    onPanel = await loginAs(srv.url, 'self_rev_a');
    offPanel = await loginAs(srv.url, 'self_rev_b');
    sheetPath = `${API}/cycles/${cycle.id}/self/${lixia.id}`;
  });
  after(async () => { await srv?.stop(); });

  const put = (c, items, unitId = lixia.id) => c.request('PUT', `${API}/cycles/${cycle.id}/self/${unitId}`, { items });
  const sheet = async (c = filler) => {
    const r = await c.get(sheetPath);
    assert.equal(r.status, 200, show(r));
    return r.body;
  };
  const scoreOf = (s, indicatorId) => s.items.find((x) => x.indicator_id === indicatorId);

  it('an untouched sheet is a draft listing the leaves with their maxima and no scores', async () => {
    const s = await sheet();
    assert.equal(s.unit_id, lixia.id);
    assert.equal(s.state, 'draft');
    for (const k of ['A1', 'A2', 'B1']) {
      const it = scoreOf(s, ind[k].id);
      assert.ok(it, `${ind[k].name} on the sheet: ${JSON.stringify(s.items)}`);
      assert.equal(it.name, ind[k].name);
      assert.equal(it.max_score, ind[k].max_score);
      assert.equal(it.score, null);
    }
    assert.ok(!s.items.some((x) => x.indicator_id === ind.A.id || x.indicator_id === ind.B.id), 'branches are not scored');
  });

  it('a score outside [0, max] → 422 naming items[N].score, and nothing of the request is kept', async () => {
    const r = await put(filler, [
      { indicator_id: ind.A1.id, score: 22, explanation: '开工项目 18 个' },
      { indicator_id: ind.A2.id, score: 12, explanation: '改革事项全部落地' },
      { indicator_id: ind.B1.id, score: 30.5, explanation: '满意度 98%' },
    ]);
    expectError(r, 422, 'validation_failed', 'items[2].score');
    const neg = await put(filler, [{ indicator_id: ind.A1.id, score: 20 }, { indicator_id: ind.A2.id, score: -1 }]);
    expectError(neg, 422, 'validation_failed', 'items[1].score');
    const s = await sheet();
    assert.equal(scoreOf(s, ind.A1.id).score, null, 'the valid first cell was not saved');
    assert.equal(scoreOf(s, ind.A2.id).score, null);
  });

  it('the unit fills its sheet; the maximum itself is allowed', async () => {
    const r = await put(filler, [
      { indicator_id: ind.A1.id, score: 22.5, explanation: '开工项目 18 个' },
      { indicator_id: ind.A2.id, score: 15, explanation: '改革事项全部落地' },
      { indicator_id: ind.B1.id, score: 28, explanation: '满意度 98%' },
    ]);
    assert.equal(r.status, 200, show(r));
    assert.equal(r.body.state, 'draft');
    const s = await sheet();
    assert.equal(scoreOf(s, ind.A1.id).score, 22.5);
    assert.equal(scoreOf(s, ind.A1.id).explanation, '开工项目 18 个');
    assert.equal(scoreOf(s, ind.A2.id).score, 15);
    assert.equal(scoreOf(s, ind.B1.id).score, 28);
    // the unit leader may fill it too
    const r2 = await put(unitLeader, [{ indicator_id: ind.B1.id, score: 27.5, explanation: '满意度 97%' }]);
    assert.equal(r2.status, 200, show(r2));
    assert.equal(scoreOf(await sheet(), ind.B1.id).score, 27.5);
  });

  it('another unit neither sees nor writes it (404); it still sees its own', async () => {
    expectError(await countyFiller.get(sheetPath), 404);
    expectStatus(await put(countyFiller, [{ indicator_id: ind.A1.id, score: 1 }]), [403, 404]);
    assert.equal(scoreOf(await sheet(), ind.A1.id).score, 22.5, 'unchanged');
    const own = await countyFiller.get(`${API}/cycles/${cycle.id}/self/${shizhong.id}`);
    assert.equal(own.status, 200, show(own));
    assert.equal(own.body.unit_id, shizhong.id);
    assert.ok(own.body.items.every((x) => x.score === null), '市中区 has not scored anything');
  });

  it('the office and a reviewer on the unit\'s panel see it; a reviewer of another panel does not', async () => {
    for (const c of [office, onPanel]) {
      const s = await sheet(c);
      assert.equal(scoreOf(s, ind.A1.id).score, 22.5);
    }
    expectStatus(await offPanel.get(sheetPath), [403, 404]);
  });

  it('submit; then it cannot be edited; only the unit leader signs it', async () => {
    const r = await filler.post(`${sheetPath}/submit`);
    assert.equal(r.status, 200, show(r));
    assert.equal((await sheet()).state, 'submitted');
    expectError(await put(filler, [{ indicator_id: ind.A1.id, score: 25 }]), 409);
    assert.equal(scoreOf(await sheet(), ind.A1.id).score, 22.5);
    expectStatus(await filler.post(`${sheetPath}/sign`), 403);
    expectStatus(await countyFiller.post(`${API}/cycles/${cycle.id}/self/${shizhong.id}/sign`), 403);
    assert.equal((await sheet()).state, 'submitted');
    const s = await unitLeader.post(`${sheetPath}/sign`);
    assert.equal(s.status, 200, show(s));
    assert.equal((await sheet()).state, 'signed');
  });

  it('the office returns it with a reason; the unit corrects and submits again', async () => {
    expectError(await office.post(`${sheetPath}/return`, {}), 422, 'validation_failed', 'reason');
    assert.equal((await sheet()).state, 'signed');
    expectStatus(await filler.post(`${sheetPath}/return`, { reason: '自己退回' }), 403);
    const r = await office.post(`${sheetPath}/return`, { reason: '项目建设得分依据不足，请补充' });
    assert.equal(r.status, 200, show(r));
    assert.equal((await sheet()).state, 'returned');
    const p = await put(filler, [{ indicator_id: ind.A1.id, score: 20, explanation: '按实际开工 15 个计' }]);
    assert.equal(p.status, 200, show(p));
    assert.equal(scoreOf(await sheet(), ind.A1.id).score, 20);
    assert.equal((await filler.post(`${sheetPath}/submit`)).status, 200);
    assert.equal((await sheet()).state, 'submitted');
  });
});
