// Inspections (督查) and rectification (整改): each finding of a visit becomes a rectification
// item of the inspected unit with its own deadline and light; it cannot simply be set done —
// only a supervisor (not the responsible unit) closes it by verifying it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  API, loginAs, show, qs, expectList, startSupServer, runningCycle, unitNamed, itemDue, getItem, countItems,
  LIXIA_FGJ, SHIZHONG_FGJ, PROVINCE_FGW,
} from './sup-helpers.mjs';
import { expectError } from './_helpers.mjs';

const TODAY = '2026-09-28';

describe('inspections (督查) and rectification (整改)', () => {
  let srv; let office; let supervisor; let filler; let unitLeader; let countyFiller;
  let cycle; let lixia; let shizhong; let provinceFgw; let insp; let overdue; let later;
  before(async () => {
    srv = await startSupServer({ day: TODAY });
    [office, supervisor, filler, unitLeader, countyFiller] = await Promise.all(
      ['office', 'supervisor', 'filler', 'unit_leader', 'county_filler'].map((n) => loginAs(srv.url, n)),
    );
    cycle = await runningCycle(office);
    lixia = await unitNamed(office, LIXIA_FGJ);
    shizhong = await unitNamed(office, SHIZHONG_FGJ);
    provinceFgw = await unitNamed(office, PROVINCE_FGW);
  });
  after(async () => { await srv?.stop(); });

  const body = (over = {}) => ({
    cycle_id: cycle.id, unit_id: lixia.id, date: '2026-09-20', inspectors: '张督查、李督查',
    summary: '专项督查重点项目推进情况',
    findings: [
      { title: '项目台账不完整', due_date: '2026-09-25', responsible_person: '王五' },
      { title: '未建立周调度制度', due_date: '2026-12-31', responsible_person: '赵六', description: '建立周调度机制并报备' },
    ],
    ...over,
  });

  it('a supervisor records an inspection with two findings: two rectification items with their lights', async () => {
    const r = await supervisor.post(`${API}/inspections`, body());
    assert.equal(r.status, 201, show(r));
    insp = r.body;
    assert.equal(typeof insp.id, 'number');
    assert.equal(insp.cycle_id, cycle.id);
    assert.equal(insp.unit_id, lixia.id);
    assert.equal(insp.unit_name, LIXIA_FGJ);
    assert.equal(insp.date, '2026-09-20');
    assert.equal(insp.inspectors, '张督查、李督查');
    assert.equal(insp.summary, '专项督查重点项目推进情况');
    assert.equal(insp.created_by, 'supervisor');
    assert.equal(insp.findings.length, 2, show(r));
    const by = Object.fromEntries(insp.findings.map((f) => [f.title, f]));
    overdue = by['项目台账不完整'];
    later = by['未建立周调度制度'];
    for (const f of [overdue, later]) {
      assert.equal(typeof f.id, 'number');
      assert.equal(f.kind, 'rectification');
      assert.equal(f.project, '督查整改');
      assert.equal(f.category, '整改事项');
      assert.equal(f.unit_id, lixia.id);
      assert.equal(f.cycle_id, cycle.id);
      assert.equal(f.state, 'active');
    }
    assert.equal(overdue.due_date, '2026-09-25');
    assert.equal(overdue.responsible_person, '王五');
    assert.equal(later.description, '建立周调度机制并报备');
    assert.equal(overdue.light, 'red', `light ${overdue.light} (${overdue.light_reason})`);
    assert.equal(overdue.light_reason, '逾期 3 天');
    assert.equal(later.light, 'green');
  });

  it('inspections and their rectification items are listed within scope', async () => {
    const list = expectList(await supervisor.get(`${API}/inspections${qs({ cycle_id: cycle.id, unit_id: lixia.id })}`));
    assert.deepEqual(list.map((x) => x.id), [insp.id]);
    const one = await supervisor.get(`${API}/inspections/${insp.id}`);
    assert.equal(one.status, 200, show(one));
    assert.deepEqual(one.body.findings.map((f) => f.id).sort(), [overdue.id, later.id].sort());
    assert.equal(one.body.findings.find((f) => f.id === overdue.id).light, 'red');
    // the inspected unit sees it and its items; another county sees neither
    assert.equal((await filler.get(`${API}/inspections/${insp.id}`)).status, 200);
    expectError(await countyFiller.get(`${API}/inspections/${insp.id}`), 404, 'not_found');
    assert.ok(!expectList(await countyFiller.get(`${API}/inspections${qs({ cycle_id: cycle.id })}`)).some((x) => x.id === insp.id));
    const rect = expectList(await filler.get(`${API}/items${qs({ cycle_id: cycle.id, kind: 'rectification' })}`));
    assert.deepEqual(rect.map((i) => i.id).sort(), [overdue.id, later.id].sort());
    assert.ok(rect.every((i) => i.kind === 'rectification'));
    const redRect = expectList(await supervisor.get(`${API}/items${qs({ cycle_id: cycle.id, kind: 'rectification', light: 'red' })}`));
    assert.deepEqual(redRect.map((i) => i.id), [overdue.id]);
  });

  it('a rectification item cannot be set done by PATCH or bulk (409)', async () => {
    expectError(await office.patch(`${API}/items/${overdue.id}`, { state: 'done' }), 409);
    expectError(await unitLeader.patch(`${API}/items/${overdue.id}`, { state: 'done' }), [403, 409]);
    expectError(await office.post(`${API}/items/bulk`, { ids: [overdue.id], action: 'done' }), 409);
    const task = await itemDue(office, cycle.id, lixia.id, '2026-12-31', { title: '普通事项' });
    expectError(await office.post(`${API}/items/bulk`, { ids: [task.id, later.id], action: 'done' }), 409);
    assert.equal((await getItem(office, task.id)).state, 'active', 'all or nothing');
    assert.equal((await getItem(office, overdue.id)).state, 'active');
    assert.equal((await getItem(office, later.id)).state, 'active');
  });

  it('the responsible unit cannot verify its own rectification', async () => {
    expectError(await filler.post(`${API}/items/${overdue.id}/verify`, { opinion: '已整改' }), [403, 404]);
    expectError(await unitLeader.post(`${API}/items/${overdue.id}/verify`, { opinion: '已整改' }), [403, 404]);
    expectError(await countyFiller.post(`${API}/items/${overdue.id}/verify`, { opinion: '已整改' }), [403, 404]);
    const it1 = await getItem(office, overdue.id);
    assert.equal(it1.state, 'active');
    assert.equal(it1.verified_at, null);
  });

  it('the supervisor rejects once (stays open, opinion kept), then verifies: done with verified_at', async () => {
    const no = await supervisor.post(`${API}/items/${overdue.id}/verify`, { approved: false, opinion: '台账仍缺三季度数据' });
    assert.equal(no.status, 200, show(no));
    assert.equal(no.body.state, 'active');
    assert.equal(no.body.verified_at, null);
    assert.ok(JSON.stringify(no.body).includes('台账仍缺三季度数据'), `the opinion is recorded: ${show(no)}`);
    assert.equal(no.body.light, 'red');

    const ok = await supervisor.post(`${API}/items/${overdue.id}/verify`, { opinion: '整改到位，同意销号' });
    assert.equal(ok.status, 200, show(ok));
    assert.equal(ok.body.state, 'done');
    assert.equal(ok.body.verified_by, 'supervisor');
    assert.ok(!Number.isNaN(Date.parse(ok.body.verified_at)), `verified_at ${ok.body.verified_at}`);
    assert.equal(ok.body.light, 'green');
    assert.equal(ok.body.light_reason, '已完成');
    const again = await getItem(filler, overdue.id);
    assert.equal(again.state, 'done');
    assert.equal(again.verified_by, 'supervisor');
  });

  it('the office may inspect and verify too; bad input and callers without the role are refused', async () => {
    const rectBefore = await countItems(office, { cycle_id: cycle.id, kind: 'rectification' });
    const inspBefore = (await office.get(`${API}/inspections${qs({ cycle_id: cycle.id, size: 1 })}`)).body.total;
    expectError(await supervisor.post(`${API}/inspections`, body({ findings: [] })), 422, 'validation_failed', 'findings');
    expectError(await supervisor.post(`${API}/inspections`, body({ date: '2026-02-30' })), 422, 'validation_failed', 'date');
    const e = expectError(await supervisor.post(`${API}/inspections`, body({
      findings: [{ title: '有效问题', due_date: '2026-12-31', responsible_person: '甲' }, { title: '缺期限', responsible_person: '乙' }],
    })), 422, 'validation_failed');
    assert.ok(e.fields.some((f) => f.field.startsWith('findings') && f.field.includes('due_date')), JSON.stringify(e.fields));
    expectError(await supervisor.post(`${API}/inspections`, body({ unit_id: provinceFgw.id })), [403, 404, 422]);
    expectError(await filler.post(`${API}/inspections`, body()), 403);
    expectError(await countyFiller.post(`${API}/inspections`, body({ unit_id: shizhong.id })), 403);
    assert.equal(await countItems(office, { cycle_id: cycle.id, kind: 'rectification' }), rectBefore, 'no half-made findings');
    assert.equal((await office.get(`${API}/inspections${qs({ cycle_id: cycle.id, size: 1 })}`)).body.total, inspBefore);

    const r = await office.post(`${API}/inspections`, body({ unit_id: shizhong.id, findings: [{ title: '制度落实不到位', due_date: '2026-10-30', responsible_person: '孙七' }] }));
    assert.equal(r.status, 201, show(r));
    const f = r.body.findings[0];
    assert.equal(f.unit_name, SHIZHONG_FGJ);
    expectError(await countyFiller.post(`${API}/items/${f.id}/verify`, { opinion: '自己销号' }), 403);
    const v = await office.post(`${API}/items/${f.id}/verify`, { opinion: '核查属实' });
    assert.equal(v.status, 200, show(v));
    assert.equal(v.body.state, 'done');
    assert.equal(v.body.verified_by, 'office');
  });
});
