// Peer groups (考核类别) with their quotas, and the cycle's assessment settings: a unit is ranked
// in one group a year (a second group answers 409 and changes nothing), groups are per cycle,
// and only the office sets them up.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { API, loginAs, show, expectError, expectStatus } from './_helpers.mjs';
import { startSupServer, createCycle, unitNamed, addGroup, addMembers } from './fixtures/assess-helpers.mjs';

describe('peer groups (考核类别) and settings', () => {
  let srv; let office; let leader; let filler; let reviewer; let cycle; let other; let u;
  before(async () => {
    srv = await startSupServer({ day: '2026-03-16' });
    [office, leader, filler, reviewer] = await Promise.all(['office', 'leader', 'filler', 'reviewer'].map((n) => loginAs(srv.url, n)));
    cycle = await createCycle(office, { theme: '考核类别测试' });
    other = await createCycle(office, { theme: '考核类别测试（另一年度）' });
    u = {};
    for (const [k, name] of [['jinan', '济南市发展和改革委员会'], ['qingdao', '青岛市发展和改革委员会'],
      ['zibo', '淄博市发展和改革委员会'], ['huaiyin', '槐荫区发展和改革局']]) u[k] = await unitNamed(office, name);
  });
  after(async () => { await srv?.stop(); });

  const groups = async (c, cycleId = cycle.id) => {
    const r = await c.get(`${API}/cycles/${cycleId}/groups`);
    assert.equal(r.status, 200, show(r));
    assert.ok(Array.isArray(r.body.items), show(r));
    return r.body.items;
  };
  const memberIds = (g) => g.members.map((m) => m.unit_id).sort((a, b) => a - b);

  let city; let county;
  it('a group gets the default quota: 20% 优秀, 90 / 80 / 60', async () => {
    city = await addGroup(office, cycle.id, { name: '市级发改部门' });
    assert.equal(city.cycle_id, cycle.id);
    assert.equal(city.name, '市级发改部门');
    assert.equal(city.excellent_share, 0.2);
    assert.equal(city.excellent_min, 90);
    assert.equal(city.good_min, 80);
    assert.equal(city.fair_min, 60);
    assert.equal(city.member_count, 0);
    assert.deepEqual(city.members, []);
  });

  it('quotas given are kept, and PATCH changes them', async () => {
    county = await addGroup(office, cycle.id, { name: '县级发改部门', excellent_share: 0.3, excellent_min: 92, good_min: 85, fair_min: 70 });
    assert.equal(county.excellent_share, 0.3);
    assert.equal(county.excellent_min, 92);
    assert.equal(county.good_min, 85);
    assert.equal(county.fair_min, 70);
    const r = await office.patch(`${API}/groups/${county.id}`, { excellent_share: 0.25, good_min: 82 });
    assert.equal(r.status, 200, show(r));
    assert.equal(r.body.excellent_share, 0.25);
    assert.equal(r.body.good_min, 82);
    assert.equal(r.body.excellent_min, 92, 'what was not sent stays');
    const g = (await groups(office)).find((x) => x.id === county.id);
    assert.equal(g.excellent_share, 0.25);
    assert.equal(g.good_min, 82);
  });

  it('members are added and listed with their names', async () => {
    await addMembers(office, city.id, [u.jinan.id, u.qingdao.id]);
    const g = (await groups(office)).find((x) => x.id === city.id);
    assert.equal(g.member_count, 2);
    assert.deepEqual(memberIds(g), [u.jinan.id, u.qingdao.id].sort((a, b) => a - b));
    assert.ok(g.members.some((m) => m.name === '济南市发展和改革委员会'), JSON.stringify(g.members));
  });

  it('a unit already in a group of the cycle → 409 field unit_ids, and nothing of the request is added', async () => {
    const r = await office.post(`${API}/groups/${county.id}/members`, { unit_ids: [u.zibo.id, u.jinan.id] });
    expectError(r, 409, 'conflict', 'unit_ids');
    const all = await groups(office);
    assert.deepEqual(memberIds(all.find((x) => x.id === county.id)), [], '淄博 was not added either');
    assert.deepEqual(memberIds(all.find((x) => x.id === city.id)), [u.jinan.id, u.qingdao.id].sort((a, b) => a - b));
    // the conflicting unit alone, too
    const again = await office.post(`${API}/groups/${county.id}/members`, { unit_ids: [u.qingdao.id] });
    expectError(again, 409, 'conflict', 'unit_ids');
  });

  it('another cycle may group the same unit again', async () => {
    const g = await addGroup(office, other.id, { name: '市级发改部门' });
    await addMembers(office, g.id, [u.jinan.id]);
    const [only] = await groups(office, other.id);
    assert.deepEqual(memberIds(only), [u.jinan.id]);
    assert.deepEqual((await groups(office)).map((x) => x.name).sort(), ['县级发改部门', '市级发改部门'].sort(), 'groups are per cycle');
  });

  it('a removed member may join another group', async () => {
    expectStatus(await office.del(`${API}/groups/${city.id}/members/${u.qingdao.id}`), [200, 204]);
    await addMembers(office, county.id, [u.qingdao.id, u.huaiyin.id]);
    const all = await groups(office);
    assert.deepEqual(memberIds(all.find((x) => x.id === city.id)), [u.jinan.id]);
    assert.equal(all.find((x) => x.id === county.id).member_count, 2);
  });

  it('only the office sets up groups; every business role reads them', async () => {
    for (const c of [leader, filler, reviewer]) {
      expectStatus(await c.post(`${API}/cycles/${cycle.id}/groups`, { name: '越权类别' }), 403);
      expectStatus(await c.patch(`${API}/groups/${city.id}`, { excellent_share: 1 }), 403);
      expectStatus(await c.post(`${API}/groups/${city.id}/members`, { unit_ids: [u.zibo.id] }), 403);
      expectStatus(await c.del(`${API}/groups/${city.id}/members/${u.jinan.id}`), 403);
    }
    const names = (await groups(leader)).map((g) => g.name);
    assert.ok(names.includes('市级发改部门') && !names.includes('越权类别'), JSON.stringify(names));
    const g = (await groups(office)).find((x) => x.id === city.id);
    assert.equal(g.excellent_share, 0.2);
    assert.deepEqual(memberIds(g), [u.jinan.id]);
  });

  it('assessment settings: PUT by the office answers them and GET gives them back', async () => {
    const want = { demo_total: 150, bonus_cap: 4.5, publicity_workdays: 7 };
    const r = await office.request('PUT', `${API}/cycles/${cycle.id}/assessment-settings`, want);
    assert.equal(r.status, 200, show(r));
    for (const [k, v] of Object.entries(want)) assert.equal(r.body[k], v, k);
    const g = await office.get(`${API}/cycles/${cycle.id}/assessment-settings`);
    assert.equal(g.status, 200, show(g));
    for (const [k, v] of Object.entries(want)) assert.equal(g.body[k], v, k);
    // the other cycle keeps its own
    const o = await office.get(`${API}/cycles/${other.id}/assessment-settings`);
    assert.equal(o.status, 200, show(o));
    assert.notEqual(o.body.demo_total, 150);
    expectStatus(await leader.request('PUT', `${API}/cycles/${cycle.id}/assessment-settings`, { demo_total: 1 }), 403);
    assert.equal((await office.get(`${API}/cycles/${cycle.id}/assessment-settings`)).body.demo_total, 150);
  });
});
