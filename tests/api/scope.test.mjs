// Scope: a user sees only the subtrees of their grants. `filler` holds the organ
// 历下区发展和改革局; `county_filler` holds the county 市中区 (370103).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import {
  API, loginAs, expectError, expectList, expectStatus, show, qs, unitByCode, childNamed,
} from './_helpers.mjs';

describe('scope', () => {
  let srv; let office; let filler; let countyFiller;
  let jinan; let lixia; let shizhong; let lixiaFgj; let shizhongOrgan;
  before(async () => {
    srv = await startServer();
    office = await loginAs(srv.url, 'office');
    filler = await loginAs(srv.url, 'filler');
    countyFiller = await loginAs(srv.url, 'county_filler');
    jinan = await unitByCode(office, '370100');
    lixia = await unitByCode(office, '370102');
    shizhong = await unitByCode(office, '370103');
    lixiaFgj = await childNamed(office, lixia.id, '历下区发展和改革局');
    const kids = expectList(await office.get(`${API}/units${qs({ parent: shizhong.id, size: 1000 })}`));
    shizhongOrgan = kids.find((k) => k.kind === 'organ');
    assert.ok(shizhongOrgan, '市中区 has organs');
  });
  after(async () => { await srv?.stop(); });

  it('filler\'s roots are its own organ, 历下区发展和改革局', async () => {
    const items = expectList(await filler.get(`${API}/units`));
    assert.deepEqual(items.map((u) => u.id), [lixiaFgj.id]);
    assert.equal(items[0].name, '历下区发展和改革局');
  });

  it('filler reads its own unit', async () => {
    const r = await filler.get(`${API}/units/${lixiaFgj.id}`);
    assert.equal(r.status, 200, show(r));
    assert.equal(r.body.name, '历下区发展和改革局');
  });

  it('filler gets 404 for 市中区, for 济南市 and for another county\'s organ', async () => {
    expectError(await filler.get(`${API}/units/code/370103`), 404, 'not_found');
    expectError(await filler.get(`${API}/units/${shizhong.id}`), 404, 'not_found');
    expectError(await filler.get(`${API}/units/code/370100`), 404, 'not_found');
    expectError(await filler.get(`${API}/units/${jinan.id}`), 404, 'not_found');
    expectError(await filler.get(`${API}/units/${shizhongOrgan.id}`), 404, 'not_found');
  });

  it('filler cannot read its own organ\'s region 历下区 (above its grant)', async () => {
    expectError(await filler.get(`${API}/units/code/370102`), 404, 'not_found');
    expectError(await filler.get(`${API}/units/${lixia.id}`), 404, 'not_found');
  });

  it('filler cannot list the children of a unit outside its scope', async () => {
    const r = await filler.get(`${API}/units${qs({ parent: jinan.id, size: 1000 })}`);
    expectStatus(r, [403, 404]);
    assert.equal(r.body.items, undefined, `no data in the refusal: ${show(r)}`);
  });

  it('county_filler reads 市中区 but not 历下区', async () => {
    const own = await countyFiller.get(`${API}/units/code/370103`);
    assert.equal(own.status, 200, show(own));
    assert.equal(own.body.name, '市中区');
    expectError(await countyFiller.get(`${API}/units/code/370102`), 404, 'not_found');
    expectError(await countyFiller.get(`${API}/units/${lixia.id}`), 404, 'not_found');
    expectError(await countyFiller.get(`${API}/units/${lixiaFgj.id}`), 404, 'not_found');
    const roots = expectList(await countyFiller.get(`${API}/units`));
    assert.deepEqual(roots.map((u) => u.code), ['370103']);
  });

  it('county_filler lists the children of 市中区', async () => {
    const kids = expectList(await countyFiller.get(`${API}/units${qs({ parent: shizhong.id, size: 1000 })}`));
    assert.ok(kids.some((k) => k.id === shizhongOrgan.id), 'sees the organs of its county');
  });

  it('search never returns units outside the filler\'s scope', async () => {
    const r = await filler.get(`${API}/units${qs({ q: '历下', size: 200 })}`);
    const items = expectList(r);
    assert.ok(items.some((u) => u.id === lixiaFgj.id), 'finds its own organ');
    assert.ok(!items.some((u) => u.code === '370102'), '历下区 itself is above the grant');
    for (const u of items) {
      assert.ok(u.id === lixiaFgj.id || u.path_names.includes('历下区发展和改革局'),
        `${u.name} (${u.path_names}) is outside 历下区发展和改革局`);
    }
    assert.equal(r.body.total, items.length);

    const other = await filler.get(`${API}/units${qs({ q: '市中', size: 200 })}`);
    assert.deepEqual(expectList(other), [], '市中区 units are invisible');
    assert.equal(other.body.total, 0, 'and not even counted');
    const fgw = await filler.get(`${API}/units${qs({ q: '发展和改革', size: 200 })}`);
    for (const u of expectList(fgw)) {
      assert.ok(u.id === lixiaFgj.id || u.path_names.includes('历下区发展和改革局'), `${u.name} out of scope`);
    }
  });

  it('search never returns units outside the county_filler\'s scope', async () => {
    const r = await countyFiller.get(`${API}/units${qs({ q: '历下', size: 200 })}`);
    assert.deepEqual(expectList(r), []);
    assert.equal(r.body.total, 0);
    const fgw = await countyFiller.get(`${API}/units${qs({ q: '发展和改革', size: 200 })}`);
    for (const u of expectList(fgw)) {
      assert.ok(u.path_names.startsWith('山东省 / 济南市 / 市中区'), `${u.name} (${u.path_names}) out of scope`);
    }
  });

  it('the supervisor (济南市) sees the 济南 subtree but not 青岛市', async () => {
    const sup = await loginAs(srv.url, 'supervisor');
    assert.equal((await sup.get(`${API}/units/code/370102`)).status, 200);
    expectError(await sup.get(`${API}/units/code/370200`), 404, 'not_found');
    expectError(await sup.get(`${API}/units/code/370000`), 404, 'not_found');
  });

  it('a grant narrowed to a sector sees only that sector\'s organs in its subtree', async () => {
    const sys = await loginAs(srv.url, 'sysadmin');
    const sec = await loginAs(srv.url, 'secadmin');
    const username = `sector${process.pid % 10000}`;
    const password = 'Baotu#Spring2026';
    const u = await sys.post(`${API}/users`, { username, display_name: '发改督查', unit_id: jinan.id, password });
    assert.equal(u.status, 201, show(u));
    const g = await sec.post(`${API}/users/${u.body.id}/grants`, { role: 'supervisor', unit_id: jinan.id, sector: '发改' });
    assert.equal(g.status, 201, show(g));
    const c = await loginAs(srv.url, username, password);

    const fgw = await childNamed(office, jinan.id, '济南市发展和改革委员会');
    const czj = await childNamed(office, jinan.id, '济南市财政局');
    assert.equal((await c.get(`${API}/units/${fgw.id}`)).status, 200, 'sees the 发改 organ');
    expectError(await c.get(`${API}/units/${czj.id}`), 404, 'not_found');
    const found = expectList(await c.get(`${API}/units${qs({ q: '财政', size: 200 })}`));
    assert.deepEqual(found.map((x) => x.name), [], 'no 财政 organ is found');
    const fg = expectList(await c.get(`${API}/units${qs({ q: '发展和改革', size: 200 })}`));
    assert.ok(fg.some((x) => x.id === fgw.id), 'finds the 发改 organ');
    for (const x of fg) {
      assert.equal(x.sector, '发改', `${x.name} is of sector 发改`);
      assert.ok(x.path_names.startsWith('山东省 / 济南市'), `${x.name} is in 济南市`);
    }
  });
});
