// The indicator system (考核指标体系): a tree of at most three levels whose branches never promise
// more points than they have (bonus children aside), auto leaves that say what they count,
// changes only by the office; and the Excel way in — the template and an import that creates
// the whole tree or nothing, naming each bad row and column.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { API, loginAs, show, expectError, expectStatus } from './_helpers.mjs';
import {
  startSupServer, createCycle, unitNamed, addIndicator, buildTree, getTree, flatten, addGroup, addMembers,
  getBytes, postFile, readXlsx, sheetRows, xlsxOf, XLSX,
} from './fixtures/assess-helpers.mjs';

const HEADERS = ['一级指标', '二级指标', '三级指标', '分值', '评分方式', '评分标准', '自动指标'];

/* The tree the tests build: 3 levels, 100 points at the top. */
const SPEC = [
  { key: 'A', name: '工作实绩', max_score: 60, method: 'branch', children: [
    { key: 'A1', name: '重点任务', max_score: 40, method: 'branch', children: [
      { key: 'A11', name: '项目建设', max_score: 25, method: 'manual', criteria: '按项目开工和投资完成情况评分' },
      { key: 'A12', name: '改革攻坚', max_score: 15, method: 'manual' },
    ] },
    { key: 'A2', name: '清单按时完成率', max_score: 20, method: 'auto', metric: 'items_on_time', full_at: 0.9, zero_at: 0.5 },
  ] },
  { key: 'B', name: '作风效能', max_score: 40, method: 'branch', children: [
    { key: 'B1', name: '服务满意度', max_score: 30, method: 'manual' },
    { key: 'B2', name: '创新加分', max_score: 5, method: 'bonus' },
    { key: 'B3', name: '违规扣分', max_score: 10, method: 'deduction' },
  ] },
];

/* name → [level, method, max_score] of every node of a tree answer, depth first. */
const shape = (items) => flatten(items).map((n) => `${n.name}|${n.level}|${n.method}|${n.max_score}`);

