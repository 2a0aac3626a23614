// Review panels (评审组) and the reviewers' grid (评分表): a reviewer never scores their own unit
// or a unit below it; each reviewer sees only their own scores (never another reviewer's raw
// numbers) beside the units' self-assessments; cells outside the panel, on non-manual
// indicators or outside [0, max] are refused with the cell named and nothing saved; submitting
// with empty cells says how many; after submitting the grid is locked.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { API, loginAs, show, expectError, expectStatus } from './_helpers.mjs';
import {
  startSupServer, createCycle, unitNamed, buildTree, addGroup, addMembers, addPanel, addReviewer, putGrid, getGrid,
} from './fixtures/assess-helpers.mjs';

const SPEC = [
  { key: 'A', name: '工作实绩', max_score: 60, method: 'branch', children: [
    { key: 'A1', name: '项目建设', max_score: 25, method: 'manual', criteria: '按开工率评分' },
    { key: 'A2', name: '改革攻坚', max_score: 15, method: 'manual' },
    { key: 'A3', name: '清单按时完成率', max_score: 20, method: 'auto', metric: 'items_on_time' },
  ] },
  { key: 'B', name: '作风效能', max_score: 40, method: 'branch', children: [
    { key: 'B1', name: '创新加分', max_score: 5, method: 'bonus' },
  ] },
];

// Numbers unlikely to appear anywhere else, so that a leak is seen in the raw JSON.
const A_SCORES = [23.17, 13.83, 21.37, 11.63, 19.77, 9.13];
const B_SCORES = [17.41, 7.29, 16.59, 6.71, 18.47, 5.53];

