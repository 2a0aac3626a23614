// Computing the results (计算结果) on a held-out case worked out by hand: fourteen units in three
// peer groups, five reviewers on most cells (highest and lowest dropped) and three on others,
// an auto leaf from the units' own items, bonus past its cap and past the unit's bonus cap, a
// deduction bigger than its branch, a veto; every total, rank, grade and naming is asserted, the
// explanation of every unit must add up to its total, computing twice changes nothing, results
// stay with the office until published, and the results sheet lists them in rank order.
//
// The rules, as src/core/assess.h documents them:
// - manual leaf: ≥ 5 submitted reviewers → drop exactly one highest and one lowest (the first
//   of equal values), average the rest; fewer → plain mean; rounded to 2 decimals. Scores a
//   reviewer has not submitted do not count.
// - auto leaf: rate = items done on or before their due date / items due by the cycle's end;
//   rate ≥ full_at → max, ≤ zero_at → 0, between: max × (rate − zero_at) / (full_at − zero_at).
// - bonus leaf: Σ lines capped at its max; then all bonus of a unit capped at bonus_cap, the
//   earlier bonus leaves (tree order) keeping theirs and the later ones cut.
// - deduction leaf: −Σ lines, at most its max; a branch is capped at its max and floored at 0.
// - veto: the unit keeps its total and rank but is graded 较差 and never named.
// - ranks: total descending, ties share a rank and the next skips (1, 2, 2, 4); tied units are
//   ordered by the 一级 scores (descending, in tree order), then unit id.
// - 优秀: quota = floor(share × members) (vetoed members counted). Candidates are units not
//   vetoed with total ≥ excellent_min, taken rank by rank while the quota holds; when the units
//   sharing a rank do not all fit, none of them is 优秀 and later ranks are not considered.
//   Others: 良好 ≥ good_min, 一般 ≥ fair_min, else 较差.
// - 示范集体: demo_total shared across groups by size with the largest-remainder method; a group
//   never gets more seats than it has nameable units (优秀, no veto, no red item still open) and
//   the seats it cannot use are shared again among the other groups the same way; each group
//   names its first nameable units in rank order.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { API, loginAs, show, expectError, expectStatus, qs } from './_helpers.mjs';
import {
  startSupServer, createCycle, setPhase, createItem, unitNamed, buildTree, addGroup, addMembers, putSettings,
  addPanel, addReviewer, putGrid, scoreAndSubmit, compute, results, explain, assertAddsUp, nodeOf, cents, flatten,
  getBytes, readXlsx, sheetRows,
} from './fixtures/assess-helpers.mjs';

const TODAY = '2026-12-15'; // a Tuesday; the server's clock

const SPEC = [
  { key: 'A', name: '工作实绩', max_score: 60, method: 'branch', children: [
    { key: 'A1', name: '重点任务', max_score: 40, method: 'branch', children: [
      { key: 'A11', name: '项目建设', max_score: 25, method: 'manual' },
      { key: 'A12', name: '改革攻坚', max_score: 15, method: 'manual' },
    ] },
    { key: 'A2', name: '清单按时完成率', max_score: 20, method: 'auto', metric: 'items_on_time', full_at: 0.9, zero_at: 0.5 },
  ] },
  { key: 'B', name: '作风效能', max_score: 40, method: 'branch', children: [
    { key: 'B1', name: '服务满意度', max_score: 30, method: 'manual' },
    { key: 'B2', name: '创新加分', max_score: 5, method: 'bonus' },
    { key: 'B3', name: '表彰加分', max_score: 3, method: 'bonus' },
    { key: 'B4', name: '违规扣分', max_score: 10, method: 'deduction' },
    { key: 'B5', name: '安全生产一票否决', max_score: 0, method: 'veto' },
  ] },
];
const BONUS_CAP = 6;
const DEMO_TOTAL = 3;

const UNITS = {
  DY: ['东营市发展和改革委员会'], J: ['济南市发展和改革委员会'], Q: ['青岛市发展和改革委员会'],
  Z: ['淄博市发展和改革委员会'], ZZ: ['枣庄市发展和改革委员会'],
  HY: ['槐荫区发展和改革局'], TQ: ['天桥区发展和改革局'], ZQ: ['章丘区发展和改革局'], LC: ['历城区发展和改革局'],
  CQ: ['长清区发展和改革局'],
  SN: ['市南区发展和改革局', '青岛市'], SB: ['市北区发展和改革局', '青岛市'], HD: ['黄岛区发展和改革局', '青岛市'],
  LS: ['崂山区发展和改革局', '青岛市'],
};

