// Reading the unit tree as the province office: roots, children, detail, search.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import {
  API, loginAs, expectError, expectList, show, qs, unitByCode, childrenOf, childNamed,
} from './_helpers.mjs';

const SHANDONG_CITIES = {
  370100: '济南市', 370200: '青岛市', 370300: '淄博市', 370400: '枣庄市', 370500: '东营市',
  370600: '烟台市', 370700: '潍坊市', 370800: '济宁市', 370900: '泰安市', 371000: '威海市',
  371100: '日照市', 371300: '临沂市', 371400: '德州市', 371500: '聊城市', 371600: '滨州市',
  371700: '菏泽市',
};

function expectUnitShape(u) {
  assert.equal(typeof u.id, 'number', `unit id: ${JSON.stringify(u)}`);
  assert.equal(typeof u.name, 'string');
  assert.ok(['region', 'organ', 'division'].includes(u.kind), `kind ${u.kind}`);
  assert.ok(u.code === null || typeof u.code === 'string', `code ${u.code}`);
  assert.ok(u.short_name === null || typeof u.short_name === 'string', `short_name ${u.short_name}`);
  assert.ok(u.sector === null || typeof u.sector === 'string', `sector ${u.sector}`);
  assert.ok(u.level === null || ['province', 'city', 'county'].includes(u.level), `level ${u.level}`);
  assert.ok(u.parent_id === null || typeof u.parent_id === 'number', `parent_id ${u.parent_id}`);
  assert.equal(typeof u.child_count, 'number', `child_count: ${JSON.stringify(u)}`);
}