describe('indicator system (考核指标体系)', () => {
  let srv; let office; let filler; let reviewer; let leader;
  before(async () => {
    srv = await startSupServer({ day: '2026-03-16' });
    [office, filler, reviewer, leader] = await Promise.all(['office', 'filler', 'reviewer', 'leader'].map((u) => loginAs(srv.url, u)));
  });
  after(async () => { await srv?.stop(); });

  describe('the tree', () => {
    let cycle; let ind;
    before(async () => {
      cycle = await createCycle(office, { theme: '指标体系测试' });
      ind = await buildTree(office, cycle.id, SPEC);
    });

    it('a created indicator answers its level, parent and rule', () => {
      assert.equal(ind.A.level, 1);
      assert.equal(ind.A.parent_id, null);
      assert.equal(ind.A.cycle_id, cycle.id);
      assert.equal(ind.A1.level, 2);
      assert.equal(ind.A1.parent_id, ind.A.id);
      assert.equal(ind.A11.level, 3);
      assert.equal(ind.A11.parent_id, ind.A1.id);
      assert.equal(ind.A11.method, 'manual');
      assert.equal(ind.A11.max_score, 25);
      assert.equal(ind.A11.criteria, '按项目开工和投资完成情况评分');
      assert.equal(ind.A2.metric, 'items_on_time');
      assert.equal(ind.A2.full_at, 0.9);
      assert.equal(ind.A2.zero_at, 0.5);
      assert.equal(ind.A11.metric, null, 'only auto leaves have a metric');
    });

    it('GET answers the three levels nested in order, with the total of the 一级 maxima', async () => {
      const t = await getTree(office, cycle.id);
      assert.deepEqual(t.items.map((n) => n.name), ['工作实绩', '作风效能']);
      const [a, b] = t.items;
      assert.deepEqual(a.children.map((n) => n.name), ['重点任务', '清单按时完成率']);
      assert.deepEqual(a.children[0].children.map((n) => n.name), ['项目建设', '改革攻坚']);
      assert.deepEqual(b.children.map((n) => n.name), ['服务满意度', '创新加分', '违规扣分']);
      assert.deepEqual(a.children[0].children.map((n) => n.level), [3, 3]);
      assert.equal(t.total_max, 100);
      // any business role reads it
      for (const c of [filler, reviewer, leader]) {
        const r = await c.get(`${API}/cycles/${cycle.id}/indicators`);
        assert.equal(r.status, 200, show(r));
        assert.deepEqual(shape(r.body.items), shape(t.items));
      }
    });

    it('children may not claim more than their branch (field max_score); bonus children do not count', async () => {
      const before = shape((await getTree(office, cycle.id)).items);
      // 重点任务 (40) already holds 25 + 15
      const r = await office.post(`${API}/cycles/${cycle.id}/indicators`,
        { parent_id: ind.A1.id, name: '营商环境', max_score: 1, method: 'manual' });
      expectError(r, 422, 'validation_failed', 'max_score');
      // 工作实绩 (60) holds 40 + 20; a 一级 is not limited by anything above it
      const r2 = await office.post(`${API}/cycles/${cycle.id}/indicators`,
        { parent_id: ind.A.id, name: '专项工作', max_score: 0.5, method: 'auto', metric: 'report_timeliness' });
      expectError(r2, 422, 'validation_failed', 'max_score');
      assert.deepEqual(shape((await getTree(office, cycle.id)).items), before, 'nothing created');
      // a bonus child may go beyond: bonus is capped by itself and by the unit's bonus cap
      const bonus = await addIndicator(office, cycle.id, { parent_id: ind.A1.id, name: '攻坚加分', max_score: 3, method: 'bonus' });
      assert.equal(bonus.level, 3);
      const del = await office.del(`${API}/indicators/${bonus.id}`);
      expectStatus(del, [200, 204]);
    });

    it('PATCH keeps the same rule: no branch below its children, no child above its room', async () => {
      expectError(await office.patch(`${API}/indicators/${ind.A1.id}`, { max_score: 39 }), 422, 'validation_failed', 'max_score');
      expectError(await office.patch(`${API}/indicators/${ind.A11.id}`, { max_score: 26 }), 422, 'validation_failed', 'max_score');
      const ok = await office.patch(`${API}/indicators/${ind.A12.id}`, { name: '改革攻坚任务', criteria: '按改革事项落地情况评分' });
      assert.equal(ok.status, 200, show(ok));
      assert.equal(ok.body.name, '改革攻坚任务');
      assert.equal(ok.body.criteria, '按改革事项落地情况评分');
      assert.equal(ok.body.max_score, 15);
      const t = await getTree(office, cycle.id);
      const a1 = flatten(t.items).find((n) => n.id === ind.A1.id);
      assert.equal(a1.max_score, 40);
      assert.deepEqual(a1.children.map((n) => n.max_score), [25, 15]);
    });

    it('an auto leaf needs a known metric (field metric) and zero_at below full_at', async () => {
      const base = { parent_id: ind.B.id, name: '自动指标', max_score: 0, method: 'auto' };
      expectError(await office.post(`${API}/cycles/${cycle.id}/indicators`, base), 422, 'validation_failed', 'metric');
      expectError(await office.post(`${API}/cycles/${cycle.id}/indicators`, { ...base, metric: 'items_done' }),
        422, 'validation_failed', 'metric');
      const r = await office.post(`${API}/cycles/${cycle.id}/indicators`,
        { ...base, metric: 'notices_on_time', full_at: 0.5, zero_at: 0.8 });
      const e = expectError(r, 422, 'validation_failed');
      const names = (e.fields || []).map((f) => f.field);
      assert.ok(names.includes('zero_at') || names.includes('full_at'), `names zero_at or full_at: ${show(r)}`);
      const t = await getTree(office, cycle.id);
      assert.ok(!flatten(t.items).some((n) => n.name === '自动指标'), 'nothing created');
    });

    it('at most three levels, and only a branch has children (field parent_id)', async () => {
      // a child under a leaf (项目建设 is manual)
      expectError(await office.post(`${API}/cycles/${cycle.id}/indicators`,
        { parent_id: ind.A11.id, name: '子项', max_score: 0, method: 'manual' }), 422, 'validation_failed', 'parent_id');
      // a fourth level under a level-3 branch
      const x = await buildTree(office, cycle.id, [
        { key: 'X', name: '深度测试', max_score: 0, method: 'branch', children: [
          { key: 'X1', name: '二级', max_score: 0, method: 'branch', children: [
            { key: 'X2', name: '三级', max_score: 0, method: 'branch' },
          ] },
        ] },
      ]);
      assert.equal(x.X2.level, 3);
      expectError(await office.post(`${API}/cycles/${cycle.id}/indicators`,
        { parent_id: x.X2.id, name: '四级', max_score: 0, method: 'manual' }), 422, 'validation_failed', 'parent_id');
      // a parent from nowhere
      expectError(await office.post(`${API}/cycles/${cycle.id}/indicators`,
        { parent_id: 99999999, name: '无主', max_score: 0, method: 'manual' }), 422, 'validation_failed', 'parent_id');
      for (const k of ['X2', 'X1', 'X']) expectStatus(await office.del(`${API}/indicators/${x[k].id}`), [200, 204]);
    });

    it('name, max_score and method are required and checked', async () => {
      const p = `${API}/cycles/${cycle.id}/indicators`;
      expectError(await office.post(p, { max_score: 10, method: 'branch' }), 422, 'validation_failed', 'name');
      expectError(await office.post(p, { name: '负分', max_score: -1, method: 'branch' }), 422, 'validation_failed', 'max_score');
      expectError(await office.post(p, { name: '怪方法', max_score: 10, method: 'vote' }), 422, 'validation_failed', 'method');
    });

    it('only the office changes the tree', async () => {
      const body = { name: '越权指标', max_score: 10, method: 'branch' };
      for (const c of [filler, reviewer, leader]) {
        expectStatus(await c.post(`${API}/cycles/${cycle.id}/indicators`, body), 403);
        expectStatus(await c.patch(`${API}/indicators/${ind.A2.id}`, { name: '改名' }), 403);
        expectStatus(await c.del(`${API}/indicators/${ind.A2.id}`), 403);
      }
      assert.ok(!flatten((await getTree(office, cycle.id)).items).some((n) => n.name === '越权指标' || n.name === '改名'));
    });

    it('DELETE: 409 while it has children or scores; a bare leaf goes', async () => {
      expectError(await office.del(`${API}/indicators/${ind.A1.id}`), 409);
      // a unit's self-assessment scores the leaf 项目建设
      const lixia = await unitNamed(office, '历下区发展和改革局');
      const g = await addGroup(office, cycle.id, { name: '删除测试类别' });
      await addMembers(office, g.id, [lixia.id]);
      const put = await filler.request('PUT', `${API}/cycles/${cycle.id}/self/${lixia.id}`,
        { items: [{ indicator_id: ind.A11.id, score: 20, explanation: '开工 12 个项目' }] });
      assert.equal(put.status, 200, show(put));
      expectError(await office.del(`${API}/indicators/${ind.A11.id}`), 409);
      // 违规扣分 has nothing
      expectStatus(await office.del(`${API}/indicators/${ind.B3.id}`), [200, 204]);
      const t = await getTree(office, cycle.id);
      assert.ok(!flatten(t.items).some((n) => n.id === ind.B3.id), 'gone from the tree');
      assert.ok(flatten(t.items).some((n) => n.id === ind.A11.id), 'the scored leaf stays');
    });
  });

  describe('Excel', () => {
    it('the template is an .xlsx whose header row holds the seven Chinese columns', async () => {
      const cycle = await createCycle(office, { theme: '模板测试' });
      const r = await getBytes(office, `${API}/cycles/${cycle.id}/indicators/template.xlsx`);
      assert.equal(r.status, 200, `template: HTTP ${r.status} ${r.body.toString('utf8', 0, 200)}`);
      assert.match(r.headers.get('content-type') || '', /spreadsheetml/);
      const wb = await readXlsx(r.body);
      const ws = wb.worksheets[0];
      assert.ok(ws, 'a sheet');
      const head = sheetRows(ws)[0].filter(Boolean);
      for (const h of HEADERS) assert.ok(head.includes(h), `header ${h} in ${JSON.stringify(head)}`);
    });

    /* Rows of a good sheet: each row defines the node named in its deepest filled column under
     * the ones named to its left; a branch row leaves 评分方式 empty. */
    const GOOD = [
      ['工作实绩', '', '', 60, '', '', ''],
      ['工作实绩', '重点任务', '', 40, '', '', ''],
      ['工作实绩', '重点任务', '项目建设', 25, '人工', '按项目开工和投资完成情况评分', ''],
      ['工作实绩', '重点任务', '改革攻坚', 15, '人工', '', ''],
      ['工作实绩', '清单按时完成率', '', 20, '自动', '按时完成率达到90%得满分', '按时完成率'],
      ['作风效能', '', '', 40, '', '', ''],
      ['作风效能', '服务满意度', '', 30, '人工', '', ''],
      ['作风效能', '创新加分', '', 5, '加分', '获省级以上表彰每项加1分', ''],
      ['作风效能', '违规扣分', '', 10, '扣分', '', ''],
      ['作风效能', '安全生产', '', 0, '一票否决', '发生重大安全事故的', ''],
    ];
    const WANT = [
      '工作实绩|1|branch|60', '重点任务|2|branch|40', '项目建设|3|manual|25', '改革攻坚|3|manual|15',
      '清单按时完成率|2|auto|20', '作风效能|1|branch|40', '服务满意度|2|manual|30', '创新加分|2|bonus|5',
      '违规扣分|2|deduction|10', '安全生产|2|veto|0',
    ];

    it('importing a good sheet creates the whole tree with methods and metrics from the Chinese words', async () => {
      const cycle = await createCycle(office, { theme: '导入测试' });
      const r = await postFile(office, `${API}/cycles/${cycle.id}/indicators/import`, await xlsxOf(HEADERS, GOOD), XLSX);
      assert.equal(r.status, 200, show(r));
      assert.equal(r.body.created, 10);
      const t = await getTree(office, cycle.id);
      assert.deepEqual(shape(t.items), WANT);
      const auto = flatten(t.items).find((n) => n.name === '清单按时完成率');
      assert.equal(auto.metric, 'items_on_time', '按时完成率 is items_on_time');
      assert.equal(flatten(t.items).find((n) => n.name === '项目建设').criteria, '按项目开工和投资完成情况评分');
      assert.equal(t.total_max, 100);
    });

    it('the same sheet as UTF-8 CSV with a BOM imports too', async () => {
      const cycle = await createCycle(office, { theme: 'CSV导入测试' });
      const csv = `\ufeff${[HEADERS, ...GOOD].map((row) => row.join(',')).join('\r\n')}\r\n`;
      const r = await postFile(office, `${API}/cycles/${cycle.id}/indicators/import`, new Uint8Array(Buffer.from(csv)), 'text/csv');
      assert.equal(r.status, 200, show(r));
      assert.equal(r.body.created, 10);
      assert.deepEqual(shape((await getTree(office, cycle.id)).items), WANT);
    });

    it('bad rows are named by row and column, and nothing is created', async () => {
      const cycle = await createCycle(office, { theme: '导入错误测试' });
      const rows = [
        ['工作实绩', '', '', 60, '', '', ''], // row 2
        ['工作实绩', '项目建设', '', '二十五', '人工', '', ''], // row 3: 分值 not a number
        ['工作实绩', '改革攻坚', '', 15, '打分', '', ''], // row 4: unknown 评分方式
        ['工作实绩', '按时完成', '', 10, '自动', '', ''], // row 5: 自动 without 自动指标
        ['工作实绩', '节点进度', '', 10, '自动', '', '完成率'], // row 6: unknown 自动指标
        ['作风效能', '', '', 10, '', '', ''], // row 7
        ['作风效能', '服务满意度', '', 8, '人工', '', ''], // row 8
        ['作风效能', '群众评议', '', 8, '人工', '', ''], // row 9: 8 + 8 > 10
      ];
      const r = await postFile(office, `${API}/cycles/${cycle.id}/indicators/import`, await xlsxOf(HEADERS, rows), XLSX);
      expectError(r, 422);
      const names = (r.body.error.fields || []).map((f) => f.field);
      for (const f of ['row 3 分值', 'row 4 评分方式', 'row 5 自动指标', 'row 6 自动指标', 'row 9 分值']) {
        assert.ok(names.includes(f), `fields name ${f}: ${JSON.stringify(names)}`);
      }
      for (const f of r.body.error.fields) assert.ok(f.message, `a message for ${f.field}`);
      assert.ok(!names.some((n) => /^row (2|7|8) /.test(n)), `good rows are not blamed: ${JSON.stringify(names)}`);
      assert.deepEqual((await getTree(office, cycle.id)).items, [], 'all or nothing: the tree stays empty');
    });

    it('only the office imports', async () => {
      const cycle = await createCycle(office, { theme: '导入权限测试' });
      const r = await postFile(filler, `${API}/cycles/${cycle.id}/indicators/import`, await xlsxOf(HEADERS, GOOD), XLSX);
      expectStatus(r, 403);
      assert.deepEqual((await getTree(office, cycle.id)).items, []);
    });
  });
});
