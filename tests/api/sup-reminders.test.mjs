// Reminders (催办) and the message centre: the daily job reminds the people of the item's own
// organ (not region-wide grants) N working days before the due date, on the day and every few
// days while overdue — once per reason, day and person however often the job runs; supervisors
// remind by hand at most once a day per item; messages count as unread until read.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  API, loginAs, show, qs, expectList, startSupServer, runningCycle, unitNamed, unitByCode, itemDue,
  runJobs, messages, text, userWithGrant, addDays, LIXIA_FGJ, SHIZHONG_FGJ, PROVINCE_FGW,
} from './sup-helpers.mjs';
import { expectError } from './_helpers.mjs';

const TODAY = '2026-09-28';

describe('reminders (催办) and messages', () => {
  let srv; let office; let leader; let supervisor; let filler; let unitLeader; let countyFiller;
  let regionOffice; let regionFiller;
  let cycle; let lixia; let touzigu; let shizhong; let provinceFgw;
  let soon; let today; let divisionItem; let doneItem; let otherCounty;
  before(async () => {
    srv = await startSupServer({ day: TODAY });
    [office, leader, supervisor, filler, unitLeader, countyFiller] = await Promise.all(
      ['office', 'leader', 'supervisor', 'filler', 'unit_leader', 'county_filler'].map((n) => loginAs(srv.url, n)),
    );
    const lixiaRegion = await unitByCode(office, '370102');
    // the county's own office and a county-wide filler: region-wide grants get no item reminders
    regionOffice = await userWithGrant(srv.url, { username: 'lixia_office', role: 'office', unitId: lixiaRegion.id });
    regionFiller = await userWithGrant(srv.url, { username: 'lixia_rfill', role: 'filler', unitId: lixiaRegion.id });
    cycle = await runningCycle(office);
    lixia = await unitNamed(office, LIXIA_FGJ);
    touzigu = expectList(await office.get(`${API}/units${qs({ parent: lixia.id, size: 1000 })}`)).find((k) => k.name === '投资股');
    shizhong = await unitNamed(office, SHIZHONG_FGJ);
    provinceFgw = await unitNamed(office, PROVINCE_FGW);
    soon = await itemDue(office, cycle.id, lixia.id, '2026-10-08', { title: '三个工作日后到期' }); // Sep 29, 30, Oct 8
    today = await itemDue(office, cycle.id, lixia.id, TODAY, { title: '今日到期事项' });
    divisionItem = await itemDue(office, cycle.id, touzigu.id, '2026-10-08', { title: '投资股事项' });
    doneItem = await itemDue(office, cycle.id, lixia.id, TODAY, { title: '已完成不催' });
    assert.equal((await office.patch(`${API}/items/${doneItem.id}`, { state: 'done' })).status, 200);
    otherCounty = await itemDue(office, cycle.id, shizhong.id, '2026-10-08', { title: '市中区事项' });
  });
  after(async () => { await srv?.stop(); });

  it('the job reminds the organ\'s filler and unit leader once, however often it runs', async () => {
    await runJobs(srv.db, TODAY);
    await runJobs(srv.db, TODAY);
    for (const [who, c] of [['filler', filler], ['unit_leader', unitLeader]]) {
      const s = await messages(c, { item_id: soon.id });
      assert.equal(s.length, 1, `${who}: one reminder for ${soon.title}: ${JSON.stringify(s)}`);
      assert.equal(s[0].kind, 'reminder');
      assert.match(text(s[0]), /还有 3 个工作日到期/, `${who}: ${text(s[0])}`);
      assert.equal(s[0].notice_id, null);
      assert.equal(s[0].read_at, null);
      assert.ok(!Number.isNaN(Date.parse(s[0].created_at)), `created_at ${s[0].created_at}`);
      assert.ok(text(s[0]).includes(soon.title), `the reminder names the item: ${text(s[0])}`);

      const t = await messages(c, { item_id: today.id });
      assert.equal(t.length, 1, `${who}: one reminder for the item due today: ${JSON.stringify(t)}`);
      assert.match(text(t[0]), /今日到期/);
    }
  });

  it('a division\'s item reminds the people of the organ above it', async () => {
    const m = await messages(filler, { item_id: divisionItem.id });
    assert.equal(m.length, 1, JSON.stringify(m));
    assert.match(text(m[0]), /还有 3 个工作日到期/);
  });

  it('region-wide grants, supervisors and other counties get no item reminders; done items none', async () => {
    for (const [who, c] of [['lixia_office', regionOffice], ['lixia_rfill', regionFiller], ['supervisor', supervisor],
      ['office', office], ['county_filler', countyFiller]]) {
      const m = (await messages(c)).filter((x) => [soon.id, today.id, divisionItem.id].includes(x.item_id));
      assert.deepEqual(m, [], `${who} is not reminded of 历下区发改局's items`);
    }
    assert.deepEqual(await messages(filler, { item_id: doneItem.id }), [], 'a done item is not reminded');
    assert.deepEqual(await messages(filler, { item_id: otherCounty.id }), [], 'another county\'s item is not the filler\'s');
    assert.deepEqual(await messages(countyFiller, { item_id: otherCounty.id }), [], 'a region-wide filler is not reminded');
  });

  it('a supervisor reminds by hand once a day per item (201 then 409)', async () => {
    const item = await itemDue(office, cycle.id, lixia.id, '2026-11-30', { title: '手动催办事项' });
    const r = await supervisor.post(`${API}/items/${item.id}/remind`, { message: '请于本周内报送进展' });
    assert.equal(r.status, 201, show(r));
    assert.equal(r.body.sent, 2, 'the filler and the unit leader of the organ');
    for (const c of [filler, unitLeader]) {
      const m = await messages(c, { item_id: item.id });
      assert.equal(m.length, 1, JSON.stringify(m));
      assert.equal(m[0].kind, 'reminder');
      assert.ok(text(m[0]).includes('请于本周内报送进展'), `the supervisor's words reach the filler: ${text(m[0])}`);
    }
    expectError(await supervisor.post(`${API}/items/${item.id}/remind`, { message: '再催一次' }), 409);
    expectError(await office.post(`${API}/items/${item.id}/remind`, {}), 409, undefined, undefined);
    assert.equal((await messages(filler, { item_id: item.id })).length, 1, 'the refused reminder sent nothing');

    // the office and the leader may remind too; the filler, another county and out-of-scope callers may not
    const other = await itemDue(office, cycle.id, lixia.id, '2026-11-30', { title: '领导催办事项' });
    const l = await leader.post(`${API}/items/${other.id}/remind`, {});
    assert.equal(l.status, 201, show(l));
    expectError(await filler.post(`${API}/items/${(await itemDue(office, cycle.id, lixia.id, '2026-11-30', { title: '填报员不能催办' })).id}/remind`, {}), 403);
    expectError(await countyFiller.post(`${API}/items/${other.id}/remind`, {}), [403, 404]);
    const prov = await itemDue(office, cycle.id, provinceFgw.id, '2026-11-30', { title: '省直事项' });
    expectError(await supervisor.post(`${API}/items/${prov.id}/remind`, {}), 404, 'not_found');
    expectError(await supervisor.post(`${API}/items/99999999/remind`, {}), 404, 'not_found');
  });

  it('unread count, read one, read all; another person\'s message cannot be read', async () => {
    const r = await filler.get(`${API}/messages${qs({ unread: 1, size: 200 })}`);
    const unread = expectList(r);
    assert.equal(typeof r.body.unread, 'number', show(r));
    assert.ok(r.body.unread >= 3, `the reminders above are unread: ${r.body.unread}`);
    assert.equal(r.body.unread, r.body.total, 'unread=1 lists exactly the unread ones');
    assert.ok(unread.every((m) => m.read_at === null));
    for (let k = 1; k < unread.length; k += 1) {
      assert.ok(unread[k].created_at <= unread[k - 1].created_at && unread[k].id < unread[k - 1].id, 'newest first');
    }

    const first = unread[0];
    const rd = await filler.post(`${API}/messages/${first.id}/read`);
    assert.equal(rd.status, 204, show(rd));
    const r2 = await filler.get(`${API}/messages${qs({ unread: 1, size: 200 })}`);
    assert.equal(r2.body.unread, r.body.unread - 1);
    assert.ok(!r2.body.items.some((m) => m.id === first.id));
    const all = await filler.get(`${API}/messages${qs({ size: 200 })}`);
    assert.equal(all.body.unread, r2.body.unread, 'the unread count comes with every page');
    const read = all.body.items.find((m) => m.id === first.id);
    assert.ok(read && read.read_at && !Number.isNaN(Date.parse(read.read_at)), `read_at set: ${JSON.stringify(read)}`);

    const theirs = (await messages(unitLeader))[0];
    expectError(await filler.post(`${API}/messages/${theirs.id}/read`), 404, 'not_found');
    const leaderUnread = (await unitLeader.get(`${API}/messages${qs({ unread: 1 })}`)).body.unread;

    const ra = await filler.post(`${API}/messages/read-all`);
    assert.equal(ra.status, 204, show(ra));
    const r3 = await filler.get(`${API}/messages${qs({ unread: 1 })}`);
    assert.equal(r3.body.unread, 0);
    assert.deepEqual(r3.body.items, []);
    assert.equal((await unitLeader.get(`${API}/messages${qs({ unread: 1 })}`)).body.unread, leaderUnread, 'only the caller\'s messages');
  });

  // last: runs the job for later days
  it('while overdue, every 3 days: two reminders in six days, however often each day runs', async () => {
    const item = await itemDue(office, cycle.id, lixia.id, '2026-10-09', { title: '逾期反复催办' });
    for (let k = 1; k <= 6; k += 1) {
      const day = addDays('2026-10-09', k);
      await runJobs(srv.db, day);
      if (k === 3) await runJobs(srv.db, day);
    }
    const m = (await messages(filler, { item_id: item.id })).filter((x) => /已逾期/.test(text(x)));
    assert.equal(m.length, 2, `two overdue reminders between 10-10 and 10-15: ${JSON.stringify(m.map(text))}`);
    const ns = m.map((x) => Number(/已逾期 (\d+) 天/.exec(text(x))?.[1])).sort((a, b) => a - b);
    assert.ok(ns.every((n) => n >= 1 && n <= 6), `overdue days: ${ns}`);
    assert.equal(ns[1] - ns[0], 3, `three days apart: ${ns}`);
    assert.equal((await messages(unitLeader, { item_id: item.id })).filter((x) => /已逾期/.test(text(x))).length, 2);
  });

  // last: restarts the server a day later
  it('the next day the item may be reminded by hand again', async () => {
    const item = await itemDue(office, cycle.id, lixia.id, '2026-11-30', { title: '隔日再催办' });
    assert.equal((await supervisor.post(`${API}/items/${item.id}/remind`, {})).status, 201);
    expectError(await supervisor.post(`${API}/items/${item.id}/remind`, {}), 409);
    await srv.restart('2026-09-29');
    const sup = await loginAs(srv.url, 'supervisor');
    const r = await sup.post(`${API}/items/${item.id}/remind`, {});
    assert.equal(r.status, 201, `a new day: ${show(r)}`);
    expectError(await sup.post(`${API}/items/${item.id}/remind`, {}), 409);
  });
});
