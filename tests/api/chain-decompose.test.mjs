// Decomposition (分解) down the chain, adoption (认领) by the child's unit, and the roll-up of
// progress (weighted by child weight, cancelled children left out, unadopted children as 0,
// done as 100) to every level above.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { API, loginAs, expectError, expectList, show, qs } from './_helpers.mjs';
import {
  startChainServer, createCycle, unitNamed, unitByCode, createItem, getItem, report,
  LIXIA_FGJ, SHIZHONG_FGJ, HUAIYIN_FGJ, PROVINCE_FGW, SQUARE,
} from './fixtures/chain-helpers.mjs';

const close = (actual, expected, what) => assert.ok(Math.abs(actual - expected) < 0.01, `${what}: expected ≈${expected}, got ${actual}`);

describe('decomposition and roll-up', () => {
  let srv; let office; let filler; let unitLeader; let countyFiller;
  let cycle; let province; let lixia; let shizhong; let huaiyin; let tianqiao; let touzigu; let provinceFgw;
  before(async () => {
    srv = await startChainServer();
    [office, filler, unitLeader, countyFiller] = await Promise.all(
      ['office', 'filler', 'unit_leader', 'county_filler'].map((u) => loginAs(srv.url, u)),
    );
    cycle = await createCycle(office, { phase: 'running' });
    province = await unitByCode(office, '370000');
    lixia = await unitNamed(office, LIXIA_FGJ);
    shizhong = await unitNamed(office, SHIZHONG_FGJ);
    huaiyin = await unitNamed(office, HUAIYIN_FGJ);
    tianqiao = await unitNamed(office, '天桥区发展和改革局');
    provinceFgw = await unitNamed(office, PROVINCE_FGW);
    const kids = expectList(await office.get(`${API}/units${qs({ parent: lixia.id, size: 1000 })}`));
    touzigu = kids.find((k) => k.name === '投资股');
    assert.ok(touzigu, `投资股 under ${LIXIA_FGJ}: ${kids.map((k) => k.name)}`);
  });
  after(async () => { await srv?.stop(); });

  const provinceItem = (title, over = {}) => createItem(office, cycle.id, province.id, {
    project: '扩大有效投资', category: '重点任务', title, start_date: '2026-01-15', due_date: '2026-11-30',
    target_text: '完成投资100亿元', target_value: 100, target_unit: '亿元', evidence_required: '项目台账',
    milestones: [{ title: '一季度开工', due_date: '2026-03-31', expected: '开工率30%' }, { title: '年底完成', due_date: '2026-11-30' }],
    ...over,
  });

  async function decompose(c, itemId, body) {
    const r = await c.post(`${API}/items/${itemId}/decompose`, body);
    assert.equal(r.status, 201, `decompose: ${show(r)}`);
    assert.ok(Array.isArray(r.body.items), `answers {"items":[…]}: ${show(r)}`);
    return r.body.items;
  }

  async function adopt(c, itemId, person) {
    const r = await c.post(`${API}/items/${itemId}/adopt`, person ? { responsible_person: person } : {});
    assert.equal(r.status, 200, `adopt: ${show(r)}`);
    return r.body;
  }

  /* Decomposes a fresh province item to 历下/市中/槐荫 and answers {top, byUnit}. */
  async function threeCounties(title) {
    const top = await provinceItem(title);
    const kids = await decompose(office, top.id, { unit_ids: [lixia.id, shizhong.id, huaiyin.id] });
    const byUnit = Object.fromEntries(kids.map((k) => [k.unit_id, k]));
    return { top, kids, L: byUnit[lixia.id], S: byUnit[shizhong.id], H: byUnit[huaiyin.id] };
  }

  it('office decomposes a province item to three counties\' organs; children copy the item', async () => {
    const top = await provinceItem('分解到三个区县');
    const kids = await decompose(office, top.id, { unit_ids: [lixia.id, shizhong.id, huaiyin.id] });
    assert.equal(kids.length, 3);
    assert.deepEqual(kids.map((k) => k.unit_id).sort(), [lixia.id, shizhong.id, huaiyin.id].sort());
    for (const k of kids) {
      assert.equal(k.parent_id, top.id);
      assert.equal(k.cycle_id, cycle.id);
      assert.equal(k.adopted, false);
      assert.equal(k.responsible_person, '');
      assert.equal(k.weight, 1);
      assert.equal(k.state, 'active');
      assert.equal(k.progress, 0);
      for (const f of ['title', 'project', 'category', 'start_date', 'due_date', 'target_text', 'target_value',
        'target_unit', 'evidence_required']) {
        assert.deepEqual(k[f], top[f], `child copies ${f}`);
      }
    }
    const lk = kids.find((k) => k.unit_id === lixia.id);
    assert.equal(lk.unit_name, LIXIA_FGJ);
    const child = await getItem(office, lk.id);
    assert.deepEqual(child.milestones.map((m) => [m.title, m.due_date, m.expected ?? null]),
      top.milestones.map((m) => [m.title, m.due_date, m.expected ?? null]), 'milestones are copied');
    assert.deepEqual(child.ancestors.map((a) => [a.id, a.title, a.unit_name]), [[top.id, top.title, '山东省']]);

    const parent = await getItem(office, top.id);
    assert.equal(parent.child_count, 3);
    assert.equal(parent.children_pending, 3, 'no child has been adopted yet');
    assert.deepEqual(parent.children.map((c) => c.unit_name).sort(), [LIXIA_FGJ, SHIZHONG_FGJ, HUAIYIN_FGJ].sort());
    assert.ok(parent.children.every((c) => c.adopted === false));

    const byParent = expectList(await office.get(`${API}/items${qs({ cycle_id: cycle.id, parent_id: top.id })}`));
    assert.deepEqual(byParent.map((i) => i.id).sort(), kids.map((k) => k.id).sort(), 'parent_id lists the children');
    const topOnly = expectList(await office.get(`${API}/items${qs({ cycle_id: cycle.id, q: '分解到三个区县', top: 1 })}`));
    assert.deepEqual(topOnly.map((i) => i.id), [top.id], 'top=1 leaves children out');
    const all = expectList(await office.get(`${API}/items${qs({ cycle_id: cycle.id, q: '分解到三个区县' })}`));
    assert.equal(all.length, 4);
  });

  it('the child\'s unit sees its child item; other counties do not', async () => {
    const { L, S } = await threeCounties('区县可见性');
    assert.equal((await filler.get(`${API}/items/${L.id}`)).status, 200);
    expectError(await filler.get(`${API}/items/${S.id}`), 404, 'not_found');
    assert.equal((await countyFiller.get(`${API}/items/${S.id}`)).status, 200);
    expectError(await countyFiller.get(`${API}/items/${L.id}`), 404, 'not_found');
  });

  it('decomposing to a unit that already has a child answers 409 unit_ids and adds nothing', async () => {
    const { top } = await threeCounties('重复分解');
    expectError(await office.post(`${API}/items/${top.id}/decompose`, { unit_ids: [lixia.id] }), 409, 'conflict', 'unit_ids');
    expectError(await office.post(`${API}/items/${top.id}/decompose`, { unit_ids: [tianqiao.id, lixia.id] }), 409, 'conflict', 'unit_ids');
    const parent = await getItem(office, top.id);
    assert.equal(parent.child_count, 3, 'all or nothing: 天桥区 got no child either');
    assert.ok(!parent.children.some((c) => c.unit_id === tianqiao.id));
    assert.equal((await decompose(office, top.id, { unit_ids: [tianqiao.id] })).length, 1, 'a new unit is still accepted');
  });

  it('a target outside the item\'s unit subtree is refused naming unit_ids', async () => {
    const item = await createItem(office, cycle.id, lixia.id, { title: '区级事项不能分给别的区' });
    expectError(await office.post(`${API}/items/${item.id}/decompose`, { unit_ids: [shizhong.id] }), [404, 422], null, 'unit_ids');
    const lixiaCounty = await unitByCode(office, '370102');
    expectError(await office.post(`${API}/items/${item.id}/decompose`, { unit_ids: [lixiaCounty.id] }), [404, 422], null, 'unit_ids');
    expectError(await office.post(`${API}/items/${item.id}/decompose`, { unit_ids: [99999999] }), [404, 422], null, 'unit_ids');
    expectError(await office.post(`${API}/items/${item.id}/decompose`, { unit_ids: [] }), 422, 'validation_failed');
    assert.equal((await getItem(office, item.id)).child_count, 0);
  });

  it('a filler may not decompose; the unit leader decomposes its own item to its division', async () => {
    const item = await createItem(unitLeader, cycle.id, lixia.id, { title: '局内分解' });
    expectError(await filler.post(`${API}/items/${item.id}/decompose`, { unit_ids: [touzigu.id] }), 403, 'forbidden');
    assert.equal((await getItem(office, item.id)).child_count, 0);
    const kids = await decompose(unitLeader, item.id, { unit_ids: [touzigu.id] });
    assert.equal(kids.length, 1);
    assert.equal(kids[0].unit_id, touzigu.id);
  });

  it('adoption by the child unit\'s filler sets adopted and the person; the parent\'s pending count drops', async () => {
    const { top, L, S } = await threeCounties('认领');
    const wb1 = await filler.get(`${API}/workbench`);
    assert.equal(wb1.status, 200, show(wb1));
    assert.ok(wb1.body.to_adopt.some((i) => i.id === L.id), 'the child waits in the filler\'s to_adopt');

    expectError(await filler.post(`${API}/items/${S.id}/adopt`, { responsible_person: '越权' }), 404, 'not_found');
    const d = await adopt(filler, L.id, '赵敏');
    assert.equal(d.adopted, true);
    assert.equal(d.responsible_person, '赵敏');
    assert.equal((await getItem(office, L.id)).adopted, true);
    const parent = await getItem(office, top.id);
    assert.equal(parent.children_pending, 2);
    assert.equal(parent.children.find((c) => c.id === L.id).adopted, true);

    const wb2 = await filler.get(`${API}/workbench`);
    assert.ok(!wb2.body.to_adopt.some((i) => i.id === L.id), 'no longer waits for adoption');

    await adopt(countyFiller, S.id, '钱坤');
    assert.equal((await getItem(office, top.id)).children_pending, 1);

    const tl = await office.get(`${API}/items/${top.id}/timeline`);
    assert.equal(tl.status, 200, show(tl));
    assert.ok(tl.body.items.some((e) => /decompos|分解/i.test(`${e.action} ${e.summary}`)),
      `the decomposition is on the parent's timeline: ${show(tl)}`);
    const ctl = await office.get(`${API}/items/${L.id}/timeline`);
    assert.ok(ctl.body.items.some((e) => e.actor === 'filler' && /认领|adopt/i.test(`${e.action} ${e.summary}`)),
      `the adoption, by the filler, is on the child's timeline: ${show(ctl)}`);
  });

  it('roll-up: weighted mean of children; unadopted as 0, cancelled left out, done as 100', async () => {
    const { top, L, S, H } = await threeCounties('汇总进度');
    await adopt(filler, L.id, '赵敏');
    await adopt(countyFiller, S.id, '钱坤');
    await report(filler, L.id, { progress: 50, state: 'submitted' });
    assert.equal((await getItem(office, top.id)).rollup_progress, 0, 'a submitted report moves nothing');
    const reps = (await filler.get(`${API}/items/${L.id}/reports`)).body.items;
    const ap = await unitLeader.post(`${API}/reports/${reps[0].id}/approve`);
    assert.equal(ap.status, 200, show(ap));

    const l = await getItem(office, L.id);
    assert.equal(l.progress, 50);
    assert.equal(l.rollup_progress, 50);
    let t = await getItem(office, top.id);
    close(t.rollup_progress, 50 / 3, 'one child at 50 of three');
    assert.equal(t.progress, 0, 'the parent\'s own progress is not touched');

    assert.equal((await office.patch(`${API}/items/${H.id}`, { state: 'cancelled' })).status, 200);
    t = await getItem(office, top.id);
    close(t.rollup_progress, 25, 'cancelled child left out: (50 + 0) / 2');

    assert.equal((await office.patch(`${API}/items/${S.id}`, { state: 'done' })).status, 200);
    close((await getItem(office, top.id)).rollup_progress, 75, 'done child counts 100: (50 + 100) / 2');

    assert.equal((await office.patch(`${API}/items/${S.id}`, { weight: 3 })).status, 200);
    close((await getItem(office, top.id)).rollup_progress, 87.5, 'weighted: (50×1 + 100×3) / 4');

    const listed = expectList(await office.get(`${API}/items${qs({ cycle_id: cycle.id, q: '汇总进度', top: 1 })}`));
    close(listed[0].rollup_progress, 87.5, 'the list shows the same roll-up');
  });

  it('roll-up is recomputed when children are added', async () => {
    const top = await provinceItem('新增下级后重算');
    const [L] = await decompose(office, top.id, { unit_ids: [lixia.id] });
    await adopt(filler, L.id, '赵敏');
    await report(filler, L.id, { progress: 60, state: 'approved', reviewer: unitLeader });
    close((await getItem(office, top.id)).rollup_progress, 60, 'single child at 60');
    await decompose(office, top.id, { unit_ids: [shizhong.id] });
    close((await getItem(office, top.id)).rollup_progress, 30, 'a new unadopted child counts 0: (60 + 0) / 2');
  });

  it('roll-up climbs the whole chain: province ← county organ ← its division', async () => {
    const top = await provinceItem('三级链条');
    const [C] = await decompose(office, top.id, { unit_ids: [lixia.id] });
    await adopt(filler, C.id, '赵敏');
    const [G] = await decompose(unitLeader, C.id, { unit_ids: [touzigu.id] });
    assert.equal(G.parent_id, C.id);
    const g = await getItem(office, G.id);
    assert.deepEqual(g.ancestors.map((a) => a.id), [top.id, C.id], 'ancestors root first');
    await adopt(filler, G.id, '孙悦');
    assert.equal((await getItem(office, C.id)).children_pending, 0);
    await report(filler, G.id, { progress: 80, state: 'approved', reviewer: unitLeader });
    assert.equal((await getItem(office, G.id)).rollup_progress, 80);
    close((await getItem(office, C.id)).rollup_progress, 80, 'the county item rolls its division up');
    close((await getItem(office, top.id)).rollup_progress, 80, 'and the province item the county');
  });

  it('decomposition to the members of a square (联建方阵)', async () => {
    const sqs = expectList(await office.get(`${API}/squares${qs({ q: SQUARE })}`));
    const sq = sqs.find((s) => s.name === SQUARE);
    assert.ok(sq, `the demo square ${SQUARE}: ${JSON.stringify(sqs)}`);
    const detail = await office.get(`${API}/squares/${sq.id}`);
    assert.equal(detail.status, 200, show(detail));
    const members = detail.body.members.map((m) => m.id).filter((id) => id !== provinceFgw.id).sort();
    assert.ok(members.length >= 2, `the square has members: ${show(detail)}`);

    const item = await createItem(office, cycle.id, provinceFgw.id, { project: '投资项目联建', title: '方阵分解事项' });
    const kids = await decompose(office, item.id, { square_id: sq.id });
    assert.deepEqual(kids.map((k) => k.unit_id).sort(), members, 'one child per member of the square');
    assert.ok(kids.every((k) => k.parent_id === item.id && k.adopted === false && k.title === '方阵分解事项'));
    const parent = await getItem(office, item.id);
    assert.equal(parent.child_count, members.length);
    assert.equal(parent.children_pending, members.length);
    expectError(await office.post(`${API}/items/${item.id}/decompose`, { square_id: sq.id }), 409, 'conflict', 'unit_ids');
    assert.equal((await getItem(office, item.id)).child_count, members.length);
    expectError(await office.post(`${API}/items/${item.id}/decompose`, { square_id: 99999999 }), [404, 422]);
  });

  it('a square whose lead unit is outside the caller\'s scope cannot be used', async () => {
    const sq = expectList(await office.get(`${API}/squares${qs({ q: SQUARE })}`)).find((s) => s.name === SQUARE);
    const item = await createItem(unitLeader, cycle.id, lixia.id, { title: '越权方阵分解' });
    const r = await unitLeader.post(`${API}/items/${item.id}/decompose`, { square_id: sq.id });
    assert.ok([403, 404, 422].includes(r.status), `the lead (省发改委投资处) is not the unit leader's: ${show(r)}`);
    assert.equal((await getItem(office, item.id)).child_count, 0);
  });

  it('adoption is for the child unit\'s filler or leader, not the office', async () => {
    const top = await provinceItem('工委不能代认领');
    const [L] = await decompose(office, top.id, { unit_ids: [lixia.id] });
    expectError(await office.post(`${API}/items/${L.id}/adopt`, { responsible_person: '代认领' }), 403, 'forbidden');
    assert.equal((await getItem(office, L.id)).adopted, false);
    const d = await adopt(unitLeader, L.id, '局长');
    assert.equal(d.adopted, true);
  });
});
