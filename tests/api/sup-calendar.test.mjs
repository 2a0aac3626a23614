// China's working-day calendar (holidays and adjusted workdays, 调休): the figures the server
// gives must be the ones the chinese-days data gives; a year the data lacks is counted by
// weekends only and says so (calendar_warning) until the office enters that year's holidays.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  API, loginAs, show, qs, startSupServer, runningCycle, unitNamed, itemDue, chineseDays,
  workdaysIn, weekdaysIn, isWorkday, LIXIA_FGJ,
} from './sup-helpers.mjs';
import { expectError } from './_helpers.mjs';

describe('calendar (工作日)', () => {
  let srv; let office; let supervisor; let filler;
  before(async () => {
    srv = await startSupServer({ day: '2026-09-28' });
    [office, supervisor, filler] = await Promise.all(['office', 'supervisor', 'filler'].map((u) => loginAs(srv.url, u)));
  });
  after(async () => { await srv?.stop(); });

  async function workdays(c, from, to) {
    const r = await c.get(`${API}/calendar/workdays${qs({ from, to })}`);
    assert.equal(r.status, 200, `workdays ${from}..${to}: ${show(r)}`);
    assert.equal(typeof r.body.workdays, 'number', show(r));
    assert.equal(typeof r.body.calendar_warning, 'boolean', show(r));
    return r.body;
  }

  it('2026-09-28 … 2026-10-12 (国庆 and 中秋) counts as the chinese-days data does', async () => {
    const expected = workdaysIn('2026-09-28', '2026-10-12');
    assert.equal(expected, 7, 'the data itself: Sep 28–30, Oct 8, 9, 10 (Sat, adjusted), 12');
    const r = await workdays(office, '2026-09-28', '2026-10-12');
    assert.equal(r.workdays, expected);
    assert.equal(r.calendar_warning, false, '2026 is in the data');
    // any business role may ask, the figure is the same
    assert.equal((await workdays(filler, '2026-09-28', '2026-10-12')).workdays, expected);
  });

  it('both ends are inclusive; a single day is 1 or 0', async () => {
    assert.equal((await workdays(office, '2026-09-28', '2026-09-28')).workdays, 1, 'Monday 09-28');
    assert.equal((await workdays(office, '2026-10-12', '2026-10-12')).workdays, 1, 'Monday 10-12');
    assert.equal((await workdays(office, '2026-10-11', '2026-10-11')).workdays, 0, 'Sunday 10-11');
  });

  it('holidays are rest days even on weekdays; adjusted weekend workdays count', async () => {
    assert.equal((await workdays(office, '2026-10-01', '2026-10-07')).workdays, 0, '国庆 Oct 1–7 is all rest');
    assert.equal((await workdays(office, '2026-09-25', '2026-09-25')).workdays, 0, '中秋 on a Friday');
    assert.equal((await workdays(office, '2026-10-10', '2026-10-10')).workdays, 1, 'Saturday 10-10 is an adjusted workday');
    assert.equal((await workdays(office, '2026-09-20', '2026-09-20')).workdays, 1, 'Sunday 09-20 is an adjusted workday');
    assert.equal((await workdays(office, '2026-09-19', '2026-09-19')).workdays, 0, 'an ordinary Saturday');
    const r = await workdays(office, '2026-09-14', '2026-10-18');
    assert.equal(r.workdays, workdaysIn('2026-09-14', '2026-10-18'));
  });

  it('春节 2026: nine days of holiday and two Saturdays at work', async () => {
    assert.equal((await workdays(office, '2026-02-15', '2026-02-23')).workdays, 0, '春节 Feb 15–23');
    assert.equal((await workdays(office, '2026-02-14', '2026-02-14')).workdays, 1, 'Saturday 02-14 is at work');
    assert.equal((await workdays(office, '2026-02-28', '2026-02-28')).workdays, 1, 'Saturday 02-28 is at work');
    const expected = workdaysIn('2026-02-01', '2026-03-08');
    assert.notEqual(expected, weekdaysIn('2026-02-01', '2026-03-08'), 'the period differs from weekends-only counting');
    assert.equal((await workdays(office, '2026-02-01', '2026-03-08')).workdays, expected);
    // the whole of 2026
    assert.equal((await workdays(office, '2026-01-01', '2026-12-31')).workdays, workdaysIn('2026-01-01', '2026-12-31'));
  });

  it('GET /holidays?year=2026 lists exactly the data\'s holidays and adjusted workdays', async () => {
    const r = await office.get(`${API}/holidays${qs({ year: 2026 })}`);
    assert.equal(r.status, 200, show(r));
    assert.equal(r.body.year, 2026);
    assert.equal(r.body.covered, true);
    assert.ok(Array.isArray(r.body.items), show(r));
    const { holidays, workdays: adjusted } = chineseDays();
    const want = [
      ...Object.keys(holidays).filter((d) => d.startsWith('2026-')).map((d) => `${d} holiday`),
      ...Object.keys(adjusted).filter((d) => d.startsWith('2026-')).map((d) => `${d} workday`),
    ].sort();
    assert.deepEqual(r.body.items.map((x) => `${x.day} ${x.kind}`).sort(), want);
    const oct1 = r.body.items.find((x) => x.day === '2026-10-01');
    assert.equal(oct1.name, '国庆节', 'the Chinese name from the data');
    const feb17 = r.body.items.find((x) => x.day === '2026-02-17');
    assert.equal(feb17.name, '春节');
  });

  it('a due date on a holiday: counted to the last working day before it', async () => {
    // server day 2026-09-28 (Mon); due 10-05 is inside 国庆: Sep 29, 30 are the only working days
    const cycle = await runningCycle(office);
    const lixia = await unitNamed(office, LIXIA_FGJ);
    const item = await itemDue(office, cycle.id, lixia.id, '2026-10-05', { title: '假日到期事项' });
    assert.equal(workdaysIn('2026-09-29', '2026-10-05'), 2);
    assert.equal(item.light, 'yellow', show({ status: 201, body: item }));
    assert.equal(item.light_reason, '距截止 2 个工作日');
    assert.equal(item.calendar_warning, false);
    assert.equal((await workdays(office, '2026-09-29', '2026-10-05')).workdays, 2);
  });

  it('a year the data lacks (2031) counts weekends only and warns, until the office enters its holidays', async () => {
    const before1 = await office.get(`${API}/holidays${qs({ year: 2031 })}`);
    assert.equal(before1.status, 200, show(before1));
    assert.equal(before1.body.year, 2031);
    assert.equal(before1.body.covered, false);
    assert.deepEqual(before1.body.items, []);

    const jan = await workdays(office, '2031-01-01', '2031-01-31');
    assert.equal(jan.workdays, weekdaysIn('2031-01-01', '2031-01-31'), 'weekends only');
    assert.equal(jan.calendar_warning, true);
    // a period reaching from a covered year into one the data lacks (2027) warns too
    assert.equal((await workdays(office, '2026-12-20', '2027-01-10')).calendar_warning, true);
    assert.equal((await workdays(office, '2026-12-01', '2026-12-31')).calendar_warning, false);

    const put = await office.request('PUT', `${API}/holidays/2031-01-01`, { kind: 'holiday', name: '元旦' });
    assert.equal(put.status, 200, show(put));
    assert.equal(put.body.day, '2031-01-01');
    assert.equal(put.body.kind, 'holiday');
    assert.equal(put.body.name, '元旦');
    const sat = await office.request('PUT', `${API}/holidays/2031-01-04`, { kind: 'workday', name: '调休上班' });
    assert.equal(sat.status, 200, show(sat));

    const after1 = await office.get(`${API}/holidays${qs({ year: 2031 })}`);
    assert.equal(after1.body.covered, true, `entered days cover the year: ${show(after1)}`);
    assert.deepEqual(after1.body.items.map((x) => `${x.day} ${x.kind}`).sort(), ['2031-01-01 holiday', '2031-01-04 workday']);

    const jan2 = await workdays(office, '2031-01-01', '2031-01-31');
    assert.equal(jan2.calendar_warning, false, `the year is covered now (also after it was asked before): ${JSON.stringify(jan2)}`);
    // Jan 1 (Wed) is a holiday, Sat Jan 4 is at work: one less, one more
    assert.equal(jan2.workdays, weekdaysIn('2031-01-01', '2031-01-31') - 1 + 1);
    assert.equal((await workdays(office, '2031-01-01', '2031-01-01')).workdays, 0);
    assert.equal((await workdays(office, '2031-01-04', '2031-01-04')).workdays, 1);

    const del = await office.del(`${API}/holidays/2031-01-01`);
    assert.equal(del.status, 204, show(del));
    assert.equal((await workdays(office, '2031-01-01', '2031-01-01')).workdays, 1, 'Jan 1 2031 is a Wednesday again');
    const del2 = await office.del(`${API}/holidays/2031-01-04`);
    assert.equal(del2.status, 204, show(del2));
    const gone = await office.get(`${API}/holidays${qs({ year: 2031 })}`);
    assert.equal(gone.body.covered, false);
    assert.equal((await workdays(office, '2031-01-01', '2031-01-31')).calendar_warning, true);
  });

  it('only the office enters holidays; a bad kind or day is refused and changes nothing', async () => {
    expectError(await supervisor.request('PUT', `${API}/holidays/2031-05-01`, { kind: 'holiday', name: '劳动节' }), [403, 404]);
    expectError(await filler.request('PUT', `${API}/holidays/2031-05-01`, { kind: 'holiday', name: '劳动节' }), [403, 404]);
    expectError(await filler.del(`${API}/holidays/2026-10-01`), [403, 404]);
    expectError(await office.request('PUT', `${API}/holidays/2031-05-01`, { kind: 'vacation', name: '劳动节' }), 422, 'validation_failed', 'kind');
    expectError(await office.request('PUT', `${API}/holidays/2031-13-45`, { kind: 'holiday', name: '无效' }), [400, 404, 422]);
    const r = await office.get(`${API}/holidays${qs({ year: 2031 })}`);
    assert.equal(r.body.covered, false, show(r));
    assert.ok(isWorkday('2026-10-09'));
    assert.equal((await workdays(office, '2026-10-01', '2026-10-09')).workdays, 2, 'the 2026 data is untouched');
  });
});

describe('item lights that depend on a year the data lacks', () => {
  let srv; let office;
  // Wednesday 2026-12-30: the due-soon count of an item due in January 2027 needs 2027's calendar
  before(async () => {
    srv = await startSupServer({ day: '2026-12-30' });
    office = await loginAs(srv.url, 'office');
  });
  after(async () => { await srv?.stop(); });

  it('carry calendar_warning; those within the covered year do not', async () => {
    const cycle = await runningCycle(office);
    const lixia = await unitNamed(office, LIXIA_FGJ);
    const covered = await itemDue(office, cycle.id, lixia.id, '2026-12-31', { title: '年内到期' });
    assert.equal(covered.light, 'yellow');
    assert.equal(covered.light_reason, '距截止 1 个工作日');
    assert.equal(covered.calendar_warning, false);
    // Dec 31, Jan 1 (a weekday: 2027's 元旦 is not in the data), Jan 4, Jan 5: four by weekends only
    const next = await itemDue(office, cycle.id, lixia.id, '2027-01-05', { title: '跨年到期' });
    assert.equal(next.calendar_warning, true, `light ${next.light} (${next.light_reason})`);
    assert.equal(next.light, 'green', 'four working days when only weekends are known');
  });
});
