// The supervision dashboard (督查看板): every count it shows must equal a direct count of the
// items' lights through GET /items for the same unit (and sector); changes show at once, without
// waiting for the daily job; the longest-overdue list is sorted; the trend gains a row per job day;
// and the drill-down province → city → county → organ → items follows the rows' unit ids.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  API, loginAs, show, qs, expectList, startSupServer, runningCycle, unitNamed, unitByCode, itemDue, getItem,
  countItems, runJobs, daysBetween, LIXIA_FGJ, SHIZHONG_FGJ, HUAIYIN_FGJ, TIANQIAO_FGJ, JINAN_FGW, PROVINCE_FGW,
} from './sup-helpers.mjs';
import { expectError } from './_helpers.mjs';
import { report } from './fixtures/chain-helpers.mjs';

const TODAY = '2026-09-28';
const LIGHTS = ['green', 'yellow', 'red'];

describe('dashboard (督查看板)', () => {
  let srv; let office; let leader; let supervisor; let filler; let unitLeader; let countyFiller;
  let cycle; let province; let jinan; let lixiaRegion; let u = {};
  before(async () => {
    srv = await startSupServer({ day: TODAY });
    [office, leader, supervisor, filler, unitLeader, countyFiller] = await Promise.all(
      ['office', 'leader', 'supervisor', 'filler', 'unit_leader', 'county_filler'].map((n) => loginAs(srv.url, n)),
    );
    cycle = await runningCycle(office);
    province = await unitByCode(office, '370000');
    jinan = await unitByCode(office, '370100');
    lixiaRegion = await unitByCode(office, '370102');
    for (const [k, name] of Object.entries({
      lixia: LIXIA_FGJ, shizhong: SHIZHONG_FGJ, huaiyin: HUAIYIN_FGJ, tianqiao: TIANQIAO_FGJ, jinanFgw: JINAN_FGW,
      provinceFgw: PROVINCE_FGW, jinanCz: '济南市财政局', lixiaCz: '历下区财政局',
    })) u[k] = await unitNamed(office, name);

    let n = 0;
    const mk = (unit, due, over = {}) => { n += 1; return itemDue(office, cycle.id, unit.id, due, { title: `看板事项${n}`, ...over }); };
    // 历下区发改局: 2 red, 1 yellow, 1 green
    u.lixiaRed1 = await mk(u.lixia, '2026-09-20');
    await mk(u.lixia, '2026-09-23');
    await mk(u.lixia, '2026-09-30');
    await mk(u.lixia, '2026-12-31');
    // 市中区发改局: 1 red, 2 green
    await mk(u.shizhong, '2026-09-25');
    await mk(u.shizhong, '2026-12-31');
    await mk(u.shizhong, '2026-11-30');
    // 槐荫区发改局: 1 yellow only
    await mk(u.huaiyin, '2026-09-29');
    // 济南市发改委: 1 red (18 days), 1 done
    await mk(u.jinanFgw, '2026-09-10');
    const done = await mk(u.jinanFgw, '2026-12-31');
    assert.equal((await office.patch(`${API}/items/${done.id}`, { state: 'done' })).status, 200);
    // another sector: 财政
    await mk(u.jinanCz, '2026-09-18');
    await mk(u.jinanCz, '2026-12-31');
    await mk(u.lixiaCz, '2026-09-30');
    // the province's own organ: the longest overdue of all (28 days)
    await mk(u.provinceFgw, '2026-08-31');
    // 天桥区发改局, for the on-time rate: done on time, done late, two red, one cancelled
    const onTime = await mk(u.tianqiao, '2026-12-31');
    const late = await mk(u.tianqiao, '2026-09-20');
    await mk(u.tianqiao, '2026-09-21');
    await mk(u.tianqiao, '2026-09-24');
    const gone = await mk(u.tianqiao, '2026-09-22');
    for (const [it, state] of [[onTime, 'done'], [late, 'done'], [gone, 'cancelled']]) {
      const r = await office.patch(`${API}/items/${it.id}`, { state });
      assert.equal(r.status, 200, show(r));
    }
    // more red items across 济南 so the longest-overdue list must cut at ten
    for (let k = 1; k <= 8; k += 1) await mk(k % 2 ? u.shizhong : u.huaiyin, `2026-09-0${k}`);
  });
  after(async () => { await srv?.stop(); });

  async function dash(c, params = {}) {
    const r = await c.get(`${API}/dashboard${qs({ cycle_id: cycle.id, ...params })}`);
    assert.equal(r.status, 200, `dashboard ${JSON.stringify(params)}: ${show(r)}`);
    return r.body;
  }

  /* The counts GET /items gives for a unit's subtree (and a sector). */
  async function direct(c, filters) {
    const f = { cycle_id: cycle.id, ...filters };
    const [green, yellow, red, done, all, cancelled] = await Promise.all([
      countItems(c, { ...f, light: 'green' }), countItems(c, { ...f, light: 'yellow' }), countItems(c, { ...f, light: 'red' }),
      countItems(c, { ...f, state: 'done' }), countItems(c, f), countItems(c, { ...f, state: 'cancelled' }),
    ]);
    return { green, yellow, red, done, total: all - cancelled };
  }

  function sameCounts(row, want, what, fields = ['green', 'yellow', 'red', 'done', 'total']) {
    for (const k of fields) assert.equal(row[k], want[k], `${what}: ${k} is ${row[k]}, the items say ${want[k]}`);
  }

  it('the city\'s totals, children and sectors equal a direct count of the items\' lights', async () => {
    const d = await dash(office, { unit_id: jinan.id });
    assert.equal(d.unit.id, jinan.id);
    assert.equal(d.unit.name, '济南市');
    assert.equal(d.unit.level, 'city');
    assert.equal(d.unit.kind, 'region');
    assert.equal(d.as_of, TODAY);

    const want = await direct(office, { unit_id: jinan.id });
    assert.ok(want.red >= 10 && want.yellow >= 3 && want.done >= 1, `the fixture: ${JSON.stringify(want)}`);
    sameCounts(d.totals, want, '济南市 totals');
    assert.equal(d.totals.green + d.totals.yellow + d.totals.red, d.totals.total, 'every counted item has one light');

    // children: the direct child units; each row agrees with the items below it
    const kids = expectList(await office.get(`${API}/units${qs({ parent: jinan.id, size: 1000 })}`));
    const kidIds = new Set(kids.map((k) => k.id));
    for (const row of d.children) assert.ok(kidIds.has(row.unit_id), `${row.name} is a direct child of 济南市`);
    for (const k of kids) {
      const w = await direct(office, { unit_id: k.id });
      const row = d.children.find((r) => r.unit_id === k.id);
      if (w.total === 0) {
        assert.ok(!row || row.total === 0, `${k.name} has no items: ${JSON.stringify(row)}`);
        continue;
      }
      assert.ok(row, `${k.name} has ${w.total} items but no row`);
      assert.equal(row.name, k.name);
      assert.equal(row.kind, k.kind);
      sameCounts(row, w, `child ${k.name}`);
    }
    // the counties and the city's organs add up to the city
    const sum = (f) => d.children.reduce((s, r) => s + r[f], 0);
    for (const f of ['green', 'yellow', 'red', 'total']) assert.equal(sum(f), d.totals[f], `children add up: ${f}`);

    // sectors
    const sectors = d.sectors.map((s) => s.sector);
    assert.ok(sectors.includes('发改') && sectors.includes('财政'), `sectors: ${sectors}`);
    for (const s of d.sectors) sameCounts(s, await direct(office, { unit_id: jinan.id, sector: s.sector }), `sector ${s.sector}`, ['green', 'yellow', 'red', 'total']);
  });

  it('the matrix of child units × sectors holds the same counts', async () => {
    const d = await dash(office, { unit_id: jinan.id });
    const { rows, cols, red, yellow, total } = d.matrix;
    assert.ok(Array.isArray(rows) && Array.isArray(cols), JSON.stringify(d.matrix).slice(0, 300));
    assert.equal(red.length, rows.length);
    assert.equal(total.length, rows.length);
    assert.ok(red.every((r) => r.length === cols.length) && yellow.every((r) => r.length === cols.length));
    const check = async (unitName, sector) => {
      const i = rows.indexOf(unitName);
      const j = cols.indexOf(sector);
      assert.ok(i >= 0 && j >= 0, `matrix has ${unitName} × ${sector}: rows ${rows}, cols ${cols}`);
      const unit = d.children.find((r) => r.name === unitName);
      const w = await direct(office, { unit_id: unit.unit_id, sector });
      assert.equal(red[i][j], w.red, `${unitName} × ${sector} red`);
      assert.equal(yellow[i][j], w.yellow, `${unitName} × ${sector} yellow`);
      assert.equal(total[i][j], w.total, `${unitName} × ${sector} total`);
    };
    await check('历下区', '发改');
    await check('历下区', '财政');
    await check('天桥区', '发改');
    await check('济南市财政局', '财政');
    await check('济南市发展和改革委员会', '发改');
  });

  it('the province sees its cities; the 济南 row equals 济南\'s own dashboard', async () => {
    const d = await dash(office); // default: the office's scope root
    assert.equal(d.unit.id, province.id);
    assert.equal(d.unit.level, 'province');
    sameCounts(d.totals, await direct(office, { unit_id: province.id }), '山东省 totals');
    const cities = d.children.filter((r) => r.kind === 'region');
    assert.ok(cities.length <= 16);
    const row = d.children.find((r) => r.unit_id === jinan.id);
    assert.ok(row, 'a row for 济南市');
    const city = await dash(office, { unit_id: jinan.id });
    sameCounts(row, city.totals, '济南 row');
    const fgw = d.children.find((r) => r.unit_id === u.provinceFgw.id);
    assert.ok(fgw && fgw.red === 1, `the province organ\'s own red item: ${JSON.stringify(fgw)}`);
    // the leader reads the same
    sameCounts((await dash(leader)).totals, d.totals, 'the leader\'s view');
  });

  it('on-time rate = done on or before due / (done + red); overdue days', async () => {
    const t = (await dash(office, { unit_id: u.tianqiao.id })).totals;
    assert.equal(t.total, 4, 'the cancelled item is not counted');
    assert.equal(t.done, 2);
    assert.equal(t.red, 2);
    assert.equal(t.on_time_rate, 0.25, 'one of four on time');
    // red items overdue 7 and 4 days (the figure may be their sum or the longest)
    assert.ok([7, 11].includes(t.overdue_days), `overdue_days ${t.overdue_days}`);
    const l = (await dash(office, { unit_id: u.lixia.id })).totals;
    assert.equal(l.on_time_rate, 0, 'nothing done, two red');
    const h = await dash(office, { unit_id: u.huaiyin.id });
    const hy = await direct(office, { unit_id: u.huaiyin.id });
    sameCounts(h.totals, hy, '槐荫区发改局');
    const lc = (await dash(office, { unit_id: u.lixiaCz.id })).totals;
    assert.equal(lc.on_time_rate, null, 'nothing done and nothing red: no rate');
    assert.equal(lc.overdue_days, 0);
    const row = (await dash(office, { unit_id: jinan.id })).children.find((r) => r.unit_id === (u.tianqiao.parent_id));
    assert.equal(row.on_time_rate, 0.25, '天桥区 has only these');
  });

  it('longest_overdue: ten red items, longest first, with their overdue days', async () => {
    const d = await dash(office, { unit_id: jinan.id });
    const lo = d.longest_overdue;
    assert.equal(lo.length, 10, `cut at ten (济南 has ${d.totals.red} red)`);
    for (const it of lo) {
      assert.equal(it.light, 'red', JSON.stringify(it).slice(0, 200));
      assert.equal(it.overdue_days, daysBetween(it.due_date, TODAY), `${it.title} overdue days`);
      assert.equal(typeof it.unit_name, 'string');
    }
    for (let k = 1; k < lo.length; k += 1) assert.ok(lo[k].overdue_days <= lo[k - 1].overdue_days, `sorted: ${lo.map((x) => x.overdue_days)}`);
    assert.equal(lo[0].due_date, '2026-09-01');
    assert.equal(lo[0].overdue_days, 27);
    const p = await dash(office);
    assert.equal(p.longest_overdue[0].unit_id, u.provinceFgw.id, 'the province organ\'s item is the oldest');
    assert.equal(p.longest_overdue[0].overdue_days, 28);
  });

  it('drill-down: province → 济南市 → 历下区 → 历下区发改局 → its red items', async () => {
    const p = await dash(leader);
    const cityRow = p.children.find((r) => r.name === '济南市');
    const city = await dash(leader, { unit_id: cityRow.unit_id });
    const countyRow = city.children.find((r) => r.name === '历下区');
    assert.ok(countyRow, '历下区 is a row of 济南市');
    const county = await dash(leader, { unit_id: countyRow.unit_id });
    assert.equal(county.unit.level, 'county');
    const organRow = county.children.find((r) => r.name === LIXIA_FGJ);
    assert.ok(organRow, `${LIXIA_FGJ} is a row of 历下区`);
    assert.equal(organRow.red, 2);
    const organ = await dash(leader, { unit_id: organRow.unit_id });
    assert.equal(organ.unit.kind, 'organ');
    const items = expectList(await leader.get(`${API}/items${qs({ cycle_id: cycle.id, unit_id: organRow.unit_id, light: 'red' })}`));
    assert.equal(items.length, organRow.red, 'the number clicked is the list behind it');
    assert.ok(items.every((i) => i.light === 'red' && i.unit_id === u.lixia.id));
  });

  it('each role sees its own scope: defaults and refusals', async () => {
    assert.equal((await dash(supervisor)).unit.id, jinan.id, 'the supervisor\'s root is 济南市');
    assert.equal((await dash(filler)).unit.id, u.lixia.id);
    assert.equal((await dash(unitLeader)).unit.id, u.lixia.id);
    sameCounts((await dash(filler)).totals, await direct(office, { unit_id: u.lixia.id }), 'the filler\'s organ');
    expectError(await supervisor.get(`${API}/dashboard${qs({ cycle_id: cycle.id, unit_id: province.id })}`), [403, 404]);
    expectError(await countyFiller.get(`${API}/dashboard${qs({ cycle_id: cycle.id, unit_id: lixiaRegion.id })}`), [403, 404]);
    expectError(await filler.get(`${API}/dashboard${qs({ cycle_id: cycle.id, unit_id: jinan.id })}`), [403, 404]);
  });

  it('counts change at once when an item is done, a report approved or an item created (no job run)', async () => {
    const before1 = (await dash(office, { unit_id: u.lixia.id })).totals;
    const city1 = (await dash(office, { unit_id: jinan.id })).totals;
    const r = await office.patch(`${API}/items/${u.lixiaRed1.id}`, { state: 'done' });
    assert.equal(r.status, 200, show(r));
    const after1 = (await dash(office, { unit_id: u.lixia.id })).totals;
    assert.equal(after1.red, before1.red - 1, 'one red less');
    assert.equal(after1.done, before1.done + 1, 'one more done');
    assert.equal(after1.green, before1.green + 1, 'done is green');
    assert.equal(after1.total, before1.total);
    const city2 = (await dash(office, { unit_id: jinan.id })).totals;
    assert.equal(city2.red, city1.red - 1, 'and at every level above');
    assert.equal(city2.done, city1.done + 1);
    sameCounts(city2, await direct(office, { unit_id: jinan.id }), '济南 after the change');

    // a behind-schedule item: approving progress turns yellow into green
    const behind = await itemDue(office, cycle.id, u.lixia.id, '2026-12-31', { start_date: '2026-01-01', title: '看板进度落后' });
    assert.equal(behind.light, 'yellow');
    const mid = (await dash(office, { unit_id: u.lixia.id })).totals;
    assert.equal(mid.total, after1.total + 1, 'a new item counts at once');
    assert.equal(mid.yellow, after1.yellow + 1);
    await report(filler, behind.id, { period: '2026-09', progress: 80, state: 'approved', reviewer: unitLeader });
    assert.equal((await getItem(office, behind.id)).light, 'green');
    const last = (await dash(office, { unit_id: u.lixia.id })).totals;
    assert.equal(last.yellow, mid.yellow - 1);
    assert.equal(last.green, mid.green + 1);
    sameCounts(last, await direct(office, { unit_id: u.lixia.id }), '历下区发改局 after approval');

    // a decomposition adds the children at every level
    const top = await itemDue(office, cycle.id, province.id, '2026-12-31', { title: '看板分解' });
    const p1 = (await dash(office)).totals;
    const dec = await office.post(`${API}/items/${top.id}/decompose`, { unit_ids: [u.lixia.id, u.shizhong.id] });
    assert.equal(dec.status, 201, show(dec));
    const p2 = (await dash(office)).totals;
    assert.equal(p2.total, p1.total + 2);
    sameCounts(p2, await direct(office, { unit_id: province.id }), '山东省 after decomposition');
  });

  // last: the job for a later day recomputes every light for that day
  it('the trend gains one row per job day, equal to the counts that day', async () => {
    // asked twice, the board is the same (the second is the kept answer); the job, another
    // process, must still show at once
    const d0 = await dash(office, { unit_id: jinan.id });
    assert.deepEqual(await dash(office, { unit_id: jinan.id }), d0);
    assert.equal(d0.trend.filter((t) => t.day === TODAY).length, 0, 'no trend row before the job');
    await runJobs(srv.db, TODAY);
    await runJobs(srv.db, TODAY);
    const d = await dash(office, { unit_id: jinan.id });
    const rows = d.trend.filter((t) => t.day === TODAY);
    assert.equal(rows.length, 1, `one row for ${TODAY} though the job ran twice: ${JSON.stringify(d.trend)}`);
    for (const l of LIGHTS) assert.equal(rows[0][l], d.totals[l], `trend ${l} on ${TODAY}`);
    const c = await dash(office, { unit_id: lixiaRegion.id });
    const crow = c.trend.find((t) => t.day === TODAY);
    assert.ok(crow, `the county has its trend: ${JSON.stringify(c.trend)}`);
    for (const l of LIGHTS) assert.equal(crow[l], c.totals[l], `county trend ${l}`);

    await runJobs(srv.db, '2026-09-29');
    const d2 = await dash(office, { unit_id: jinan.id });
    assert.deepEqual(d2.trend.map((t) => t.day), [TODAY, '2026-09-29'], 'oldest first, one per day');
    // on 09-29 the 09-29 item is due today (yellow) and the 09-28 ones are red: the counts moved
    assert.ok(d2.trend[1].red >= d2.trend[0].red);
  });
});