// Groups: [key, share, members]; the share is each group's own, chosen so that the quota rules bite.
const GROUPS = [
  ['G1', '市级发改委', 0.6, ['DY', 'J', 'Q', 'Z', 'ZZ']], // quota floor(0.6 × 5) = 3
  ['G2', '济南区县发改局', 0.4, ['HY', 'TQ', 'ZQ', 'LC', 'CQ']], // quota floor(0.4 × 5) = 2
  ['G3', '青岛区县发改局', 0.5, ['SN', 'SB', 'HD', 'LS']], // quota floor(0.5 × 4) = 2
];

// Reviewers' scores per manual leaf, in reviewer order r1…r5 (panel 1: G1 and G3) or r1…r3
// (panel 2: G2); items: on = done on time, late = done after the due date, red = overdue and
// open; bonus/deduction: the lines' points per leaf.
const DATA = {
  DY: { A11: [25, 25, 25, 25, 25], A12: [15, 15, 15, 15, 15], B1: [30, 30, 30, 30, 30], on: 4, bonus: { B2: [5] }, veto: true },
  J: { A11: [25, 24, 23, 22, 20], A12: [15, 15, 14, 15, 15], B1: [30, 28, 29, 25, 30], on: 4, bonus: { B2: [4, 3], B3: [2] } },
  Q: { A11: [25, 25, 22, 23, 24], A12: [14, 14, 14, 14, 14], B1: [30, 30, 30, 30, 30], on: 4, bonus: { B2: [1], B3: [3] } },
  Z: { A11: [25, 23, 23, 23, 21], A12: [14, 14, 14, 14, 14], B1: [30, 30, 29, 28, 27], on: 4, bonus: { B2: [5], B3: [1] } },
  ZZ: { A11: [25, 25, 25, 25, 25], A12: [15, 15, 15, 15, 15], B1: [30, 30, 30, 30, 30], on: 4, late: 1, bonus: { B2: [4], B3: [2] } },
  HY: { A11: [25, 24, 23], A12: [15, 15, 14], B1: [30, 30, 28], on: 10, red: 1, bonus: { B2: [5] } },
  TQ: { A11: [25, 25, 24], A12: [15, 15, 15], B1: [28, 27, 27], on: 4, bonus: { B2: [5] } },
  ZQ: { A11: [23, 23, 23], A12: [15, 15, 15], B1: [30, 30, 30], on: 4, bonus: { B2: [4] } },
  LC: { A11: [25, 25, 25], A12: [15, 15, 15], B1: [30, 30, 30], on: 4, bonus: { B2: [1], B3: [3] }, deduction: { B4: [3] } },
  CQ: { A11: [15, 14, 13], A12: [10, 10, 10], B1: [8, 8, 8], on: 2, late: 3, deduction: { B4: [6, 5] } },
  SN: { A11: [25, 25, 25, 25, 25], A12: [15, 15, 15, 15, 15], B1: [30, 30, 30, 30, 30], on: 4, bonus: { B2: [5], B3: [1] } },
  SB: { A11: [25, 25, 25, 25, 25], A12: [15, 15, 15, 15, 15], B1: [30, 30, 30, 30, 30], on: 4, bonus: { B2: [4, 3] } },
  HD: { A11: [25, 25, 25, 25, 25], A12: [15, 15, 15, 15, 15], B1: [30, 30, 30, 30, 30], on: 4, late: 1 },
  LS: { A11: [21, 20, 20, 20, 19], A12: [10, 10, 10, 10, 10], B1: [25, 25, 25, 25, 25], on: 3, late: 2 },
};