describe('units (read, as office)', () => {
  let srv; let c; let province; let jinan;
  before(async () => {
    srv = await startServer();
    c = await loginAs(srv.url, 'office');
    province = await unitByCode(c, '370000');
    jinan = await unitByCode(c, '370100');
  });
  after(async () => { await srv?.stop(); });

  it('GET /units without a session answers 401', async () => {
    expectError(await new Client(srv.url).get(`${API}/units`), 401, 'not_logged_in');
  });

  it('GET /units gives the roots of the scope: 山东省 370000 only', async () => {
    const r = await c.get(`${API}/units`);
    const items = expectList(r);
    assert.equal(items.length, 1, `one root: ${show(r)}`);
    const root = items[0];
    expectUnitShape(root);
    assert.equal(root.code, '370000');
    assert.equal(root.name, '山东省');
    assert.equal(root.kind, 'region');
    assert.equal(root.level, 'province');
    assert.equal(root.parent_id, null);
    assert.ok(root.child_count >= 16, `child_count ${root.child_count}`);
  });

  it('children of 山东省 are exactly the 16 cities (real names and codes) plus the province organs', async () => {
    const kids = await childrenOf(c, province.id);
    kids.forEach(expectUnitShape);
    const regions = kids.filter((k) => k.kind === 'region');
    const got = Object.fromEntries(regions.map((k) => [k.code, k.name]));
    const want = Object.fromEntries(Object.entries(SHANDONG_CITIES).map(([k, v]) => [String(k), v]));
    assert.deepEqual(got, want);
    for (const k of regions) {
      assert.equal(k.level, 'city', `${k.name} is a city`);
      assert.equal(k.parent_id, province.id);
    }
    const organs = kids.filter((k) => k.kind === 'organ');
    assert.ok(organs.length > 0, 'province organs are children of 山东省');
    for (const o of organs) assert.equal(o.parent_id, province.id);
    const fgw = organs.find((o) => o.name === '山东省发展和改革委员会');
    assert.ok(fgw, `山东省发展和改革委员会 among ${organs.map((o) => o.name).join(', ')}`);
    assert.equal(fgw.sector, '发改');
    assert.equal(kids.filter((k) => k.kind === 'division').length, 0, 'divisions hang under organs, not regions');
  });

  it('children come regions first, then organs; the list holds them all with a total', async () => {
    const r = await c.get(`${API}/units${qs({ parent: province.id, size: 1000 })}`);
    const kids = expectList(r);
    assert.equal(r.body.total, kids.length, 'no paging cut below 1000');
    const firstOrgan = kids.findIndex((k) => k.kind !== 'region');
    const lastRegion = kids.map((k) => k.kind).lastIndexOf('region');
    assert.ok(firstOrgan === -1 || lastRegion < firstOrgan, 'every region comes before every organ');
    assert.equal(province.child_count, kids.length, 'child_count of 山东省 matches its children');
  });

  it('children of 济南市 include 历下区 370102 and 市中区 370103, and 济南市发展和改革委员会', async () => {
    const kids = await childrenOf(c, jinan.id);
    const lixia = kids.find((k) => k.code === '370102');
    assert.ok(lixia, '历下区 is a child of 济南市');
    assert.equal(lixia.name, '历下区');
    assert.equal(lixia.kind, 'region');
    assert.equal(lixia.level, 'county');
    assert.equal(lixia.parent_id, jinan.id);
    assert.equal(kids.find((k) => k.code === '370103')?.name, '市中区');
    const fgw = kids.find((k) => k.name === '济南市发展和改革委员会');
    assert.ok(fgw, `济南市发展和改革委员会 among ${kids.map((k) => k.name).join(', ')}`);
    assert.equal(fgw.kind, 'organ');
  });

  it('GET /units/code/370102 gives the detail with ancestors root first', async () => {
    const d = await unitByCode(c, '370102');
    expectUnitShape(d);
    assert.equal(d.name, '历下区');
    assert.equal(d.code, '370102');
    assert.equal(d.parent_id, jinan.id);
    assert.deepEqual(d.ancestors.map((a) => a.name), ['山东省', '济南市']);
    assert.deepEqual(d.ancestors.map((a) => a.id), [province.id, jinan.id]);
    assert.ok(Array.isArray(d.squares), 'detail lists squares');
  });

  it('GET /units/ID gives the same detail as by code', async () => {
    const byCode = await unitByCode(c, '370102');
    const r = await c.get(`${API}/units/${byCode.id}`);
    assert.equal(r.status, 200, show(r));
    assert.deepEqual(r.body, byCode);
  });

  it('the root has no ancestors; an organ\'s ancestors run down to its region', async () => {
    assert.deepEqual(province.ancestors, []);
    const lixia = await unitByCode(c, '370102');
    const organ = await childNamed(c, lixia.id, '历下区发展和改革局');
    const r = await c.get(`${API}/units/${organ.id}`);
    assert.equal(r.status, 200, show(r));
    assert.deepEqual(r.body.ancestors.map((a) => a.name), ['山东省', '济南市', '历下区']);
    assert.equal(r.body.kind, 'organ');
  });

  it('unknown id or code answers 404 not_found', async () => {
    expectError(await c.get(`${API}/units/987654321`), 404, 'not_found');
    expectError(await c.get(`${API}/units/code/999999`), 404, 'not_found');
  });

  it('search q=历下 finds 历下区 and its organs such as 历下区发展和改革局, with path_names', async () => {
    const r = await c.get(`${API}/units${qs({ q: '历下', size: 200 })}`);
    const items = expectList(r);
    const lixia = items.find((u) => u.code === '370102');
    assert.ok(lixia, `历下区 found: ${items.map((u) => u.name).join(', ')}`);
    assert.equal(lixia.path_names, '山东省 / 济南市 / 历下区');
    const organ = items.find((u) => u.name === '历下区发展和改革局');
    assert.ok(organ, '历下区发展和改革局 found');
    assert.equal(organ.path_names, '山东省 / 济南市 / 历下区 / 历下区发展和改革局');
    for (const u of items) {
      expectUnitShape(u);
      assert.ok(u.name.includes('历下') || (u.short_name || '').includes('历下'), `${u.name} matches 历下`);
    }
  });

  it('search matches the short name alias too (发改局)', async () => {
    const r = await c.get(`${API}/units${qs({ q: '发改局', size: 200 })}`);
    const items = expectList(r);
    assert.ok(items.length > 0, 'some unit is known as 发改局');
    for (const u of items) {
      assert.ok(u.name.includes('发改局') || (u.short_name || '').includes('发改局'), `${u.name} matches 发改局`);
    }
    assert.ok(items.some((u) => !u.name.includes('发改局') && (u.short_name || '').includes('发改局')),
      'at least one result is found only by its short name');
  });

  it('search pages: default size 20 from page 1, total counts every match, pages follow one order', async () => {
    const all = await c.get(`${API}/units${qs({ q: '历下', size: 200 })}`);
    const everything = expectList(all);
    assert.ok(everything.length >= 2, '历下区 and 历下区发展和改革局 at least');
    const p1 = await c.get(`${API}/units${qs({ q: '历下' })}`);
    expectList(p1);
    assert.equal(p1.body.page, 1);
    assert.equal(p1.body.size, 20);
    assert.equal(p1.body.items.length, Math.min(20, all.body.total));
    assert.equal(p1.body.total, all.body.total);
    const p2 = await c.get(`${API}/units${qs({ q: '历下', page: 2, size: 1 })}`);
    expectList(p2);
    assert.equal(p2.body.page, 2);
    assert.equal(p2.body.size, 1);
    assert.equal(p2.body.total, all.body.total);
    assert.deepEqual(p2.body.items.map((u) => u.id), [everything[1].id], 'page 2 of size 1 is the second match');
  });

  it('search with no match answers an empty list', async () => {
    const r = await c.get(`${API}/units${qs({ q: '不存在的单位名称' })}`);
    assert.deepEqual(expectList(r), []);
    assert.equal(r.body.total, 0);
  });

  it('search text is taken literally: % and _ are characters, not wildcards', async () => {
    // on PostgreSQL the search is a LIKE served by trigram indexes; an unescaped % would match all
    for (const q of ['%', '_', '历%区', '历_区']) {
      const r = await c.get(`${API}/units${qs({ q })}`);
      assert.equal(r.body.total, 0, `q=${q} matched ${r.body.total} units`);
    }
  });
});