describe('review panels (评审组) and the grid (评分表)', () => {
  let srv; let office; let filler; let cycle; let ind; const u = {}; let ra; let rb; let rc; let rj; let rjd; let demoReviewer;
  let A; let B; let C; let panel;
  before(async () => {
    srv = await startSupServer({ day: '2026-12-01' });
    [office, filler] = await Promise.all(['office', 'filler'].map((n) => loginAs(srv.url, n)));
    cycle = await createCycle(office, { theme: '评审测试', phase: 'assessing' });
    ind = await buildTree(office, cycle.id, SPEC);
    for (const [k, name] of [['jinan', '济南市发展和改革委员会'], ['qingdao', '青岛市发展和改革委员会'],
      ['lixia', '历下区发展和改革局'], ['zibo', '淄博市发展和改革委员会']]) u[k] = await unitNamed(office, name);
    const grp = await addGroup(office, cycle.id, { name: '评审测试类别' });
    await addMembers(office, grp.id, [u.jinan.id, u.qingdao.id, u.lixia.id, u.zibo.id]);
    ra = addReviewer(srv.db, 'grid_ra');
    rb = addReviewer(srv.db, 'grid_rb');
    rc = addReviewer(srv.db, 'grid_rc');
    rj = addReviewer(srv.db, 'grid_rj', { unit: '济南市发展和改革委员会' }); // works at an assessed unit
    rjd = addReviewer(srv.db, 'grid_rjd', { unit: '370100' }); // works at 济南市, above 济南市发改委 and 历下区发改局
    const list = await loginAs(srv.url, 'sysadmin');
    const r = await list.get(`${API}/users?q=reviewer`);
    demoReviewer = r.body.items.find((x) => x.username === 'reviewer');
    assert.ok(demoReviewer, show(r));
    // the unit 历下区发改局 assesses itself, so its self-assessment shows in the grid
    const self = await filler.request('PUT', `${API}/cycles/${cycle.id}/self/${u.lixia.id}`,
      { items: [{ indicator_id: ind.A1.id, score: 24.5, explanation: '项目全部开工' }] });
    assert.equal(self.status, 200, show(self));
  });
  after(async () => { await srv?.stop(); });

  it('a reviewer whose own unit is on the panel, or above a unit on it, is refused (field reviewer_ids)', async () => {
    const p = `${API}/cycles/${cycle.id}/panels`;
    expectError(await office.post(p, { name: '本单位评审组', reviewer_ids: [ra.id, rj.id], unit_ids: [u.jinan.id, u.qingdao.id] }),
      422, 'validation_failed', 'reviewer_ids');
    expectError(await office.post(p, { name: '上级单位评审组', reviewer_ids: [rjd.id], unit_ids: [u.lixia.id] }),
      422, 'validation_failed', 'reviewer_ids');
    // a reviewer whose own unit is the province region is above every unit
    const province = addReviewer(srv.db, 'grid_rprov', { unit: '370000' });
    expectError(await office.post(p, { name: '省级评审组', reviewer_ids: [province.id], unit_ids: [u.qingdao.id] }),
      422, 'validation_failed', 'reviewer_ids');
    // the demo reviewer works for the province's 机关工委 and may review the cities
    assert.equal((await office.post(p, { name: '省工委评审组', reviewer_ids: [demoReviewer.id], unit_ids: [u.qingdao.id] })).status,
      201);
    // 济南市's reviewer may score 青岛
    const ok = await office.post(p, { name: '跨市评审组', reviewer_ids: [rjd.id, rj.id], unit_ids: [u.qingdao.id] });
    assert.equal(ok.status, 201, show(ok));
  });

  it('a panel answers its reviewers and units', async () => {
    panel = await addPanel(office, cycle.id, '第一评审组', [ra.id, rb.id], [u.jinan.id, u.lixia.id, u.zibo.id]);
    assert.equal(panel.name, '第一评审组');
    assert.deepEqual(panel.reviewers.map((x) => x.username).sort(), ['grid_ra', 'grid_rb']);
    assert.ok(panel.reviewers.every((x) => x.id && x.display_name), JSON.stringify(panel.reviewers));
    assert.deepEqual(panel.units.map((x) => x.id).sort((a, b) => a - b), [u.jinan.id, u.lixia.id, u.zibo.id].sort((a, b) => a - b));
    assert.ok(panel.units.some((x) => x.name === '历下区发展和改革局'));
    [A, B, C] = await Promise.all(['grid_ra', 'grid_rb', 'grid_rc'].map((n) => loginAs(srv.url, n)));
  });

  it('the office lists every panel; a reviewer only their own', async () => {
    const all = await office.get(`${API}/cycles/${cycle.id}/panels`);
    assert.equal(all.status, 200, show(all));
    assert.deepEqual(all.body.items.map((p) => p.name).sort(), ['第一评审组', '跨市评审组', '省工委评审组'].sort());
    const mine = await A.get(`${API}/cycles/${cycle.id}/panels`);
    assert.equal(mine.status, 200, show(mine));
    assert.deepEqual(mine.body.items.map((p) => p.name), ['第一评审组']);
    const none = await C.get(`${API}/cycles/${cycle.id}/panels`);
    assert.equal(none.status, 200, show(none));
    assert.deepEqual(none.body.items, []);
  });

  it('the grid: the panel\'s units × the manual leaves, no scores yet, the units\' self-assessments beside', async () => {
    const grid = await getGrid(A, cycle.id);
    assert.deepEqual(grid.units.map((x) => x.id).sort((a, b) => a - b), [u.jinan.id, u.lixia.id, u.zibo.id].sort((a, b) => a - b));
    assert.ok(grid.units.every((x) => typeof x.self_state === 'string'), JSON.stringify(grid.units));
    assert.deepEqual(grid.indicators.map((x) => x.id).sort((a, b) => a - b), [ind.A1.id, ind.A2.id].sort((a, b) => a - b),
      'only manual leaves: not the auto, bonus or branch ones');
    const a1 = grid.indicators.find((x) => x.id === ind.A1.id);
    assert.equal(a1.max_score, 25);
    assert.equal(a1.criteria, '按开工率评分');
    assert.deepEqual(grid.scores, []);
    assert.equal(grid.submitted, false);
    const self = grid.self.find((x) => x.unit_id === u.lixia.id && x.indicator_id === ind.A1.id);
    assert.ok(self, `历下's self-assessment: ${JSON.stringify(grid.self)}`);
    assert.equal(self.score, 24.5);
    assert.equal(self.explanation, '项目全部开工');
  });

  const cells = (scores) => [u.jinan.id, u.lixia.id, u.zibo.id].flatMap((unit, i) => [
    { unit_id: unit, indicator_id: ind.A1.id, score: scores[2 * i], comment: `意见${i}` },
    { unit_id: unit, indicator_id: ind.A2.id, score: scores[2 * i + 1] },
  ]);

  it('each reviewer sees only their own scores, never another reviewer\'s numbers', async () => {
    const pa = await putGrid(A, cycle.id, cells(A_SCORES));
    assert.equal(pa.status, 200, show(pa));
    const pb = await putGrid(B, cycle.id, cells(B_SCORES).slice(0, 4)); // B leaves two cells empty
    assert.equal(pb.status, 200, show(pb));
    const ga = await getGrid(A, cycle.id);
    assert.deepEqual(ga.scores.map((s) => s.score).sort((x, y) => x - y), [...A_SCORES].sort((x, y) => x - y));
    const cell = ga.scores.find((s) => s.unit_id === u.jinan.id && s.indicator_id === ind.A1.id);
    assert.equal(cell.score, A_SCORES[0]);
    assert.equal(cell.comment, '意见0');
    const rawB = JSON.stringify(await getGrid(B, cycle.id));
    for (const n of A_SCORES) assert.ok(!rawB.includes(String(n)), `B's grid holds A's ${n}: ${rawB}`);
    const gb = JSON.parse(rawB);
    assert.deepEqual(gb.scores.map((s) => s.score).sort((x, y) => x - y), B_SCORES.slice(0, 4).sort((x, y) => x - y));
    const rawA = JSON.stringify(ga);
    for (const n of B_SCORES) assert.ok(!rawA.includes(String(n)), `A's grid holds B's ${n}`);
    // a reviewer on no panel has nothing to see
    const rawC = JSON.stringify(await C.get(`${API}/cycles/${cycle.id}/review-grid`).then((r) => r.body));
    for (const n of [...A_SCORES, ...B_SCORES]) assert.ok(!rawC.includes(String(n)), `C's answer holds ${n}`);
  });

  it('a bad cell → 422 naming scores[N].field, and none of the request is saved', async () => {
    const good = { unit_id: u.jinan.id, indicator_id: ind.A1.id, score: 1.5 };
    const cases = [
      [{ unit_id: u.qingdao.id, indicator_id: ind.A1.id, score: 10 }, 'scores[3].unit_id'], // not on A's panel
      [{ unit_id: u.zibo.id, indicator_id: ind.A3.id, score: 10 }, 'scores[3].indicator_id'], // auto
      [{ unit_id: u.zibo.id, indicator_id: ind.B1.id, score: 1 }, 'scores[3].indicator_id'], // bonus
      [{ unit_id: u.zibo.id, indicator_id: ind.A.id, score: 1 }, 'scores[3].indicator_id'], // branch
      [{ unit_id: u.zibo.id, indicator_id: ind.A1.id, score: 25.01 }, 'scores[3].score'],
      [{ unit_id: u.zibo.id, indicator_id: ind.A2.id, score: -0.5 }, 'scores[3].score'],
    ];
    for (const [bad, field] of cases) {
      const r = await putGrid(A, cycle.id, [good, { ...good, indicator_id: ind.A2.id }, { ...good, unit_id: u.lixia.id }, bad]);
      expectError(r, 422, 'validation_failed', field);
    }
    const ga = await getGrid(A, cycle.id);
    assert.equal(ga.scores.find((s) => s.unit_id === u.jinan.id && s.indicator_id === ind.A1.id).score, A_SCORES[0], 'unchanged');
    assert.ok(!ga.scores.some((s) => s.score === 1.5), 'nothing of the refused requests was saved');
    // a reviewer on no panel cannot score a unit
    const rc2 = await putGrid(C, cycle.id, [{ unit_id: u.jinan.id, indicator_id: ind.A1.id, score: 3 }]);
    expectStatus(rc2, [403, 422]);
    if (rc2.status === 422) expectError(rc2, 422, 'validation_failed', 'scores[0].unit_id');
  });

  it('submitting with empty cells → 409 saying how many; filled, it submits and then locks', async () => {
    const r = await B.post(`${API}/cycles/${cycle.id}/review-grid/submit`);
    const e = expectError(r, 409);
    assert.match(e.message, /(^|\D)2(\D|$)/, `the message says 2 cells are empty: ${e.message}`);
    assert.equal((await getGrid(B, cycle.id)).submitted, false);
    const fill = await putGrid(B, cycle.id, cells(B_SCORES).slice(4));
    assert.equal(fill.status, 200, show(fill));
    const s = await B.post(`${API}/cycles/${cycle.id}/review-grid/submit`);
    assert.equal(s.status, 200, show(s));
    const gb = await getGrid(B, cycle.id);
    assert.equal(gb.submitted, true);
    assert.equal(gb.scores.length, 6);
    expectError(await putGrid(B, cycle.id, [{ unit_id: u.jinan.id, indicator_id: ind.A1.id, score: 1 }]), 409);
    assert.equal((await getGrid(B, cycle.id)).scores.find((x) => x.unit_id === u.jinan.id && x.indicator_id === ind.A1.id).score, B_SCORES[0]);
    // A's grid is still A's: B's submission did not change it
    const ga = await getGrid(A, cycle.id);
    assert.equal(ga.submitted, false);
    assert.deepEqual(ga.scores.map((x) => x.score).sort((x, y) => x - y), [...A_SCORES].sort((x, y) => x - y));
  });

  it('only reviewers have a grid; only the office forms panels', async () => {
    expectStatus(await filler.get(`${API}/cycles/${cycle.id}/review-grid`), 403);
    expectStatus(await office.request('PUT', `${API}/cycles/${cycle.id}/review-grid`, { scores: [] }), 403);
    expectStatus(await A.post(`${API}/cycles/${cycle.id}/panels`, { name: '自组评审组', reviewer_ids: [ra.id], unit_ids: [u.qingdao.id] }), 403);
  });
});