// Worked by hand. A = A11 + A12 + A2, B = B1 + bonus − deduction (each branch within [0, max]).
// A2 (max 20, full at 0.9, zero at 0.5): rate 1 → 20; 0.8 → 20 × 0.3/0.4 = 15; 10/11 ≈ 0.909 → 20;
// 0.6 → 20 × 0.1/0.4 = 5; 0.4 → 0.
const EXPECT = {
  // 市级发改委 (quota 3)
  // DY: 25 + 15 + 20 (4/4) = 60; 30 + 5 = 35; 95, but vetoed → 较差, rank 1 all the same
  DY: { A: 60, B: 35, total: 95, rank: 1, grade: 'poor', named: false, vetoed: true },
  // J: A11 drop 25 and 20 → (24+23+22)/3 = 23; A12 drop 15 (first) and 14 → 15; A2 20 → A 58.
  //    B1 drop 30 (first) and 25 → (28+29+30)/3 = 29; B2 4+3 = 7 capped at 5; B3 2; bonus 7 > cap 6
  //    → B3 cut to 1; B = 29 + 5 + 1 = 35; total 93 → rank 2, 优秀 (1st of the quota's 3)
  J: { A: 58, B: 35, total: 93, rank: 2, grade: 'excellent', named: true, vetoed: false },
  // Q: A11 drop 25 (first) and 22 → (25+23+24)/3 = 24; A12 14; A2 20 → 58; B 30 + 1 + 3 = 34; 92
  Q: { A: 58, B: 34, total: 92, rank: 3, grade: 'excellent', named: true, vetoed: false },
  // Z: A11 drop 25, 21 → 23; A12 14; A2 20 → 57; B1 drop 30, 27 → (30+29+28)/3 = 29; bonus 5 + 1 = 6
  //    (exactly the cap) → B 35; 92: ties with Q at rank 3; both fit the quota (2 + 1 = 3);
  //    Q goes first on the tie-break (一级 A: 58 > 57), so Q takes 市级's second seat
  Z: { A: 57, B: 35, total: 92, rank: 3, grade: 'excellent', named: false, vetoed: false },
  // ZZ: 25 + 15 + 15 (4/5 = 0.8) = 55; 30 + 4 + 2 = 36; 91 → rank 5 (3, 3, then 5); quota full → 良好
  ZZ: { A: 55, B: 36, total: 91, rank: 5, grade: 'good', named: false, vetoed: false },
  // 济南区县发改局 (quota 2; three reviewers: plain means)
  // HY: A11 (25+24+23)/3 = 24; A12 (15+15+14)/3 = 14.67; A2 10/11 → 20 → A 58.67;
  //     B1 (30+30+28)/3 = 29.33; + 5 → B 34.33; 93.00 → 优秀, but an overdue item is open → not named
  HY: { A: 58.67, B: 34.33, total: 93, rank: 1, grade: 'excellent', named: false, vetoed: false },
  // TQ: A11 74/3 = 24.67; 15; 20 → 59.67; B1 82/3 = 27.33; + 5 → 32.33; 92.00
  TQ: { A: 59.67, B: 32.33, total: 92, rank: 2, grade: 'good', named: false, vetoed: false },
  // ZQ: 23 + 15 + 20 = 58; 30 + 4 = 34; 92 → ties TQ at rank 2: two candidates for the one place
  //     left → neither is 优秀 (the quota is never exceeded)
  ZQ: { A: 58, B: 34, total: 92, rank: 2, grade: 'good', named: false, vetoed: false },
  // LC: 60; 30 + 1 + 3 − 3 = 31; 91 ≥ 90 but later ranks are not considered → 良好, rank 4
  LC: { A: 60, B: 31, total: 91, rank: 4, grade: 'good', named: false, vetoed: false },
  // CQ: 14 + 10 + 0 (2/5 = 0.4 ≤ 0.5) = 24; B1 8, deduction 6 + 5 = 11 limited to 10 → 8 − 10 = −2
  //     → B floored at 0; 24 → 较差
  CQ: { A: 24, B: 0, total: 24, rank: 5, grade: 'poor', named: false, vetoed: false },
  // 青岛区县发改局 (quota 2)
  SN: { A: 60, B: 36, total: 96, rank: 1, grade: 'excellent', named: true, vetoed: false }, // 30 + 5 + 1
  SB: { A: 60, B: 35, total: 95, rank: 2, grade: 'excellent', named: false, vetoed: false }, // 30 + (4 + 3 capped at 5)
  HD: { A: 55, B: 30, total: 85, rank: 3, grade: 'good', named: false, vetoed: false }, // A2 0.8 → 15
  // LS: A11 drop 21, 19 → 20; 10; A2 3/5 = 0.6 → 5 → 35; 25; 60.00 → exactly fair_min → 一般
  LS: { A: 35, B: 25, total: 60, rank: 4, grade: 'fair', named: false, vetoed: false },
};
// 示范集体, demo_total 3 over sizes 5, 5, 4 (14): 3×5/14 = 1 r1, 1 r1, 3×4/14 = 0 r12 → the seat left
// goes to 青岛 (remainder 12): 1, 1, 1. 济南区县 has no nameable unit (HY has an open red item) →
// fixed at 0; the 3 seats are shared again over 市级 and 青岛 (5, 4; 9): 15/9 = 1 r6, 12/9 = 1 r3 →
// the seat left goes to 市级: 2, 0, 1. Named: J and Q (the tie-break's first of Q/Z), and SN.
const SUMMARY = { G1: { units: 5, excellent: 3, named: 2 }, G2: { units: 5, excellent: 1, named: 0 }, G3: { units: 4, excellent: 2, named: 1 } };
const GRADE_ZH = { excellent: '优秀', good: '良好', fair: '一般', poor: '较差' };

