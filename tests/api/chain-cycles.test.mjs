// Cycles (年度/周期): the office opens a year and moves it through its phases
// planning → running → assessing → publicising → closed; what may change depends on the phase.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { API, loginAs, expectError, expectList, show, qs } from './_helpers.mjs';
import {
  startChainServer, createCycle, setPhase, unitNamed, unitByCode, createItem, itemBody, itemTotal, report,
  postFile, waitImport, tinyPdf, PHASES, PERIOD, LIXIA_FGJ,
} from './fixtures/chain-helpers.mjs';

const CJK = /[\u4e00-\u9fff]/;

/* 409 phase_forbids with a Chinese message. */
function expectPhaseForbids(r) {
  const e = expectError(r, 409, 'phase_forbids');
  assert.match(e.message, CJK, `the message is in Chinese: ${show(r)}`);
  return e;
}

describe('cycles', () => {
  let srv; let office; let filler; let unitLeader; let lixia;
  before(async () => {
    srv = await startChainServer();
    [office, filler, unitLeader] = await Promise.all(
      ['office', 'filler', 'unit_leader'].map((u) => loginAs(srv.url, u)),
    );
    lixia = await unitNamed(office, LIXIA_FGJ);
  });
  after(async () => { await srv?.stop(); });

  it('office creates a cycle with theme and goals (201), and reads it back', async () => {
    const goals = [
      { title: '项目开工率', target: '95%', last_year: '90%' },
      { title: '按时办结率', target: '98%', last_year: '96%' },
    ];
    const r = await office.post(`${API}/cycles`, { year: 2040, theme: '项目攻坚年', goals });
    assert.equal(r.status, 201, show(r));
    const c = r.body;
    assert.equal(typeof c.id, 'number');
    assert.equal(c.year, 2040);
    assert.equal(c.theme, '项目攻坚年');
    assert.deepEqual(c.goals, goals);
    assert.equal(c.phase, 'planning', 'a new cycle starts in planning');
    assert.equal(c.item_count, 0);
    assert.equal(typeof c.created_at, 'string');
    assert.equal(typeof c.updated_at, 'string');

    const g = await office.get(`${API}/cycles/${c.id}`);
    assert.equal(g.status, 200, show(g));
    assert.equal(g.body.theme, '项目攻坚年');
    assert.deepEqual(g.body.goals, goals);
  });

  it('a second cycle for the same year answers 409 naming year', async () => {
    const r1 = await office.post(`${API}/cycles`, { year: 2041, theme: '第一次' });
    assert.equal(r1.status, 201, show(r1));
    expectError(await office.post(`${API}/cycles`, { year: 2041, theme: '第二次' }), 409, 'conflict', 'year');
    const list = expectList(await office.get(`${API}/cycles`));
    assert.equal(list.filter((c) => c.year === 2041).length, 1, 'still one cycle for 2041');
  });

  it('validation: year outside 2000..2100 and a missing theme answer 422 naming the field', async () => {
    expectError(await office.post(`${API}/cycles`, { year: 1999, theme: '太早' }), 422, 'validation_failed', 'year');
    expectError(await office.post(`${API}/cycles`, { year: 2101, theme: '太晚' }), 422, 'validation_failed', 'year');
    expectError(await office.post(`${API}/cycles`, { year: 2042 }), 422, 'validation_failed', 'theme');
    expectError(await office.post(`${API}/cycles`, { year: 2042, theme: '' }), 422, 'validation_failed', 'theme');
    const list = expectList(await office.get(`${API}/cycles`));
    assert.ok(!list.some((c) => [1999, 2101, 2042].includes(c.year)), 'no cycle was created');
  });

  it('cycles are listed newest year first, and any business role may read them', async () => {
    await createCycle(office, { year: 2043, theme: '甲' });
    await createCycle(office, { year: 2045, theme: '乙' });
    await createCycle(office, { year: 2044, theme: '丙' });
    for (const c of [office, filler, unitLeader]) {
      const r = await c.get(`${API}/cycles`);
      const list = expectList(r);
      const years = list.map((x) => x.year);
      assert.deepEqual(years, [...years].sort((a, b) => b - a), `newest first: ${years}`);
      assert.ok(years.includes(2044) && years.includes(2045));
    }
  });

  it('only the office manages cycles: others get 403 and nothing changes', async () => {
    const cyc = await createCycle(office, { year: 2046, theme: '原主题' });
    for (const c of [filler, unitLeader]) {
      expectError(await c.post(`${API}/cycles`, { year: 2047, theme: '越权' }), 403, 'forbidden');
      expectError(await c.patch(`${API}/cycles/${cyc.id}`, { theme: '越权' }), 403, 'forbidden');
      expectError(await c.post(`${API}/cycles/${cyc.id}/phase`, { phase: 'running' }), 403, 'forbidden');
    }
    const g = await office.get(`${API}/cycles/${cyc.id}`);
    assert.equal(g.body.theme, '原主题');
    assert.equal(g.body.phase, 'planning');
    const list = expectList(await office.get(`${API}/cycles`));
    assert.ok(!list.some((c) => c.year === 2047));
  });

  it('the three administrators are not business roles and cannot read cycles', async () => {
    const sys = await loginAs(srv.url, 'sysadmin');
    expectError(await sys.get(`${API}/cycles`), 403, 'forbidden');
  });

  it('PATCH changes theme and goals', async () => {
    const cyc = await createCycle(office, { year: 2048, theme: '旧主题' });
    const goals = [{ title: '满意度', target: '90', last_year: '85' }];
    const r = await office.patch(`${API}/cycles/${cyc.id}`, { theme: '新主题', goals });
    assert.equal(r.status, 200, show(r));
    assert.equal(r.body.theme, '新主题');
    assert.deepEqual(r.body.goals, goals);
    assert.equal(r.body.year, 2048, 'the year stays');
    assert.equal((await office.get(`${API}/cycles/${cyc.id}`)).body.theme, '新主题');
  });

  it('GET of an unknown cycle answers 404', async () => {
    expectError(await office.get(`${API}/cycles/999999`), 404, 'not_found');
  });

  it('phases move forward one step at a time and never skip', async () => {
    const cyc = await createCycle(office, { year: 2050, theme: '阶段' });
    expectError(await office.post(`${API}/cycles/${cyc.id}/phase`, { phase: 'assessing' }), 422, 'validation_failed', 'phase');
    expectError(await office.post(`${API}/cycles/${cyc.id}/phase`, { phase: 'closed' }), 422, 'validation_failed', 'phase');
    expectError(await office.post(`${API}/cycles/${cyc.id}/phase`, { phase: 'planning' }), 422, 'validation_failed', 'phase');
    expectError(await office.post(`${API}/cycles/${cyc.id}/phase`, { phase: 'finished' }), 422, 'validation_failed', 'phase');
    assert.equal((await office.get(`${API}/cycles/${cyc.id}`)).body.phase, 'planning', 'refused moves change nothing');
    for (const p of PHASES.slice(1)) await setPhase(office, cyc.id, p);
    assert.equal((await office.get(`${API}/cycles/${cyc.id}`)).body.phase, 'closed');
  });

  it('going back one step needs a reason; two steps back is refused', async () => {
    const cyc = await createCycle(office, { year: 2051, theme: '回退', phase: 'assessing' });
    expectError(await office.post(`${API}/cycles/${cyc.id}/phase`, { phase: 'running' }), 422, 'validation_failed', 'reason');
    expectError(await office.post(`${API}/cycles/${cyc.id}/phase`, { phase: 'running', reason: '' }), 422, 'validation_failed', 'reason');
    expectError(await office.post(`${API}/cycles/${cyc.id}/phase`, { phase: 'planning', reason: '跳两步' }), 422, 'validation_failed', 'phase');
    assert.equal((await office.get(`${API}/cycles/${cyc.id}`)).body.phase, 'assessing');
    await setPhase(office, cyc.id, 'running', '评估材料不全，退回执行阶段');
    await setPhase(office, cyc.id, 'planning', '重新明责');
    await setPhase(office, cyc.id, 'running');
  });

  it('planning: items may be created and edited; reports are refused with phase_forbids', async () => {
    const cyc = await createCycle(office, { year: 2052, theme: '计划阶段' });
    const item = await createItem(office, cyc.id, lixia.id, { title: '计划阶段事项' });
    const p = await office.patch(`${API}/items/${item.id}`, { title: '计划阶段事项（改）' });
    assert.equal(p.status, 200, show(p));
    expectPhaseForbids(await filler.post(`${API}/items/${item.id}/reports`, { period: PERIOD, text: '进展', progress: 10 }));
    const reps = await filler.get(`${API}/items/${item.id}/reports`);
    assert.equal(reps.status, 200, show(reps));
    assert.deepEqual(reps.body.items, [], 'no report was created');
    assert.equal((await office.get(`${API}/cycles/${cyc.id}`)).body.item_count, 1, 'item_count counts the item');
  });

  it('running: reports are written and reviewed, and items may still be created', async () => {
    const cyc = await createCycle(office, { year: 2053, theme: '执行阶段', phase: 'running' });
    const item = await createItem(office, cyc.id, lixia.id, { title: '执行阶段事项' });
    const rep = await report(filler, item.id, { progress: 35, state: 'approved', reviewer: unitLeader });
    assert.equal(rep.state, 'approved');
    const r = await office.post(`${API}/items`, itemBody(cyc.id, lixia.id, { title: '执行阶段新增事项' }));
    assert.equal(r.status, 201, show(r));
  });

  it('assessing: only reviews of already submitted reports; no new items or reports', async () => {
    const cyc = await createCycle(office, { year: 2054, theme: '考核阶段', phase: 'running' });
    const item = await createItem(office, cyc.id, lixia.id, { title: '考核阶段事项' });
    const rep = await report(filler, item.id, { progress: 60, state: 'submitted' });
    const other = await createItem(office, cyc.id, lixia.id, { title: '考核阶段草稿事项' });
    const draft = await report(filler, other.id, { progress: 30 });
    await setPhase(office, cyc.id, 'assessing');
    expectPhaseForbids(await filler.post(`${API}/reports/${draft.id}/submit`));
    expectPhaseForbids(await filler.patch(`${API}/reports/${draft.id}`, { progress: 35 }));
    const before = await itemTotal(office, { cycle_id: cyc.id });
    expectPhaseForbids(await office.post(`${API}/items`, itemBody(cyc.id, lixia.id, { title: '考核阶段新增' })));
    expectPhaseForbids(await office.patch(`${API}/items/${item.id}`, { title: '考核阶段改名' }));
    expectPhaseForbids(await filler.post(`${API}/items/${item.id}/reports`, { period: '2026-02', text: '新填报', progress: 70 }));
    assert.equal(await itemTotal(office, { cycle_id: cyc.id }), before);
    assert.equal((await office.get(`${API}/items/${item.id}`)).body.title, '考核阶段事项');
    const a = await unitLeader.post(`${API}/reports/${rep.id}/approve`);
    assert.equal(a.status, 200, show(a));
    assert.equal(a.body.state, 'approved');
    assert.equal((await office.get(`${API}/items/${item.id}`)).body.progress, 60);
  });

  for (const phase of ['publicising', 'closed']) {
    it(`${phase}: nothing changes (409 phase_forbids) and nothing is left behind`, async () => {
      const cyc = await createCycle(office, { year: phase === 'closed' ? 2056 : 2055, theme: phase, phase: 'running' });
      const item = await createItem(office, cyc.id, lixia.id, { title: `${phase}事项` });
      const county = await unitByCode(office, '370102'); // 历下区, above the organ
      const countyItem = await createItem(office, cyc.id, county.id, { title: `${phase}区级事项` });
      const withChild = await createItem(office, cyc.id, county.id, { title: `${phase}已分解事项` });
      const dec = await office.post(`${API}/items/${withChild.id}/decompose`, { unit_ids: [lixia.id] });
      assert.equal(dec.status, 201, show(dec));
      const child = dec.body.items[0];
      const sub = await report(filler, item.id, { progress: 20, state: 'submitted' });
      const draftItem = await createItem(office, cyc.id, lixia.id, { title: `${phase}草稿事项` });
      const draft = await report(filler, draftItem.id, { progress: 30 });
      for (const p of PHASES.slice(PHASES.indexOf('assessing'), PHASES.indexOf(phase) + 1)) await setPhase(office, cyc.id, p);
      const before = await itemTotal(office, { cycle_id: cyc.id });
      expectPhaseForbids(await office.post(`${API}/items`, itemBody(cyc.id, lixia.id, { title: `${phase}新增` })));
      expectPhaseForbids(await office.patch(`${API}/items/${item.id}`, { title: `${phase}改名` }));
      expectPhaseForbids(await office.patch(`${API}/items/${item.id}`, { state: 'cancelled' }));
      expectPhaseForbids(await office.post(`${API}/items/bulk`, { ids: [item.id], action: 'done' }));
      expectPhaseForbids(await office.post(`${API}/items/${countyItem.id}/decompose`, { unit_ids: [lixia.id] }));
      expectPhaseForbids(await filler.post(`${API}/items/${item.id}/reports`, { period: '2026-02', text: '不应保存', progress: 90 }));
      expectPhaseForbids(await unitLeader.post(`${API}/reports/${sub.id}/approve`));
      expectPhaseForbids(await unitLeader.post(`${API}/reports/${sub.id}/return`, { reason: '不应退回' }));
      expectPhaseForbids(await filler.post(`${API}/items/${child.id}/adopt`, { responsible_person: '不应认领' }));
      expectPhaseForbids(await filler.patch(`${API}/reports/${draft.id}`, { progress: 99 }));
      expectPhaseForbids(await filler.post(`${API}/reports/${draft.id}/submit`));
      expectPhaseForbids(await postFile(filler, `${API}/reports/${draft.id}/attachments${qs({ name: 'x.pdf' })}`, tinyPdf(), 'application/pdf'));
      // an import is refused at upload or at commit, never carried out
      const csv = Buffer.from(`\uFEFF工作项目,类别,事项名称,责任单位,责任人,完成时限\r\n${phase}导入,重点任务,${phase}导入事项,${LIXIA_FGJ},甲,2026-06-30\r\n`);
      const imp = await postFile(office, `${API}/imports${qs({ cycle_id: cyc.id, filename: 'x.csv' })}`, csv, 'text/csv');
      if (imp.status === 202) {
        const checked = await waitImport(office, imp.body.id);
        if (checked.state === 'checked' && checked.errors.length === 0) {
          expectPhaseForbids(await office.post(`${API}/imports/${imp.body.id}/commit`));
        }
      } else {
        expectPhaseForbids(imp);
      }
      assert.equal(await itemTotal(office, { cycle_id: cyc.id }), before, 'no item was added');
      const c = (await office.get(`${API}/items/${child.id}`)).body;
      assert.equal(c.adopted, false, 'the child was not adopted');
      const d = (await filler.get(`${API}/items/${draftItem.id}/reports`)).body.items[0];
      assert.equal(d.state, 'draft');
      assert.equal(d.progress, 30);
      assert.deepEqual(d.attachments, []);
      assert.equal((await office.get(`${API}/items/${countyItem.id}`)).body.child_count, 0, 'no child was added');
      const after = (await office.get(`${API}/items/${item.id}`)).body;
      assert.equal(after.title, `${phase}事项`);
      assert.equal(after.state, 'active');
      assert.equal(after.progress, 0);
      const reps = (await filler.get(`${API}/items/${item.id}/reports`)).body.items;
      assert.equal(reps.length, 1);
      assert.equal(reps[0].state, 'submitted');
    });
  }
});
