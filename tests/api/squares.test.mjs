// Squares (联建方阵): cross-level groups of units with a lead unit.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import {
  API, loginAs, expectError, expectList, show, qs, unitByCode, childNamed, unique,
} from './_helpers.mjs';

describe('squares', () => {
  let srv; let office; let provinceFgw; let jinanFgw; let lixiaFgj;
  before(async () => {
    srv = await startServer();
    office = await loginAs(srv.url, 'office');
    const province = await unitByCode(office, '370000');
    const jinan = await unitByCode(office, '370100');
    const lixia = await unitByCode(office, '370102');
    provinceFgw = await childNamed(office, province.id, '山东省发展和改革委员会');
    jinanFgw = await childNamed(office, jinan.id, '济南市发展和改革委员会');
    lixiaFgj = await childNamed(office, lixia.id, '历下区发展和改革局');
  });
  after(async () => { await srv?.stop(); });

  async function createSquare(name = unique('投资方阵')) {
    const r = await office.post(`${API}/squares`, { name, description: '省市县发改系统投资处室', lead_unit_id: provinceFgw.id });
    assert.equal(r.status, 201, show(r));
    return r.body;
  }

  it('office creates a square with a lead unit (201)', async () => {
    const name = unique('投资方阵');
    const r = await office.post(`${API}/squares`, { name, description: '投资项目联建', lead_unit_id: provinceFgw.id });
    assert.equal(r.status, 201, show(r));
    const s = r.body;
    assert.equal(typeof s.id, 'number');
    assert.equal(s.name, name);
    assert.equal(s.description, '投资项目联建');
    assert.equal(s.lead_unit_id, provinceFgw.id);
    assert.equal(s.lead_unit_name, '山东省发展和改革委员会');
    assert.equal(typeof s.member_count, 'number');
  });

  it('members are added and removed, and the detail and counts follow', async () => {
    const s = await createSquare();
    const add1 = await office.post(`${API}/squares/${s.id}/members`, { unit_id: jinanFgw.id });
    assert.equal(add1.status, 201, show(add1));
    assert.equal(add1.body.id, s.id, 'answers the square detail');
    assert.ok(add1.body.members.some((m) => m.id === jinanFgw.id && m.name === '济南市发展和改革委员会'));
    assert.equal(add1.body.member_count, s.member_count + 1);
    const add2 = await office.post(`${API}/squares/${s.id}/members`, { unit_id: lixiaFgj.id });
    assert.equal(add2.status, 201, show(add2));
    assert.equal(add2.body.member_count, s.member_count + 2);
    assert.equal(add2.body.member_count, add2.body.members.length);

    const d = await office.get(`${API}/squares/${s.id}`);
    assert.equal(d.status, 200, show(d));
    assert.equal(d.body.name, s.name);
    assert.equal(d.body.lead_unit_name, '山东省发展和改革委员会');
    const ids = d.body.members.map((m) => m.id);
    assert.ok(ids.includes(jinanFgw.id) && ids.includes(lixiaFgj.id), `members: ${ids}`);
    for (const m of d.body.members) {
      assert.equal(typeof m.kind, 'string', 'members are Units');
      assert.equal(typeof m.child_count, 'number', 'members are Units');
    }

    const rm = await office.del(`${API}/squares/${s.id}/members/${jinanFgw.id}`);
    assert.equal(rm.status, 204, show(rm));
    const after1 = await office.get(`${API}/squares/${s.id}`);
    assert.ok(!after1.body.members.some((m) => m.id === jinanFgw.id), 'removed member is gone');
    assert.ok(after1.body.members.some((m) => m.id === lixiaFgj.id), 'other member stays');
    assert.equal(after1.body.member_count, s.member_count + 1);
    expectError(await office.del(`${API}/squares/${s.id}/members/${jinanFgw.id}`), 404, 'not_found');
  });

  it('adding the same member twice answers 409 conflict', async () => {
    const s = await createSquare();
    assert.equal((await office.post(`${API}/squares/${s.id}/members`, { unit_id: jinanFgw.id })).status, 201);
    expectError(await office.post(`${API}/squares/${s.id}/members`, { unit_id: jinanFgw.id }), 409, 'conflict');
    const d = await office.get(`${API}/squares/${s.id}`);
    assert.equal(d.body.members.filter((m) => m.id === jinanFgw.id).length, 1);
  });

  it('adding an unknown unit answers 404 or 422 naming unit_id', async () => {
    const s = await createSquare();
    expectError(await office.post(`${API}/squares/${s.id}/members`, { unit_id: 987654321 }), [404, 422], null, 'unit_id');
  });

  it('unit detail shows the squares of a unit, lead or member', async () => {
    const s = await createSquare();
    assert.equal((await office.post(`${API}/squares/${s.id}/members`, { unit_id: jinanFgw.id })).status, 201);
    const member = await office.get(`${API}/units/${jinanFgw.id}`);
    const asMember = member.body.squares.find((q) => q.id === s.id);
    assert.ok(asMember, `member unit lists the square: ${JSON.stringify(member.body.squares)}`);
    assert.equal(asMember.name, s.name);
    assert.equal(asMember.is_lead, false);
    const lead = await office.get(`${API}/units/${provinceFgw.id}`);
    const asLead = lead.body.squares.find((q) => q.id === s.id);
    assert.ok(asLead, `lead unit lists the square: ${JSON.stringify(lead.body.squares)}`);
    assert.equal(asLead.name, s.name);
    assert.equal(asLead.is_lead, true);
  });

  it('list and search squares', async () => {
    const name = unique('乡村振兴方阵');
    const s = await office.post(`${API}/squares`, { name, lead_unit_id: provinceFgw.id });
    assert.equal(s.status, 201, show(s));
    const all = expectList(await office.get(`${API}/squares`));
    assert.ok(all.some((x) => x.id === s.body.id), 'listed');
    const found = expectList(await office.get(`${API}/squares${qs({ q: '乡村振兴' })}`));
    assert.ok(found.some((x) => x.id === s.body.id), 'found by q');
    for (const x of found) assert.ok(x.name.includes('乡村振兴'), `${x.name} matches`);
    const none = await office.get(`${API}/squares${qs({ q: '不存在的方阵' })}`);
    assert.deepEqual(expectList(none), []);
    assert.equal(none.body.total, 0);
  });

  it('the list is limited to squares with the lead or a member in scope', async () => {
    const s = await createSquare();
    assert.equal((await office.post(`${API}/squares/${s.id}/members`, { unit_id: lixiaFgj.id })).status, 201);
    const filler = await loginAs(srv.url, 'filler');
    const mine = expectList(await filler.get(`${API}/squares${qs({ size: 200 })}`));
    assert.ok(mine.some((x) => x.id === s.id), 'filler sees the square its organ belongs to');
    const countyFiller = await loginAs(srv.url, 'county_filler');
    const theirs = expectList(await countyFiller.get(`${API}/squares${qs({ size: 200 })}`));
    assert.ok(!theirs.some((x) => x.id === s.id), '市中区 has no unit in it, so county_filler does not see it');
  });

  it('PATCH renames a square and changes its lead', async () => {
    const s = await createSquare();
    const name = unique('改名方阵');
    const r = await office.patch(`${API}/squares/${s.id}`, { name, description: '新的说明', lead_unit_id: jinanFgw.id });
    assert.equal(r.status, 200, show(r));
    assert.equal(r.body.name, name);
    assert.equal(r.body.description, '新的说明');
    assert.equal(r.body.lead_unit_id, jinanFgw.id);
    assert.equal(r.body.lead_unit_name, '济南市发展和改革委员会');
    const d = await office.get(`${API}/squares/${s.id}`);
    assert.equal(d.body.name, name);
  });

  it('validation: missing name 422 field name; unknown lead 404/422 field lead_unit_id; duplicate name 409', async () => {
    expectError(await office.post(`${API}/squares`, { lead_unit_id: provinceFgw.id }), 422, 'validation_failed', 'name');
    expectError(await office.post(`${API}/squares`, { name: '', lead_unit_id: provinceFgw.id }), 422, 'validation_failed', 'name');
    expectError(await office.post(`${API}/squares`, { name: unique('无主方阵'), lead_unit_id: 987654321 }),
      [404, 422], null, 'lead_unit_id');
    const s = await createSquare();
    expectError(await office.post(`${API}/squares`, { name: s.name, lead_unit_id: provinceFgw.id }), 409, 'conflict');
  });

  it('DELETE removes the square (204), then it is 404', async () => {
    const s = await createSquare();
    assert.equal((await office.post(`${API}/squares/${s.id}/members`, { unit_id: jinanFgw.id })).status, 201);
    const r = await office.del(`${API}/squares/${s.id}`);
    assert.equal(r.status, 204, show(r));
    expectError(await office.get(`${API}/squares/${s.id}`), 404, 'not_found');
    const list = expectList(await office.get(`${API}/squares${qs({ size: 200 })}`));
    assert.ok(!list.some((x) => x.id === s.id));
    const unit = await office.get(`${API}/units/${jinanFgw.id}`);
    assert.ok(!unit.body.squares.some((q) => q.id === s.id), 'the unit no longer lists it');
    expectError(await office.del(`${API}/squares/${s.id}`), 404, 'not_found');
  });

  it('filler cannot create, change or delete squares (403)', async () => {
    const s = await createSquare();
    const filler = await loginAs(srv.url, 'filler');
    const own = expectList(await filler.get(`${API}/units`))[0];
    const name = unique('填报员方阵');
    expectError(await filler.post(`${API}/squares`, { name, lead_unit_id: own.id }), 403, 'forbidden');
    const list = expectList(await office.get(`${API}/squares${qs({ q: name })}`));
    assert.equal(list.length, 0, 'nothing created');
    expectError(await filler.post(`${API}/squares/${s.id}/members`, { unit_id: own.id }), [403, 404]);
    expectError(await filler.del(`${API}/squares/${s.id}`), [403, 404]);
    assert.equal((await office.get(`${API}/squares/${s.id}`)).status, 200, 'still there');
  });
});
