// The workbench (工作台): what is due soon, what must be reported this period, what waits for
// my review, what waits for adoption. The server's clock is pinned to 2026-03-16.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { API, loginAs, show } from './_helpers.mjs';
import {
  startChainServer, createCycle, unitNamed, unitByCode, createItem, report, addDays,
  NOW, PERIOD, LIXIA_FGJ, SHIZHONG_FGJ,
} from './fixtures/chain-helpers.mjs';

describe('workbench', () => {
  let srv; let office; let filler; let unitLeader; let countyFiller;
  let cycle; let lixia; let shizhong;
  let soon; let later; let overdue; let cancelled; let other;
  before(async () => {
    srv = await startChainServer();
    [office, filler, unitLeader, countyFiller] = await Promise.all(
      ['office', 'filler', 'unit_leader', 'county_filler'].map((u) => loginAs(srv.url, u)),
    );
    cycle = await createCycle(office, { phase: 'running' });
    lixia = await unitNamed(office, LIXIA_FGJ);
    shizhong = await unitNamed(office, SHIZHONG_FGJ);
    const mk = (unit, title, due) => createItem(office, cycle.id, unit.id, { title, start_date: '2026-01-01', due_date: due });
    soon = await mk(lixia, '五天后到期', addDays(NOW, 5));
    later = await mk(lixia, '年中到期', '2026-06-30');
    overdue = await mk(lixia, '已经逾期', addDays(NOW, -6));
    cancelled = await mk(lixia, '已取消的事项', addDays(NOW, 3));
    other = await mk(shizhong, '市中区五天后到期', addDays(NOW, 5));
    const c = await office.patch(`${API}/items/${cancelled.id}`, { state: 'cancelled' });
    assert.equal(c.status, 200, show(c));
  });
  after(async () => { await srv?.stop(); });

  async function bench(c) {
    const r = await c.get(`${API}/workbench`);
    assert.equal(r.status, 200, show(r));
    for (const k of ['due_soon', 'to_report', 'to_review', 'to_adopt']) {
      assert.ok(Array.isArray(r.body[k]), `${k} is a list: ${show(r)}`);
      assert.ok(r.body[k].length <= 20, `${k} holds at most 20`);
      assert.equal(typeof r.body.counts?.[k], 'number', `counts.${k}: ${show(r)}`);
      assert.ok(r.body.counts[k] >= r.body[k].length, `counts.${k} counts at least what is listed`);
    }
    return r.body;
  }
  const ids = (xs) => xs.map((x) => x.id);

  it('the period is the current month of the server\'s clock', async () => {
    assert.equal((await bench(filler)).period, PERIOD);
  });

  it('due_soon: active items of my unit due within 14 days or overdue, soonest first', async () => {
    const wb = await bench(filler);
    const due = ids(wb.due_soon);
    assert.ok(due.includes(soon.id), `an item due in 5 days is due soon: ${JSON.stringify(wb.due_soon.map((i) => i.title))}`);
    assert.ok(due.includes(overdue.id), 'an overdue item is listed');
    assert.ok(!due.includes(later.id), 'an item due in June is not');
    assert.ok(!due.includes(cancelled.id), 'a cancelled item is not');
    assert.ok(!due.includes(other.id), 'another county\'s item is not');
    assert.ok(due.indexOf(overdue.id) < due.indexOf(soon.id), 'soonest first');
    const dates = wb.due_soon.map((i) => i.due_date);
    assert.deepEqual(dates, [...dates].sort(), 'ordered by due date');
    const cf = await bench(countyFiller);
    assert.ok(ids(cf.due_soon).includes(other.id));
    assert.ok(!ids(cf.due_soon).includes(soon.id));
  });

  it('to_report holds my item until a report for this period is submitted', async () => {
    const item = await createItem(office, cycle.id, lixia.id, { title: '本期待填报', start_date: '2026-01-01', due_date: '2026-12-31' });
    assert.ok(ids((await bench(filler)).to_report).includes(item.id), 'listed before reporting');
    assert.ok(!ids((await bench(countyFiller)).to_report).includes(item.id), 'not another county\'s');
    const rep = await report(filler, item.id, { period: PERIOD, progress: 20 });
    assert.ok(ids((await bench(filler)).to_report).includes(item.id), 'a draft is not a report yet');
    const s = await filler.post(`${API}/reports/${rep.id}/submit`);
    assert.equal(s.status, 200, show(s));
    assert.ok(!ids((await bench(filler)).to_report).includes(item.id), 'gone once submitted');
  });

  it('a report for another period does not take the item off to_report', async () => {
    const item = await createItem(office, cycle.id, lixia.id, { title: '上期已填报', start_date: '2026-01-01', due_date: '2026-12-31' });
    await report(filler, item.id, { period: '2026-02', progress: 10, state: 'submitted' });
    assert.ok(ids((await bench(filler)).to_report).includes(item.id));
  });

  it('to_review: the unit leader sees the submitted report with item title and unit name', async () => {
    const item = await createItem(office, cycle.id, lixia.id, { title: '待负责人审核', start_date: '2026-01-01', due_date: '2026-12-31' });
    const rep = await report(filler, item.id, { period: PERIOD, progress: 40, state: 'submitted' });
    const wb = await bench(unitLeader);
    const row = wb.to_review.find((x) => x.id === rep.id);
    assert.ok(row, `the report waits for review: ${JSON.stringify(wb.to_review)}`);
    assert.equal(row.item_title, '待负责人审核');
    assert.equal(row.unit_name, LIXIA_FGJ);
    assert.equal(row.state, 'submitted');
    assert.ok(wb.counts.to_review >= 1);
    assert.ok(!(await bench(filler)).to_review.some((x) => x.id === rep.id), 'a filler reviews nothing');
    await unitLeader.post(`${API}/reports/${rep.id}/approve`);
    assert.ok(!(await bench(unitLeader)).to_review.some((x) => x.id === rep.id), 'gone once approved');
  });

  it('to_adopt holds children not yet adopted; they are not to be reported until adopted', async () => {
    const county = await unitByCode(office, '370102');
    const parent = await createItem(office, cycle.id, county.id, { title: '区里分解下来', start_date: '2026-01-01', due_date: '2026-12-31' });
    const d = await office.post(`${API}/items/${parent.id}/decompose`, { unit_ids: [lixia.id] });
    assert.equal(d.status, 201, show(d));
    const child = d.body.items[0];
    let wb = await bench(filler);
    assert.ok(ids(wb.to_adopt).includes(child.id), 'waits for adoption');
    assert.ok(!ids(wb.to_report).includes(child.id), 'not to be reported before adoption');
    const a = await filler.post(`${API}/items/${child.id}/adopt`, { responsible_person: '周涛' });
    assert.equal(a.status, 200, show(a));
    wb = await bench(filler);
    assert.ok(!ids(wb.to_adopt).includes(child.id));
    assert.ok(ids(wb.to_report).includes(child.id), 'adopted: now to be reported');
  });
});
