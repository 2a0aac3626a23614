// Escalation (升级督办): an item red for more than escalate_after_workdays (5) working days
// appears by itself on the list of the unit above it — and of the square's lead unit when the
// item's unit is a member — with an audit row item.escalate saying why; once per item and target,
// however often the job runs. Working days, not calendar days: 国庆 does not count.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  API, loginAs, show, qs, expectList, startSupServer, runningCycle, unitNamed, unitByCode, itemDue, getItem,
  runJobs, userWithGrant, allPages, sql, workdaysIn, LIXIA_FGJ, PROVINCE_FGW,
} from './sup-helpers.mjs';
import { expectError } from './_helpers.mjs';

const TODAY = '2026-09-28';

describe('escalation (升级督办)', () => {
  let srv; let office; let supervisor; let unitLeader; let countyFiller; let regionOffice; let leadSupervisor;
  let cycle; let lixia; let lixiaRegion; let touzigu; let touzichu; let A; let B; let done; let late;

  before(async () => {
    srv = await startSupServer({ day: TODAY });
    [office, supervisor, unitLeader, countyFiller] = await Promise.all(
      ['office', 'supervisor', 'unit_leader', 'county_filler'].map((n) => loginAs(srv.url, n)),
    );
    cycle = await runningCycle(office);
    lixia = await unitNamed(office, LIXIA_FGJ);
    lixiaRegion = await unitByCode(office, '370102');
    touzigu = expectList(await office.get(`${API}/units${qs({ parent: lixia.id, size: 1000 })}`)).find((k) => k.name === '投资股');
    const fgw = await unitNamed(office, PROVINCE_FGW);
    touzichu = expectList(await office.get(`${API}/units${qs({ parent: fgw.id, size: 1000 })}`)).find((k) => k.name === '投资处');
    assert.ok(touzigu && touzichu, 'the demo square\'s member (投资股) and lead (投资处)');
    // the office of 历下区 (the unit above 历下区发改局) and a supervisor at the square's lead unit
    regionOffice = await userWithGrant(srv.url, { username: 'lixia_office', role: 'office', unitId: lixiaRegion.id });
    leadSupervisor = await userWithGrant(srv.url, { username: 'touzichu_sup', role: 'supervisor', unitId: touzichu.id });

    A = await itemDue(office, cycle.id, lixia.id, '2026-09-29', { title: '升级督办事项（机关）' });
    B = await itemDue(office, cycle.id, touzigu.id, '2026-09-29', { title: '升级督办事项（方阵成员）' });
    done = await itemDue(office, cycle.id, lixia.id, '2026-09-29', { title: '按期完成不升级' });
    assert.equal((await office.patch(`${API}/items/${done.id}`, { state: 'done' })).status, 200);
    late = await itemDue(office, cycle.id, lixia.id, '2026-10-12', { title: '后来变红不升级' });
    assert.equal(A.light, 'yellow', 'not red before the due date');
  });
  after(async () => { await srv?.stop(); });

  const list = async (c) => (await allPages(c, `${API}/escalations`, { cycle_id: cycle.id })).items;
  const pairs = (l) => l.map((e) => `${e.item.id}→${e.to_unit_id}`).sort();
  const auditRows = () => sql(srv.db, "select entity, entity_id, actor, before, after from audit where action = 'item.escalate' order by seq");

  it('the job turns an item red the day after its due date', async () => {
    await runJobs(srv.db, '2026-09-30');
    const a = await getItem(office, A.id);
    assert.equal(a.light, 'red');
    assert.equal(a.red_since, '2026-09-30');
    assert.deepEqual(await list(office), [], 'nothing escalated yet');
  });

  it('twelve calendar days but only four working days (国庆) later: not escalated', async () => {
    assert.ok(workdaysIn('2026-10-01', '2026-10-12') <= 5);
    await runJobs(srv.db, '2026-10-12');
    assert.deepEqual(pairs(await list(office)), [], 'red for 4 working days is not more than 5');
    assert.deepEqual(auditRows(), []);
  });

  it('red for more than 5 working days: on the lists of the unit above and of the square\'s lead, with an audit row', async () => {
    assert.ok(workdaysIn('2026-10-01', '2026-10-16') > 5);
    await runJobs(srv.db, '2026-10-16');
    const all = await list(office);
    assert.deepEqual(pairs(all), [
      `${A.id}→${lixiaRegion.id}`, `${B.id}→${lixia.id}`, `${B.id}→${touzichu.id}`,
    ].sort(), `A to 历下区; B to 历下区发改局 and to the square's lead 投资处: ${JSON.stringify(all).slice(0, 800)}`);
    const ea = all.find((e) => e.item.id === A.id);
    assert.equal(typeof ea.id, 'number');
    assert.equal(ea.to_unit_name, '历下区');
    assert.equal(ea.item.title, A.title);
    assert.equal(ea.item.light, 'red');
    const m = /红灯已持续 (\d+) 个工作日/.exec(ea.reason);
    assert.ok(m, `reason: ${ea.reason}`);
    assert.ok(Number(m[1]) > 5 && Number(m[1]) <= 9, `working days red: ${m[1]}`);
    assert.ok(!Number.isNaN(Date.parse(ea.created_at)));
    assert.equal(all.find((e) => e.to_unit_id === touzichu.id).to_unit_name, '投资处');

    const rows = auditRows();
    assert.ok(rows.some((r) => r.entity_id === String(A.id)), `an audit row for A: ${JSON.stringify(rows)}`);
    assert.ok(rows.some((r) => r.entity_id === String(B.id)), `an audit row for B: ${JSON.stringify(rows)}`);
    assert.ok(rows.every((r) => `${r.after}`.includes('红灯已持续')), `the row says why: ${JSON.stringify(rows)}`);
    assert.ok(!rows.some((r) => [String(done.id), String(late.id)].includes(r.entity_id)));
  });

  it('each target sees its own escalations only', async () => {
    assert.deepEqual(pairs(await list(regionOffice)), [`${A.id}→${lixiaRegion.id}`, `${B.id}→${lixia.id}`].sort(),
      'the office of 历下区 sees what reached 历下区 and its organs');
    assert.deepEqual(pairs(await list(leadSupervisor)), [`${B.id}→${touzichu.id}`], 'the square\'s lead');
    assert.deepEqual(pairs(await list(supervisor)), [`${A.id}→${lixiaRegion.id}`, `${B.id}→${lixia.id}`].sort(), '济南市 scope');
    assert.deepEqual(pairs(await list(unitLeader)), [`${B.id}→${lixia.id}`], 'the organ sees what its division escalated to it');
    assert.deepEqual(await list(countyFiller), [], 'another county sees nothing');
  });

  it('running the job again, the same day or later, adds nothing', async () => {
    const before1 = pairs(await list(office));
    const rows1 = auditRows().length;
    await runJobs(srv.db, '2026-10-16');
    await runJobs(srv.db, '2026-10-19');
    assert.deepEqual(pairs(await list(office)), before1);
    assert.equal(auditRows().length, rows1, 'no second audit row');
    const total = (await office.get(`${API}/escalations${qs({ cycle_id: cycle.id, size: 1 })}`)).body.total;
    assert.equal(total, 3);
  });

  it('a done item and one that turned red only lately are not escalated', async () => {
    const ids = (await list(office)).map((e) => e.item.id);
    assert.ok(!ids.includes(done.id));
    assert.ok(!ids.includes(late.id), 'red since 10-13 at the earliest: at most 4 working days on 10-19');
    assert.equal((await getItem(office, late.id)).light, 'red');
  });

  it('the list is refused to callers without a business role', async () => {
    const auditor = await loginAs(srv.url, 'auditor');
    expectError(await auditor.get(`${API}/escalations${qs({ cycle_id: cycle.id })}`), [403, 404]);
  });
});
