// Traffic lights (亮灯): with the server's clock pinned to Monday 2026-09-28 (Beijing), every
// item carries green / yellow / red with its reason in words — overdue in calendar days, due
// soon in China's working days (国庆 is skipped), behind schedule against the elapsed share of
// time — done is green, cancelled has none, and a child's light raises its parent's.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  API, loginAs, show, qs, expectList, startSupServer, runningCycle, unitNamed, unitByCode, itemDue, getItem,
  runJobs, putSettings, workdaysIn, clockOf, SEVERITY, LIXIA_FGJ, SHIZHONG_FGJ,
} from './sup-helpers.mjs';
import { expectError } from './_helpers.mjs';
import { report } from './fixtures/chain-helpers.mjs';

const TODAY = '2026-09-28';

/* Asserts an item's light and its reason exactly. */
function expectLight(item, light, reason, what = item.title) {
  assert.equal(item.light, light, `${what}: light ${item.light} (${item.light_reason})`);
  if (reason !== undefined) assert.equal(item.light_reason, reason, `${what}: reason`);
}

describe('lights (亮灯)', () => {
  let srv; let office; let filler; let unitLeader; let cycle; let lixia; let shizhong; let province;
  before(async () => {
    srv = await startSupServer({ day: TODAY });
    [office, filler, unitLeader] = await Promise.all(['office', 'filler', 'unit_leader'].map((u) => loginAs(srv.url, u)));
    cycle = await runningCycle(office);
    lixia = await unitNamed(office, LIXIA_FGJ);
    shizhong = await unitNamed(office, SHIZHONG_FGJ);
    province = await unitByCode(office, '370000');
  });
  after(async () => { await srv?.stop(); });

  const due = (date, over = {}) => itemDue(office, cycle.id, lixia.id, date, { title: `到期${date}`, ...over });

  it('an item past its due date is red "逾期 N 天" in calendar days, with the day it turned red', async () => {
    const five = await due('2026-09-23');
    expectLight(five, 'red', '逾期 5 天');
    assert.match(five.red_since || '', /^\d{4}-\d{2}-\d{2}$/, `red_since: ${five.red_since}`);
    assert.ok(five.red_since <= TODAY, `red_since ${five.red_since} is not after today`);
    assert.equal(five.calendar_warning, false);
    // across 国庆 the overdue count is in calendar days, not working days
    const long = await due('2026-08-31');
    expectLight(long, 'red', '逾期 28 天');
    const one = await due('2026-09-27');
    expectLight(one, 'red', '逾期 1 天');
    // the detail and the list say the same
    expectLight(await getItem(office, five.id), 'red', '逾期 5 天');
    const listed = expectList(await office.get(`${API}/items${qs({ cycle_id: cycle.id, q: '到期2026-09-23' })}`));
    expectLight(listed.find((i) => i.id === five.id), 'red', '逾期 5 天');
  });

  it('due within 3 working days is yellow, counted in working days across 国庆', async () => {
    const today = await due('2026-09-28');
    expectLight(today, 'yellow', '今日到期');
    assert.equal(today.red_since, null);
    expectLight(await due('2026-09-30'), 'yellow', '距截止 2 个工作日');
    // ten calendar days away but only three working days (Sep 29, 30, Oct 8)
    assert.equal(workdaysIn('2026-09-29', '2026-10-08'), 3);
    const oct8 = await due('2026-10-08');
    expectLight(oct8, 'yellow', '距截止 3 个工作日');
    assert.equal(oct8.red_since, null);
    // one working day more is outside the window
    assert.equal(workdaysIn('2026-09-29', '2026-10-09'), 4);
    expectLight(await due('2026-10-09'), 'green', '正常推进');
  });

  it('behind schedule is yellow "进度 P%，应达 E%"; approving progress turns it green at once', async () => {
    // 2026-01-01 … 2026-12-31 on 09-28: 270 of 364 days have passed, so 74% is expected
    const span = { start_date: '2026-01-01', due_date: '2026-12-31' };
    const none = await due('2026-12-31', { ...span, title: '进度落后无填报' });
    expectLight(none, 'yellow', '进度 0%，应达 74%');

    const item = await due('2026-12-31', { ...span, title: '进度落后有填报' });
    await report(filler, item.id, { period: '2026-08', progress: 30, state: 'approved', reviewer: unitLeader });
    expectLight(await getItem(office, item.id), 'yellow', '进度 30%，应达 74%');
    await report(filler, item.id, { period: '2026-09', progress: 60, state: 'approved', reviewer: unitLeader });
    const after1 = await getItem(office, item.id);
    assert.equal(after1.rollup_progress, 60);
    expectLight(after1, 'green', '正常推进', '60% is within the 20-point tolerance of 74%');
  });

  it('without a start date only the due date counts', async () => {
    const item = await due('2026-12-31', { title: '无开始日期' });
    assert.equal(item.start_date, null);
    assert.equal(item.progress, 0);
    expectLight(item, 'green', '正常推进');
  });

  it('done is green even when overdue; cancelled has no light', async () => {
    const item = await due('2026-09-20', { title: '逾期后完成' });
    expectLight(item, 'red', '逾期 8 天');
    const d = await office.patch(`${API}/items/${item.id}`, { state: 'done' });
    assert.equal(d.status, 200, show(d));
    expectLight(d.body, 'green', '已完成');
    expectLight(await getItem(office, item.id), 'green', '已完成');

    const c = await due('2026-09-21', { title: '逾期后取消' });
    expectLight(c, 'red', '逾期 7 天');
    const x = await office.patch(`${API}/items/${c.id}`, { state: 'cancelled' });
    assert.equal(x.status, 200, show(x));
    assert.equal(x.body.light, null, `cancelled: ${show(x)}`);
    assert.equal((await getItem(office, c.id)).light, null);

    // bulk changes recompute too
    const b = await due('2026-09-22', { title: '批量完成' });
    const r = await office.post(`${API}/items/bulk`, { ids: [b.id], action: 'done' });
    assert.equal(r.status, 200, show(r));
    expectLight(await getItem(office, b.id), 'green', '已完成');
  });

  it('an edit of the due date recomputes the light at once', async () => {
    const item = await due('2026-12-31', { title: '改期事项' });
    expectLight(item, 'green');
    const p = await office.patch(`${API}/items/${item.id}`, { due_date: '2026-09-24' });
    assert.equal(p.status, 200, show(p));
    expectLight(p.body, 'red', '逾期 4 天');
    const q = await office.patch(`${API}/items/${item.id}`, { due_date: '2026-09-30' });
    expectLight(q.body, 'yellow', '距截止 2 个工作日');
    assert.equal(q.body.red_since, null, 'no longer red');
  });

  it('milestones carry their own lights', async () => {
    const item = await due('2026-12-31', {
      title: '节点亮灯',
      milestones: [
        { title: '方案报批', due_date: '2026-09-20' },
        { title: '开工建设', due_date: '2026-10-08' },
        { title: '竣工验收', due_date: '2026-12-01' },
      ],
    });
    const ms = (await getItem(office, item.id)).milestones;
    const by = Object.fromEntries(ms.map((m) => [m.title, m]));
    assert.equal(by['方案报批'].light, 'red', JSON.stringify(ms));
    assert.equal(by['方案报批'].light_reason, '逾期 8 天');
    assert.equal(by['开工建设'].light, 'yellow', JSON.stringify(ms));
    assert.equal(by['开工建设'].light_reason, '距截止 3 个工作日');
    assert.equal(by['竣工验收'].light, 'green', JSON.stringify(ms));
  });

  it('a child\'s red or yellow raises its parent, naming the child\'s unit; a done child no longer does', async () => {
    const make = async (title) => {
      const top = await itemDue(office, cycle.id, province.id, '2026-12-31', { title });
      const r = await office.post(`${API}/items/${top.id}/decompose`, { unit_ids: [lixia.id, shizhong.id] });
      assert.equal(r.status, 201, show(r));
      const kids = Object.fromEntries(r.body.items.map((k) => [k.unit_id, k]));
      return { top, L: kids[lixia.id], S: kids[shizhong.id] };
    };
    const red = await make('上级事项随下级红灯');
    expectLight(await getItem(office, red.top.id), 'green', '正常推进');
    const p = await office.patch(`${API}/items/${red.L.id}`, { due_date: '2026-09-20' });
    assert.equal(p.status, 200, show(p));
    expectLight(p.body, 'red', '逾期 8 天');
    const parent = await getItem(office, red.top.id);
    expectLight(parent, 'red', `下级事项亮红灯：${LIXIA_FGJ}`);
    assert.equal(parent.children.find((k) => k.id === red.L.id).light, 'red', 'children in the detail carry lights');

    const yellow = await make('上级事项随下级黄灯');
    await office.patch(`${API}/items/${yellow.S.id}`, { due_date: '2026-09-30' });
    expectLight(await getItem(office, yellow.top.id), 'yellow', `下级事项亮黄灯：${SHIZHONG_FGJ}`);

    // the red child is finished: nothing below is red any more
    const d = await office.patch(`${API}/items/${red.L.id}`, { state: 'done' });
    assert.equal(d.status, 200, show(d));
    expectLight(await getItem(office, red.top.id), 'green', '正常推进');
  });

  it('the list filters by light and sorts red first', async () => {
    const r1 = await due('2026-09-15', { title: '筛选红灯' });
    const y1 = await due('2026-09-29', { title: '筛选黄灯' });
    const g1 = await due('2026-12-30', { title: '筛选绿灯' });
    const ids = (list) => list.map((i) => i.id);
    const reds = expectList(await office.get(`${API}/items${qs({ cycle_id: cycle.id, light: 'red', size: 200 })}`));
    assert.ok(reds.length > 0 && reds.every((i) => i.light === 'red'), `only red: ${reds.map((i) => i.light)}`);
    assert.ok(ids(reds).includes(r1.id) && !ids(reds).includes(y1.id) && !ids(reds).includes(g1.id));
    const yellows = expectList(await office.get(`${API}/items${qs({ cycle_id: cycle.id, light: 'yellow', size: 200 })}`));
    assert.ok(yellows.every((i) => i.light === 'yellow'));
    assert.ok(ids(yellows).includes(y1.id) && !ids(yellows).includes(r1.id));
    const greens = expectList(await office.get(`${API}/items${qs({ cycle_id: cycle.id, light: 'green', size: 200 })}`));
    assert.ok(greens.every((i) => i.light === 'green'));
    assert.ok(ids(greens).includes(g1.id));
    // the filter combines with the unit filter, and the totals add up
    const all = await office.get(`${API}/items${qs({ cycle_id: cycle.id, unit_id: lixia.id, state: 'active', size: 1 })}`);
    const per = await Promise.all(['red', 'yellow', 'green'].map((light) => office.get(
      `${API}/items${qs({ cycle_id: cycle.id, unit_id: lixia.id, state: 'active', light, size: 1 })}`,
    )));
    assert.equal(per.reduce((s, r) => s + r.body.total, 0), all.body.total, 'every active item has exactly one light');

    const sorted = expectList(await office.get(`${API}/items${qs({ cycle_id: cycle.id, sort: 'light', size: 200 })}`));
    const sev = sorted.filter((i) => i.light).map((i) => SEVERITY[i.light]);
    assert.ok(sev.length >= 3);
    assert.equal(sorted[0].light, 'red', 'red first');
    for (let k = 1; k < sev.length; k += 1) assert.ok(sev[k] <= sev[k - 1], `sorted red > yellow > green: ${sorted.map((i) => i.light)}`);
  });

  it('the filler sees the lights of its own unit\'s items', async () => {
    const item = await due('2026-09-26', { title: '填报员看灯' });
    const r = await filler.get(`${API}/items/${item.id}`);
    assert.equal(r.status, 200, show(r));
    expectLight(r.body, 'red', '逾期 2 天');
  });

  // last: it changes the cycle's rule for every item above
  it('settings: defaults, office only, and a wider due-soon window turns more items yellow after the job', async () => {
    const g = await office.get(`${API}/cycles/${cycle.id}/settings`);
    assert.equal(g.status, 200, show(g));
    assert.deepEqual(g.body, {
      due_soon_workdays: 3, tolerance: 20, escalate_after_workdays: 5, remind_before_workdays: 3,
      remind_on_due: true, remind_overdue_every_days: 3, webhook_url: null, webhook_format: 'dingtalk',
    });
    expectError(await filler.request('PUT', `${API}/cycles/${cycle.id}/settings`, { due_soon_workdays: 5 }), [403, 404]);
    expectError(await office.request('PUT', `${API}/cycles/${cycle.id}/settings`, { due_soon_workdays: -1 }),
      422, 'validation_failed', 'due_soon_workdays');
    expectError(await office.request('PUT', `${API}/cycles/${cycle.id}/settings`, { webhook_format: 'telegram' }),
      422, 'validation_failed', 'webhook_format');
    assert.equal((await office.get(`${API}/cycles/${cycle.id}/settings`)).body.due_soon_workdays, 3, 'refused changes changed nothing');

    const four = await due('2026-10-09', { title: '窗口四个工作日' }); // Sep 29, 30, Oct 8, 9
    const five = await due('2026-10-10', { title: '窗口五个工作日' }); // … and Saturday Oct 10 (adjusted)
    const six = await due('2026-10-12', { title: '窗口六个工作日' });
    const behind = await due('2026-12-31', { start_date: '2026-01-01', title: '容差变化' });
    expectLight(four, 'green');
    expectLight(behind, 'yellow', '进度 0%，应达 74%');

    const s = await putSettings(office, cycle.id, { due_soon_workdays: 5, tolerance: 80 });
    assert.equal(s.due_soon_workdays, 5);
    assert.equal(s.tolerance, 80);
    assert.equal(s.remind_before_workdays, 3, 'fields not sent are kept');
    await runJobs(srv.db, TODAY);
    expectLight(await getItem(office, four.id), 'yellow', '距截止 4 个工作日');
    expectLight(await getItem(office, five.id), 'yellow', '距截止 5 个工作日');
    expectLight(await getItem(office, six.id), 'green', '正常推进');
    expectLight(await getItem(office, behind.id), 'green', '正常推进', '0% is within 80 points of 74%');
  });
});

describe('lights use the China day (UTC+8)', () => {
  let srv; let office;
  // 2026-09-27 17:30 UTC is already Monday 2026-09-28 01:30 in Beijing
  before(async () => {
    srv = await startSupServer({ clock: String(Date.UTC(2026, 8, 27, 17, 30, 0) / 1000) });
    office = await loginAs(srv.url, 'office');
  });
  after(async () => { await srv?.stop(); });

  it('just after midnight in Beijing the new day counts', async () => {
    assert.equal(clockOf('2026-09-28', 1), String(Date.UTC(2026, 8, 27, 17, 0, 0) / 1000));
    const cycle = await runningCycle(office);
    const lixia = await unitNamed(office, LIXIA_FGJ);
    expectLight(await itemDue(office, cycle.id, lixia.id, '2026-09-23', { title: '零点后逾期' }), 'red', '逾期 5 天');
    expectLight(await itemDue(office, cycle.id, lixia.id, '2026-09-28', { title: '零点后到期' }), 'yellow', '今日到期');
  });
});
