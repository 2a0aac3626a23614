// Items (清单事项): one line of a responsibility list. Creation and validation, the list with
// its filters, sorting and paging, scope, edits, bulk actions, facets and the timeline.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { API, loginAs, expectError, expectList, show, qs } from './_helpers.mjs';
import {
  startChainServer, createCycle, unitNamed, unitByCode, createItem, itemBody, itemTotal, getItem,
  LIXIA_FGJ, SHIZHONG_FGJ, HUAIYIN_FGJ, PROVINCE_FGW,
} from './fixtures/chain-helpers.mjs';

describe('items', () => {
  let srv; let office; let filler; let unitLeader; let countyFiller; let supervisor; let leader;
  let cycle; let lixia; let shizhong; let huaiyin; let provinceFgw; let lixiaCounty; let jinan;
  before(async () => {
    srv = await startChainServer();
    [office, filler, unitLeader, countyFiller, supervisor, leader] = await Promise.all(
      ['office', 'filler', 'unit_leader', 'county_filler', 'supervisor', 'leader'].map((u) => loginAs(srv.url, u)),
    );
    cycle = await createCycle(office, { phase: 'running' });
    lixia = await unitNamed(office, LIXIA_FGJ);
    shizhong = await unitNamed(office, SHIZHONG_FGJ);
    huaiyin = await unitNamed(office, HUAIYIN_FGJ);
    provinceFgw = await unitNamed(office, PROVINCE_FGW);
    lixiaCounty = await unitByCode(office, '370102');
    jinan = await unitByCode(office, '370100');
  });
  after(async () => { await srv?.stop(); });

  const full = () => ({
    project: '营商环境优化',
    category: '改革任务',
    title: '推行企业开办一日办结',
    description: '压缩企业开办时间，实现全程网办',
    responsible_person: '李明',
    lead_leader: '张副局长',
    start_date: '2026-02-01',
    due_date: '2026-10-31',
    target_text: '企业开办时间压缩至1个工作日',
    target_value: 1.5,
    target_unit: '工作日',
    evidence_required: '办结时限统计表',
    weight: 2.5,
    milestones: [
      { title: '制定实施方案', due_date: '2026-03-31', expected: '方案印发' },
      { title: '系统上线运行', due_date: '2026-06-30', expected: '系统上线' },
      { title: '全面推开', due_date: '2026-10-31' },
    ],
  });

  it('office creates an item with every field and milestones; the detail echoes them', async () => {
    const body = { cycle_id: cycle.id, unit_id: lixia.id, ...full() };
    const r = await office.post(`${API}/items`, body);
    assert.equal(r.status, 201, show(r));
    const it1 = r.body;
    assert.equal(typeof it1.id, 'number');
    for (const k of ['cycle_id', 'unit_id', 'project', 'category', 'title', 'description', 'responsible_person',
      'lead_leader', 'start_date', 'due_date', 'target_text', 'target_value', 'target_unit', 'evidence_required', 'weight']) {
      assert.deepEqual(it1[k], body[k], `field ${k}`);
    }
    assert.equal(it1.unit_name, LIXIA_FGJ);
    assert.equal(it1.parent_id, null);
    assert.equal(it1.kind, 'task');
    assert.equal(it1.progress, 0);
    assert.equal(it1.rollup_progress, 0);
    assert.equal(it1.state, 'active');
    assert.equal(it1.child_count, 0);
    assert.equal(it1.children_pending, 0);
    assert.equal(typeof it1.updated_at, 'string');
    assert.deepEqual(it1.children, []);
    assert.deepEqual(it1.ancestors, []);
    assert.equal(it1.milestones.length, 3);
    it1.milestones.forEach((m, i) => {
      assert.equal(typeof m.id, 'number');
      assert.equal(m.title, body.milestones[i].title);
      assert.equal(m.due_date, body.milestones[i].due_date);
      assert.equal(m.done, false);
    });
    assert.deepEqual(it1.milestones.map((m) => m.seq), [...it1.milestones.map((m) => m.seq)].sort((a, b) => a - b));
    assert.equal(new Set(it1.milestones.map((m) => m.seq)).size, 3, 'milestones have distinct seq');
    assert.equal(it1.milestones[0].expected, '方案印发');

    const g = await getItem(office, it1.id);
    assert.equal(g.title, body.title);
    assert.equal(g.target_value, 1.5);
    assert.deepEqual(g.milestones.map((m) => m.title), body.milestones.map((m) => m.title));
  });

  it('the weight defaults to 1 and optional fields may be left out', async () => {
    const it1 = await createItem(office, cycle.id, lixia.id, { title: '默认权重事项', start_date: undefined });
    assert.equal(it1.weight, 1);
    assert.equal(it1.start_date, null);
    assert.equal(it1.target_value, null);
    assert.deepEqual(it1.milestones, []);
  });

  it('validation names every bad field at once and creates nothing', async () => {
    const before = await itemTotal(office, { cycle_id: cycle.id });
    const r = await office.post(`${API}/items`, {
      cycle_id: cycle.id, unit_id: lixia.id, project: '校验', category: '校验',
      start_date: '2026-13-01', weight: 0, responsible_person: '赵六',
    });
    const e = expectError(r, 422, 'validation_failed');
    const names = e.fields.map((f) => f.field);
    for (const f of ['title', 'due_date', 'start_date', 'weight']) {
      assert.ok(names.includes(f), `fields should name ${f}: ${JSON.stringify(names)}`);
    }
    assert.equal(await itemTotal(office, { cycle_id: cycle.id }), before);
  });

  it('validation: due before start names due_date; a late milestone names milestones[0].due_date', async () => {
    const before = await itemTotal(office, { cycle_id: cycle.id });
    expectError(await office.post(`${API}/items`, itemBody(cycle.id, lixia.id, { start_date: '2026-06-01', due_date: '2026-05-31' })),
      422, 'validation_failed', 'due_date');
    expectError(await office.post(`${API}/items`, itemBody(cycle.id, lixia.id, {
      due_date: '2026-06-30', milestones: [{ title: '太晚的节点', due_date: '2026-07-01' }],
    })), 422, 'validation_failed', 'milestones[0].due_date');
    const two = expectError(await office.post(`${API}/items`, itemBody(cycle.id, lixia.id, {
      due_date: '2026-06-30',
      milestones: [{ title: '正常', due_date: '2026-03-01' }, { title: '太晚', due_date: '2026-08-01' }],
    })), 422, 'validation_failed', 'milestones[1].due_date');
    assert.ok(!two.fields.some((f) => f.field === 'milestones[0].due_date'), 'only the late milestone is named');
    expectError(await office.post(`${API}/items`, itemBody(cycle.id, lixia.id, { due_date: '2026-02-30' })),
      422, 'validation_failed', 'due_date');
    expectError(await office.post(`${API}/items`, itemBody(cycle.id, lixia.id, { due_date: '明年' })),
      422, 'validation_failed', 'due_date');
    expectError(await office.post(`${API}/items`, itemBody(cycle.id, lixia.id, { weight: 101 })), 422, 'validation_failed', 'weight');
    expectError(await office.post(`${API}/items`, itemBody(cycle.id, lixia.id, { weight: -1 })), 422, 'validation_failed', 'weight');
    assert.equal(await itemTotal(office, { cycle_id: cycle.id }), before);
  });

  it('a unit outside the caller\'s scope is refused naming unit_id', async () => {
    const r = await unitLeader.post(`${API}/items`, itemBody(cycle.id, shizhong.id, { title: '越权事项' }));
    expectError(r, [404, 422], null, 'unit_id');
    const r2 = await office.post(`${API}/items`, itemBody(cycle.id, 99999999, { title: '不存在的单位' }));
    expectError(r2, [404, 422], null, 'unit_id');
    assert.equal(await itemTotal(office, { cycle_id: cycle.id, q: '越权事项' }), 0);
  });

  it('a unit leader builds its own unit\'s list; a filler may not create items', async () => {
    const r = await unitLeader.post(`${API}/items`, itemBody(cycle.id, lixia.id, { title: '单位负责人自建事项' }));
    assert.equal(r.status, 201, show(r));
    expectError(await filler.post(`${API}/items`, itemBody(cycle.id, lixia.id, { title: '填报员建的事项' })), 403, 'forbidden');
    assert.equal(await itemTotal(office, { cycle_id: cycle.id, q: '填报员建的事项' }), 0);
  });

  describe('list, filters, sort and paging', () => {
    // A small list of its own, told apart from the other tests' items by project.
    const P1 = '列表项目甲'; const P2 = '列表项目乙';
    let made;
    before(async () => {
      const specs = [
        [lixia, { project: P1, category: '类别一', title: '列表A 道路改造', responsible_person: '陈晓东', due_date: '2026-04-30' }],
        [lixia, { project: P1, category: '类别二', title: '列表B 园区建设', responsible_person: '刘芳', due_date: '2026-06-30' }],
        [shizhong, { project: P1, category: '类别一', title: '列表C 老旧小区', responsible_person: '陈静', due_date: '2026-05-15' }],
        [huaiyin, { project: P2, category: '类别一', title: '列表D 污水管网', responsible_person: '孙强', due_date: '2026-09-30' }],
        [provinceFgw, { project: P2, category: '类别二', title: '列表E 省级统筹', responsible_person: '周敏', due_date: '2026-12-31' }],
      ];
      made = [];
      for (const [u, over] of specs) made.push(await createItem(office, cycle.id, u.id, { start_date: '2026-01-01', ...over }));
      const c = await office.patch(`${API}/items/${made[1].id}`, { state: 'cancelled' });
      assert.equal(c.status, 200, show(c));
    });
    const titles = (items) => items.map((i) => i.title);
    async function list(c, f) { return expectList(await c.get(`${API}/items${qs({ cycle_id: cycle.id, ...f })}`)); }

    it('project and category filter', async () => {
      assert.deepEqual(titles(await list(office, { project: P1, sort: 'title' })), ['列表A 道路改造', '列表B 园区建设', '列表C 老旧小区']);
      assert.deepEqual(titles(await list(office, { project: P2, category: '类别二' })), ['列表E 省级统筹']);
    });

    it('unit_id takes the unit\'s whole subtree', async () => {
      const inCounty = await list(office, { unit_id: lixiaCounty.id, project: P1, sort: 'title' });
      assert.deepEqual(titles(inCounty), ['列表A 道路改造', '列表B 园区建设'], '历下区 holds its organ\'s items only');
      const inCity = await list(office, { unit_id: jinan.id, q: '列表', sort: 'title' });
      assert.deepEqual(titles(inCity), ['列表A 道路改造', '列表B 园区建设', '列表C 老旧小区', '列表D 污水管网'], '济南市 holds its counties');
      assert.deepEqual(titles(await list(office, { unit_id: provinceFgw.id, q: '列表' })), ['列表E 省级统筹']);
    });

    it('state, due range, person and q filter', async () => {
      assert.deepEqual(titles(await list(office, { q: '列表', state: 'cancelled' })), ['列表B 园区建设']);
      assert.ok(!titles(await list(office, { q: '列表', state: 'active' })).includes('列表B 园区建设'));
      assert.deepEqual(titles(await list(office, { q: '列表', due_from: '2026-05-01', due_to: '2026-09-30', sort: 'due_date' })),
        ['列表C 老旧小区', '列表B 园区建设', '列表D 污水管网'], 'due range is inclusive at both ends');
      assert.deepEqual(titles(await list(office, { q: '列表', person: '陈', sort: 'title' })), ['列表A 道路改造', '列表C 老旧小区']);
      assert.deepEqual(titles(await list(office, { q: '园区' })), ['列表B 园区建设']);
      assert.deepEqual(await list(office, { q: '没有这样的事项' }), []);
      assert.deepEqual(titles(await list(office, { q: '列表', kind: 'task', project: P2, sort: 'title' })), ['列表D 污水管网', '列表E 省级统筹']);
      assert.deepEqual(await list(office, { q: '列表', kind: 'rectification' }), []);
      assert.equal((await list(office, { q: '列表', sector: '发改' })).length, 5, 'all five are 发改 organs');
      assert.deepEqual(await list(office, { q: '列表', sector: '财政' }), []);
    });

    it('sort by due_date, -due_date and title', async () => {
      const asc = await list(office, { q: '列表', sort: 'due_date' });
      assert.deepEqual(asc.map((i) => i.due_date), ['2026-04-30', '2026-05-15', '2026-06-30', '2026-09-30', '2026-12-31']);
      const desc = await list(office, { q: '列表', sort: '-due_date' });
      assert.deepEqual(desc.map((i) => i.due_date), ['2026-12-31', '2026-09-30', '2026-06-30', '2026-05-15', '2026-04-30']);
      const byTitle = titles(await list(office, { q: '列表', sort: 'title' }));
      assert.deepEqual(byTitle, ['列表A 道路改造', '列表B 园区建设', '列表C 老旧小区', '列表D 污水管网', '列表E 省级统筹']);
    });

    it('view=table answers the fields of the list\'s table, each equal to the whole item\'s', async () => {
      const full = await list(office, { q: '列表', sort: 'due_date' });
      const table = await list(office, { q: '列表', sort: 'due_date', view: 'table' });
      const fields = ['id', 'cycle_id', 'parent_id', 'kind', 'unit_id', 'unit_name', 'project', 'category', 'title',
        'responsible_person', 'due_date', 'progress', 'rollup_progress', 'state', 'child_count', 'children_pending',
        'light', 'light_reason', 'overdue_days', 'updated_at'];
      assert.equal(table.length, full.length);
      table.forEach((row, k) => {
        assert.deepEqual(Object.keys(row), fields, 'no more, no fewer');
        for (const f of fields) assert.deepEqual(row[f], full[k][f], `${row.title}: ${f}`);
      });
      assert.ok(!('description' in table[0]) && 'description' in full[0]);
      assert.deepEqual(await list(office, { q: '列表', sort: 'due_date', view: 'full' }), full);
      expectError(await office.get(`${API}/items${qs({ cycle_id: cycle.id, view: 'wide' })}`), 422, 'validation_failed', 'view');
    });

    it('an unknown sort answers 422 naming sort', async () => {
      expectError(await office.get(`${API}/items${qs({ cycle_id: cycle.id, sort: 'password' })}`), 422, 'validation_failed', 'sort');
    });

    it('paging: the total stays, pages do not overlap', async () => {
      const r1 = await office.get(`${API}/items${qs({ cycle_id: cycle.id, q: '列表', sort: 'due_date', page: 1, size: 2 })}`);
      const r3 = await office.get(`${API}/items${qs({ cycle_id: cycle.id, q: '列表', sort: 'due_date', page: 3, size: 2 })}`);
      const p1 = expectList(r1); const p3 = expectList(r3);
      assert.equal(r1.body.total, 5);
      assert.equal(r3.body.total, 5);
      assert.equal(r1.body.page, 1);
      assert.equal(r1.body.size, 2);
      assert.equal(p1.length, 2);
      assert.equal(p3.length, 1);
      assert.deepEqual(titles(p1), ['列表A 道路改造', '列表C 老旧小区']);
      assert.deepEqual(titles(p3), ['列表E 省级统筹']);
    });

    it('facets list the projects, categories and sectors in use', async () => {
      const r = await office.get(`${API}/items/facets${qs({ cycle_id: cycle.id })}`);
      assert.equal(r.status, 200, show(r));
      for (const p of [P1, P2]) assert.ok(r.body.projects.includes(p), `projects: ${r.body.projects}`);
      for (const c of ['类别一', '类别二']) assert.ok(r.body.categories.includes(c), `categories: ${r.body.categories}`);
      assert.ok(r.body.sectors.includes('发改'), `sectors: ${r.body.sectors}`);
      assert.equal(new Set(r.body.projects).size, r.body.projects.length, 'each project once');
    });

    it('a filler sees only its own unit\'s items', async () => {
      const mine = await list(filler, { q: '列表', size: 200 });
      assert.deepEqual(titles(mine).sort(), ['列表A 道路改造', '列表B 园区建设']);
      const all = await list(filler, { size: 200 });
      assert.ok(all.length > 0);
      for (const i of all) assert.equal(i.unit_id, lixia.id, `filler sees only ${LIXIA_FGJ}: got ${i.unit_name}`);
    });

    it('an item outside the caller\'s scope answers 404, never the data', async () => {
      const [a, , c] = made;
      const r = await countyFiller.get(`${API}/items/${a.id}`);
      expectError(r, 404, 'not_found');
      assert.ok(!JSON.stringify(r.body).includes('道路改造'));
      expectError(await filler.get(`${API}/items/${c.id}`), 404, 'not_found');
      expectError(await filler.get(`${API}/items/${made[4].id}`), 404, 'not_found');
      assert.equal((await countyFiller.get(`${API}/items/${c.id}`)).status, 200, '市中区 sees its own organ\'s item');
      assert.deepEqual(titles(await list(countyFiller, { q: '列表' })), ['列表C 老旧小区']);
    });

    it('a city supervisor sees the city\'s subtree; a province leader sees everything', async () => {
      assert.deepEqual(titles(await list(supervisor, { q: '列表', sort: 'title' })),
        ['列表A 道路改造', '列表B 园区建设', '列表C 老旧小区', '列表D 污水管网']);
      expectError(await supervisor.get(`${API}/items/${made[4].id}`), 404, 'not_found');
      assert.equal((await supervisor.get(`${API}/items/${made[3].id}`)).status, 200);
      assert.equal(titles(await list(leader, { q: '列表' })).length, 5);
    });

    it('the three administrators are not business roles and read no items', async () => {
      const sys = await loginAs(srv.url, 'sysadmin');
      const one = await sys.get(`${API}/items/${made[0].id}`);
      assert.ok([403, 404].includes(one.status), show(one));
      assert.ok(!JSON.stringify(one.body).includes('道路改造'));
      const many = await sys.get(`${API}/items${qs({ cycle_id: cycle.id, q: '列表' })}`);
      if (many.status === 200) assert.deepEqual(many.body.items, []);
      else expectError(many, 403, 'forbidden');
    });

    it('the filler cannot edit; an out-of-scope edit answers 404 and changes nothing', async () => {
      expectError(await filler.patch(`${API}/items/${made[0].id}`, { title: '填报员改名' }), 403, 'forbidden');
      expectError(await unitLeader.patch(`${API}/items/${made[2].id}`, { title: '越权改名' }), 404, 'not_found');
      assert.equal((await getItem(office, made[0].id)).title, '列表A 道路改造');
      assert.equal((await getItem(office, made[2].id)).title, '列表C 老旧小区');
    });
  });

  it('PATCH edits fields, replaces milestones and validates like POST', async () => {
    const it1 = await createItem(office, cycle.id, lixia.id, {
      title: '待修改事项', milestones: [{ title: '旧节点一', due_date: '2026-03-01' }, { title: '旧节点二', due_date: '2026-04-01' }],
    });
    const r = await office.patch(`${API}/items/${it1.id}`, {
      title: '已修改事项', responsible_person: '钱七', due_date: '2026-11-30', weight: 3,
      milestones: [{ title: '新节点', due_date: '2026-09-30', expected: '完成验收' }],
    });
    assert.equal(r.status, 200, show(r));
    assert.equal(r.body.title, '已修改事项');
    assert.equal(r.body.responsible_person, '钱七');
    assert.equal(r.body.due_date, '2026-11-30');
    assert.equal(r.body.weight, 3);
    assert.equal(r.body.project, it1.project, 'fields not sent stay');
    assert.deepEqual(r.body.milestones.map((m) => [m.title, m.due_date, m.expected]), [['新节点', '2026-09-30', '完成验收']]);

    expectError(await office.patch(`${API}/items/${it1.id}`, { start_date: '2026-12-01' }), 422, 'validation_failed', 'due_date');
    expectError(await office.patch(`${API}/items/${it1.id}`, { weight: 0 }), 422, 'validation_failed', 'weight');
    expectError(await office.patch(`${API}/items/${it1.id}`, { state: 'finished' }), 422, 'validation_failed', 'state');
    const g = await getItem(office, it1.id);
    assert.equal(g.weight, 3, 'a refused edit changes nothing');
    assert.equal(g.start_date, '2026-01-01');
  });

  it('bulk: done/cancel/activate all or nothing; any out-of-scope id answers 404', async () => {
    const a = await createItem(office, cycle.id, lixia.id, { title: '批量甲' });
    const b = await createItem(office, cycle.id, lixia.id, { title: '批量乙' });
    const other = await createItem(office, cycle.id, shizhong.id, { title: '批量丙' });
    const r = await unitLeader.post(`${API}/items/bulk`, { ids: [a.id, b.id], action: 'done' });
    assert.equal(r.status, 200, show(r));
    assert.equal(r.body.updated, 2);
    assert.equal((await getItem(office, a.id)).state, 'done');
    assert.equal((await getItem(office, b.id)).state, 'done');

    expectError(await unitLeader.post(`${API}/items/bulk`, { ids: [a.id, other.id], action: 'cancel' }), 404, 'not_found');
    assert.equal((await getItem(office, a.id)).state, 'done', 'all or nothing: a is untouched');
    assert.equal((await getItem(office, other.id)).state, 'active');

    const act = await office.post(`${API}/items/bulk`, { ids: [a.id, b.id, other.id], action: 'cancel' });
    assert.equal(act.status, 200, show(act));
    assert.equal(act.body.updated, 3);
    assert.equal((await getItem(office, other.id)).state, 'cancelled');
    const back = await office.post(`${API}/items/bulk`, { ids: [other.id], action: 'activate' });
    assert.equal(back.body.updated, 1);
    assert.equal((await getItem(office, other.id)).state, 'active');
    expectError(await office.post(`${API}/items/bulk`, { ids: [a.id], action: 'explode' }), [400, 422]);
    expectError(await filler.post(`${API}/items/bulk`, { ids: [a.id], action: 'activate' }), 403, 'forbidden');
    assert.equal((await getItem(office, a.id)).state, 'cancelled');
  });

  it('the timeline tells creation and edits, oldest first, with the actor', async () => {
    const it1 = await createItem(office, cycle.id, lixia.id, { title: '时间线事项' });
    assert.equal((await office.patch(`${API}/items/${it1.id}`, { title: '时间线事项（改）' })).status, 200);
    const r = await office.get(`${API}/items/${it1.id}/timeline`);
    assert.equal(r.status, 200, show(r));
    const ev = r.body.items;
    assert.ok(ev.length >= 2, `creation and edit: ${show(r)}`);
    assert.ok(ev.every((e) => e.kind === 'change'), 'no reports yet');
    const me = (await office.get(`${API}/me`)).body.user;
    assert.ok(ev.every((e) => e.actor === 'office' || e.actor === me.display_name), `actor: ${show(r)}`);
    const at = ev.map((e) => e.at);
    assert.deepEqual(at, [...at].sort(), 'oldest first');
    assert.ok(at.every((t) => !Number.isNaN(Date.parse(t))), 'ISO times');
    assert.notEqual(ev[0].action, ev[ev.length - 1].action, 'creation and edit are told apart');
    expectError(await countyFiller.get(`${API}/items/${it1.id}/timeline`), 404, 'not_found');
  });
});