describe('computing the results (计算结果): a case worked by hand', () => {
  let srv; let office; let leader; let filler; let unitLeader;
  let cycle; let ind; const u = {}; const g = {}; let rev = []; let revc = []; let first;

  before(async () => {
    srv = await startSupServer({ day: TODAY });
    [office, leader, filler, unitLeader] = await Promise.all(['office', 'leader', 'filler', 'unit_leader'].map((n) => loginAs(srv.url, n)));
    for (const [k, [name, within]] of Object.entries(UNITS)) u[k] = await unitNamed(office, name, within);
    cycle = await createCycle(office, { theme: '考核计算测试', phase: 'running' });
  });
  after(async () => { await srv?.stop(); });

  it('set-up: each unit\'s items, on time, late or left open past their due date', async () => {
    for (const [k, d] of Object.entries(DATA)) {
      const make = async (n, due, done, tag) => {
        for (let i = 0; i < (n || 0); i += 1) {
          const item = await createItem(office, cycle.id, u[k].id, { title: `${tag}事项${i + 1}`, start_date: null, due_date: due });
          if (done) {
            const r = await office.patch(`${API}/items/${item.id}`, { state: 'done' });
            assert.equal(r.status, 200, show(r));
          }
        }
      };
      await make(d.on, '2026-12-31', true, '按时');
      await make(d.late, '2026-12-01', true, '逾期完成');
      await make(d.red, '2026-12-01', false, '逾期未完成');
    }
    const r = await office.get(`${API}/items${qs({ cycle_id: cycle.id, unit_id: u.HY.id, light: 'red', size: 50 })}`);
    assert.equal(r.status, 200, show(r));
    assert.equal(r.body.total, 1, `HY has one red item: ${show(r)}`);
  });

  it('set-up: indicators, groups, settings, panels', async () => {
    ind = await buildTree(office, cycle.id, SPEC);
    for (const [key, name, share, members] of GROUPS) {
      g[key] = await addGroup(office, cycle.id, { name, excellent_share: share });
      await addMembers(office, g[key].id, members.map((m) => u[m].id));
    }
    const s = await putSettings(office, cycle.id, { demo_total: DEMO_TOTAL, bonus_cap: BONUS_CAP, publicity_workdays: 5 });
    assert.equal(s.bonus_cap, BONUS_CAP);
    rev = [1, 2, 3, 4, 5, 6].map((i) => addReviewer(srv.db, `calc_r${i}`));
    const p1 = [...GROUPS[0][3], ...GROUPS[2][3]].map((m) => u[m].id);
    const p2 = GROUPS[1][3].map((m) => u[m].id);
    await addPanel(office, cycle.id, '第一评审组', rev.map((r) => r.id), p1); // r6 too: scores, never submits
    await addPanel(office, cycle.id, '第二评审组', rev.slice(0, 3).map((r) => r.id), p2);
    revc = await Promise.all(rev.map((r) => loginAs(srv.url, r.username)));
  });

  it('set-up: bonus and deduction lines and a veto; wrong ones are refused', async () => {
    const post = (body) => office.post(`${API}/cycles/${cycle.id}/adjustments`, body);
    for (const [k, d] of Object.entries(DATA)) {
      for (const kind of ['bonus', 'deduction']) {
        for (const [leaf, pts] of Object.entries(d[kind] || {})) {
          for (const points of pts) {
            const r = await post({ unit_id: u[k].id, indicator_id: ind[leaf].id, points, reason: `${k} ${leaf} ${points}` });
            assert.equal(r.status, 201, show(r));
          }
        }
      }
      if (d.veto) {
        const r = await office.post(`${API}/cycles/${cycle.id}/vetoes`, { unit_id: u[k].id, indicator_id: ind.B5.id, reason: '发生较大安全生产事故' });
        assert.equal(r.status, 201, show(r));
      }
    }
    expectError(await post({ unit_id: u.SB.id, indicator_id: ind.B2.id, points: 0, reason: '零分' }), 422, 'validation_failed', 'points');
    expectError(await post({ unit_id: u.SB.id, indicator_id: ind.B2.id, points: -2, reason: '负分' }), 422, 'validation_failed', 'points');
    expectError(await post({ unit_id: u.SB.id, indicator_id: ind.B1.id, points: 1, reason: '人工指标' }), 422, 'validation_failed', 'indicator_id');
    expectError(await office.post(`${API}/cycles/${cycle.id}/vetoes`, { unit_id: u.SB.id, indicator_id: ind.B2.id, reason: '不是否决项' }),
      422, 'validation_failed', 'indicator_id');
    expectStatus(await leader.post(`${API}/cycles/${cycle.id}/adjustments`, { unit_id: u.SB.id, indicator_id: ind.B2.id, points: 1, reason: 'x' }), 403);
    // a line made and deleted, and a veto made and deleted, leave nothing
    const tmp = await post({ unit_id: u.SB.id, indicator_id: ind.B4.id, points: 9, reason: '误录' });
    assert.equal(tmp.status, 201, show(tmp));
    expectStatus(await office.del(`${API}/adjustments/${tmp.body.id}`), [200, 204]);
    const v = await office.post(`${API}/cycles/${cycle.id}/vetoes`, { unit_id: u.SB.id, indicator_id: ind.B5.id, reason: '误录' });
    assert.equal(v.status, 201, show(v));
    expectStatus(await office.del(`${API}/vetoes/${v.body.id}`), [200, 204]);
    const list = await office.get(`${API}/cycles/${cycle.id}/adjustments${qs({ unit_id: u.J.id })}`);
    assert.equal(list.status, 200, show(list));
    assert.deepEqual(list.body.items.map((a) => `${a.indicator_id}:${a.points}`).sort(),
      [`${ind.B2.id}:4`, `${ind.B2.id}:3`, `${ind.B3.id}:2`].sort());
    const sb = await office.get(`${API}/cycles/${cycle.id}/adjustments${qs({ unit_id: u.SB.id })}`);
    assert.deepEqual(sb.body.items.map((a) => a.points).sort((a, b) => a - b), [3, 4], 'SB keeps only its real lines');
  });

  it('set-up: five reviewers score and submit; a sixth scores zeros and never submits', async () => {
    for (const [i, c] of revc.entries()) {
      const cells = [];
      for (const [k, d] of Object.entries(DATA)) {
        for (const leaf of ['A11', 'A12', 'B1']) {
          if (i === 5) { if (d[leaf].length === 5) cells.push({ unit_id: u[k].id, indicator_id: ind[leaf].id, score: 0 }); continue; }
          if (i < d[leaf].length) cells.push({ unit_id: u[k].id, indicator_id: ind[leaf].id, score: d[leaf][i], comment: `r${i + 1}` });
        }
      }
      if (i === 5) {
        const r = await putGrid(c, cycle.id, cells);
        assert.equal(r.status, 200, show(r));
      } else {
        await scoreAndSubmit(c, cycle.id, cells);
      }
    }
  });

  it('compute answers 409 outside the assessing phase', async () => {
    expectError(await office.post(`${API}/cycles/${cycle.id}/compute`), 409);
  });

  it('set-up: the cycle moves to assessing', async () => {
    await setPhase(office, cycle.id, 'assessing');
  });

  it('only the office computes', async () => {
    expectStatus(await leader.post(`${API}/cycles/${cycle.id}/compute`), 403);
    expectStatus(await revc[0].post(`${API}/cycles/${cycle.id}/compute`), 403);
  });

  it('compute: per group, how many units, how many 优秀 and how many named', async () => {
    first = await compute(office, cycle.id);
    assert.match(first.digest, /^[0-9a-f]{16,}$/i, 'a hex digest');
    assert.equal(typeof first.computed_at, 'string');
    for (const [key] of GROUPS) {
      const row = first.groups.find((x) => x.group_id === g[key].id);
      assert.ok(row, `group ${key} in ${JSON.stringify(first.groups)}`);
      assert.equal(row.name, g[key].name);
      assert.deepEqual({ units: row.units, excellent: row.excellent, named: row.named }, SUMMARY[key], `group ${key}`);
    }
  });

  it('every total, rank, grade, veto, naming and 一级 score is the hand-worked one', async () => {
    const items = await results(office, cycle.id);
    assert.equal(items.length, Object.keys(EXPECT).length);
    for (const [k, want] of Object.entries(EXPECT)) {
      const r = items.find((x) => x.unit_id === u[k].id);
      assert.ok(r, `${k} in the results`);
      const grp = GROUPS.find((x) => x[3].includes(k));
      const got = {
        total: r.total, rank: r.rank, grade: r.grade, grade_name: r.grade_name, named: r.named, vetoed: r.vetoed,
        group_id: r.group_id, unit_name: r.unit_name,
        A: r.first_level.find((f) => f.indicator_id === ind.A.id)?.score,
        B: r.first_level.find((f) => f.indicator_id === ind.B.id)?.score,
      };
      assert.deepEqual(got, {
        total: want.total, rank: want.rank, grade: want.grade, grade_name: GRADE_ZH[want.grade], named: want.named,
        vetoed: want.vetoed, group_id: g[grp[0]].id, unit_name: UNITS[k][0], A: want.A, B: want.B,
      }, `unit ${k} (${UNITS[k][0]})`);
      assert.equal(r.group_name, grp[1]);
    }
    assert.deepEqual(items.filter((x) => x.named).map((x) => x.unit_id).sort((a, b) => a - b),
      [u.J.id, u.Q.id, u.SN.id].sort((a, b) => a - b), 'exactly J, Q and SN are named');
  });

  it('?group_id= answers that group only', async () => {
    const items = await results(office, cycle.id, g.G2.id);
    assert.deepEqual(items.map((x) => x.unit_id).sort((a, b) => a - b), GROUPS[1][3].map((k) => u[k].id).sort((a, b) => a - b));
  });

  it('every explanation adds up to its total, with the unit\'s rank, grade and naming', async () => {
    const items = await results(office, cycle.id);
    for (const k of Object.keys(EXPECT)) {
      const ex = await explain(office, cycle.id, u[k].id);
      const r = items.find((x) => x.unit_id === u[k].id);
      assert.equal(ex.unit_id, u[k].id);
      assert.equal(ex.total, EXPECT[k].total, `${k} total`);
      assert.equal(ex.rank, r.rank);
      assert.equal(ex.grade, r.grade);
      assert.equal(ex.named, r.named);
      assert.equal(ex.vetoed, r.vetoed);
      assertAddsUp(ex, k);
      for (const key of ['unit_id', 'total', 'grade', 'rank', 'named', 'vetoed', 'tree', 'bonus_cap_applied', 'lines']) {
        assert.ok(key in ex, `${k}: the explanation has ${key}`);
      }
      for (const n of flatten(ex.tree)) {
        for (const key of ['indicator_id', 'name', 'method', 'max_score', 'score', 'source', 'capped_by', 'floored_by', 'children']) {
          assert.ok(key in n, `${k}: node ${n.name} has ${key}`);
        }
      }
      assert.equal(flatten(ex.tree).length, Object.keys(ind).length, `${k}: every indicator is in the tree`);
      assert.equal(nodeOf(ex, ind.A.id).score, EXPECT[k].A, `${k} 工作实绩`);
      assert.equal(nodeOf(ex, ind.B.id).score, EXPECT[k].B, `${k} 作风效能`);
    }
  });

  it('a manual leaf lists each submitted reviewer\'s score and marks the highest and lowest dropped', async () => {
    const ex = await explain(office, cycle.id, u.J.id);
    const a11 = nodeOf(ex, ind.A11.id);
    assert.equal(a11.method, 'manual');
    assert.equal(a11.score, 23);
    const reviews = a11.source.reviews;
    assert.equal(reviews.length, 5, `five submitted reviews, not the sixth reviewer's draft: ${JSON.stringify(reviews)}`);
    assert.deepEqual(reviews.map((x) => x.score).sort((a, b) => a - b), [20, 22, 23, 24, 25]);
    assert.deepEqual(reviews.filter((x) => x.dropped).map((x) => x.score).sort((a, b) => a - b), [20, 25]);
    const who = (x) => String(x.reviewer);
    assert.ok(who(reviews.find((x) => x.score === 25)).includes('calc_r1'), `each score names its reviewer: ${JSON.stringify(reviews)}`);
    assert.ok(!reviews.some((x) => who(x).includes('calc_r6')), 'the unsubmitted reviewer is not there');
    assert.equal(a11.source.mean, 23);
    // equal values: exactly one highest and one lowest go
    const a12 = nodeOf(ex, ind.A12.id).source.reviews;
    assert.equal(a12.filter((x) => x.dropped).length, 2);
    assert.deepEqual(a12.filter((x) => x.dropped).map((x) => x.score).sort((a, b) => a - b), [14, 15]);
    // three reviewers: nobody dropped, the plain mean (rounded)
    const hy = nodeOf(await explain(office, cycle.id, u.HY.id), ind.A12.id);
    assert.equal(hy.source.reviews.length, 3);
    assert.ok(hy.source.reviews.every((x) => x.dropped === false), JSON.stringify(hy.source.reviews));
    assert.equal(hy.source.mean, 14.67);
    assert.equal(hy.score, 14.67);
  });

  it('an auto leaf shows the metric, numerator, denominator and rate', async () => {
    for (const [k, num, den, score] of [['HY', 10, 11, 20], ['LS', 3, 5, 5], ['ZZ', 4, 5, 15], ['CQ', 2, 5, 0]]) {
      const a2 = nodeOf(await explain(office, cycle.id, u[k].id), ind.A2.id);
      assert.equal(a2.method, 'auto');
      assert.equal(a2.source.metric, 'items_on_time');
      assert.equal(a2.source.numerator, num, `${k} numerator`);
      assert.equal(a2.source.denominator, den, `${k} denominator`);
      assert.ok(Math.abs(a2.source.rate - num / den) < 1e-4, `${k} rate ${a2.source.rate}`);
      assert.equal(a2.source.full_at, 0.9);
      assert.equal(a2.source.zero_at, 0.5);
      assert.equal(typeof a2.source.formula, 'string');
      assert.equal(a2.score, score, `${k} score`);
    }
  });

  it('caps, floors, lines and the veto are shown where they apply', async () => {
    const j = await explain(office, cycle.id, u.J.id);
    assert.equal(nodeOf(j, ind.B2.id).score, 5);
    assert.equal(nodeOf(j, ind.B2.id).capped_by, 2, 'B2: 4 + 3 capped at 5');
    assert.equal(cents(nodeOf(j, ind.B2.id).score) + cents(nodeOf(j, ind.B3.id).score), 600, 'all bonus held to the cap of 6');
    assert.deepEqual(j.lines.filter((l) => l.kind === 'bonus').map((l) => `${l.indicator_id}:${l.points}`).sort(),
      [`${ind.B2.id}:4`, `${ind.B2.id}:3`, `${ind.B3.id}:2`].sort());
    const cq = await explain(office, cycle.id, u.CQ.id);
    const b = nodeOf(cq, ind.B.id);
    assert.equal(b.score, 0);
    assert.equal(b.floored_by, 2, 'the branch floor gives back 8 − 10 = −2');
    assert.equal(nodeOf(cq, ind.B4.id).score, -10, 'a deduction takes at most its max');
    assert.deepEqual(cq.lines.filter((l) => l.kind === 'deduction').map((l) => l.points).sort((a, c) => a - c), [5, 6]);
    const dy = await explain(office, cycle.id, u.DY.id);
    assert.equal(dy.vetoed, true);
    assert.ok(dy.lines.some((l) => l.kind === 'veto' && l.indicator_id === ind.B5.id), JSON.stringify(dy.lines));
    assert.equal(nodeOf(dy, ind.B5.id).score, 0);
    const sn = await explain(office, cycle.id, u.SN.id);
    assert.equal(nodeOf(sn, ind.B2.id).capped_by, null, 'nothing to cap');
    assert.equal(nodeOf(sn, ind.B.id).floored_by, null);
  });

  it('bonus_cap_applied says how much the unit\'s bonus cap took', async () => {
    const j = await explain(office, cycle.id, u.J.id);
    assert.ok('bonus_cap_applied' in j, `the explanation has bonus_cap_applied: ${Object.keys(j).join(', ')}`);
    assert.equal(j.bonus_cap_applied, 1, 'J: 5 + 2 = 7 held to 6');
    const z = await explain(office, cycle.id, u.Z.id);
    assert.equal(z.bonus_cap_applied, null, 'Z: 5 + 1 = 6, exactly the cap');
  });

  it('computing again on the same data gives the same digest and the same results, byte for byte', async () => {
    const before = await office.get(`${API}/cycles/${cycle.id}/results`);
    const exBefore = await office.get(`${API}/cycles/${cycle.id}/results/${u.J.id}/explain`);
    const second = await compute(office, cycle.id);
    assert.equal(second.digest, first.digest);
    assert.deepEqual(second.groups, first.groups);
    const afterR = await office.get(`${API}/cycles/${cycle.id}/results`);
    assert.equal(JSON.stringify(afterR.body), JSON.stringify(before.body));
    const exAfter = await office.get(`${API}/cycles/${cycle.id}/results/${u.J.id}/explain`);
    assert.equal(JSON.stringify(exAfter.body), JSON.stringify(exBefore.body));
  });

  it('a changed score changes the digest', async () => {
    const line = await office.post(`${API}/cycles/${cycle.id}/adjustments`, { unit_id: u.HD.id, indicator_id: ind.B2.id, points: 1, reason: '临时' });
    assert.equal(line.status, 201, show(line));
    const c = await compute(office, cycle.id);
    assert.notEqual(c.digest, first.digest);
    assert.equal((await results(office, cycle.id)).find((x) => x.unit_id === u.HD.id).total, 86);
    expectStatus(await office.del(`${API}/adjustments/${line.body.id}`), [200, 204]);
    assert.equal((await compute(office, cycle.id)).digest, first.digest, 'back to the same data, back to the same digest');
  });

  it('before publishing, results are the office\'s alone: 403 for everyone else, 404 on the public page', async () => {
    for (const c of [leader, filler, unitLeader, revc[0]]) {
      expectError(await c.get(`${API}/cycles/${cycle.id}/results`), 403);
      expectError(await c.get(`${API}/cycles/${cycle.id}/results/${u.J.id}/explain`), 403);
      expectStatus(await getBytes(c, `${API}/cycles/${cycle.id}/results.xlsx`), 403);
    }
    const pub = await fetch(`${srv.url}${API}/public/cycles/${cycle.id}/results`);
    assert.equal(pub.status, 404);
  });

  it('results.xlsx: a sheet per group with the Chinese headers, one row per unit in rank order', async () => {
    const r = await getBytes(office, `${API}/cycles/${cycle.id}/results.xlsx`);
    assert.equal(r.status, 200, `HTTP ${r.status}`);
    assert.match(r.headers.get('content-type') || '', /spreadsheetml/);
    const wb = await readXlsx(r.body);
    assert.equal(wb.worksheets.length, GROUPS.length, wb.worksheets.map((w) => w.name).join(', '));
    const items = await results(office, cycle.id);
    for (const [key, name, , members] of GROUPS) {
      const ws = wb.worksheets.find((w) => sheetRows(w).slice(1).some((row) => row[1] === UNITS[members[0]][0]));
      assert.ok(ws, `a sheet for ${name}`);
      const [head, ...rows] = sheetRows(ws);
      assert.deepEqual(head.filter(Boolean), ['排名', '单位', '总分', '工作实绩', '作风效能', '等次', '示范集体']);
      assert.equal(rows.length, members.length, `${name}: one row per unit`);
      const ranks = rows.map((row) => Number(row[0]));
      assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), `${name}: in rank order`);
      for (const row of rows) {
        const k = members.find((m) => UNITS[m][0] === row[1]);
        assert.ok(k, `${row[1]} belongs to ${name}`);
        const res = items.find((x) => x.unit_id === u[k].id);
        assert.equal(Number(row[0]), EXPECT[k].rank, `${k} rank`);
        assert.equal(Number(row[2]), EXPECT[k].total, `${k} total`);
        assert.equal(Number(row[3]), EXPECT[k].A, `${k} 工作实绩`);
        assert.equal(Number(row[4]), EXPECT[k].B, `${k} 作风效能`);
        assert.equal(row[5], GRADE_ZH[EXPECT[k].grade], `${k} 等次`);
        assert.equal(res.named, EXPECT[k].named);
      }
      const namedCells = rows.filter((row) => EXPECT[members.find((m) => UNITS[m][0] === row[1])].named).map((row) => row[6]);
      const otherCells = rows.filter((row) => !EXPECT[members.find((m) => UNITS[m][0] === row[1])].named).map((row) => row[6]);
      for (const c of namedCells) assert.ok(c && !otherCells.includes(c), `${name}: 示范集体 marks the named units apart (${c} vs ${otherCells})`);
      if (key === 'G1') assert.equal(rows.findIndex((row) => row[1] === UNITS.Q[0]) < rows.findIndex((row) => row[1] === UNITS.Z[0]), true, 'Q before Z on the tie-break');
    }
    const one = await getBytes(office, `${API}/cycles/${cycle.id}/results.xlsx?group_id=${g.G3.id}`);
    assert.equal(one.status, 200);
    const wb3 = await readXlsx(one.body);
    assert.equal(wb3.worksheets.length, 1);
    assert.equal(sheetRows(wb3.worksheets[0]).length, 1 + GROUPS[2][3].length);
  });
});
