// Creating and renaming units: who may, where, and what bad input answers.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import {
  API, loginAs, expectError, expectList, show, qs, unitByCode, childrenOf, childNamed, unique,
} from './_helpers.mjs';

describe('unit writes', () => {
  let srv; let office; let province; let provinceFgw; let lixia; let shizhong;
  before(async () => {
    srv = await startServer();
    office = await loginAs(srv.url, 'office');
    province = await unitByCode(office, '370000');
    provinceFgw = await childNamed(office, province.id, '山东省发展和改革委员会');
    lixia = await unitByCode(office, '370102');
    shizhong = await unitByCode(office, '370103');
  });
  after(async () => { await srv?.stop(); });

  it('office creates a division under a province organ (201)', async () => {
    const name = unique('投资处');
    const r = await office.post(`${API}/units`, {
      parent_id: provinceFgw.id, name, short_name: '投资', kind: 'division', sector: '发改',
    });
    assert.equal(r.status, 201, show(r));
    const u = r.body;
    assert.equal(typeof u.id, 'number');
    assert.equal(u.name, name);
    assert.equal(u.short_name, '投资');
    assert.equal(u.kind, 'division');
    assert.equal(u.sector, '发改');
    assert.equal(u.parent_id, provinceFgw.id);
    assert.equal(u.code, null);
    assert.equal(u.child_count, 0);

    const d = await office.get(`${API}/units/${u.id}`);
    assert.equal(d.status, 200, show(d));
    assert.deepEqual(d.body.ancestors.map((a) => a.name), ['山东省', '山东省发展和改革委员会']);
    const kids = await childrenOf(office, provinceFgw.id);
    assert.ok(kids.some((k) => k.id === u.id), 'listed among the organ\'s children');
    const parent = await office.get(`${API}/units/${provinceFgw.id}`);
    assert.equal(parent.body.child_count, kids.length, 'parent child_count counts the new division');
  });

  it('office creates an organ under a county', async () => {
    const name = unique('历下区测试局');
    const r = await office.post(`${API}/units`, { parent_id: lixia.id, name, kind: 'organ', sector: '财政' });
    assert.equal(r.status, 201, show(r));
    assert.equal(r.body.kind, 'organ');
    assert.equal(r.body.parent_id, lixia.id);
    const found = expectList(await office.get(`${API}/units${qs({ q: name })}`));
    assert.deepEqual(found.map((u) => u.id), [r.body.id], 'searchable by its name at once');
  });

  it('PATCH renames a unit and the new name is what reads and search see', async () => {
    const created = await office.post(`${API}/units`, { parent_id: provinceFgw.id, name: unique('旧名处'), kind: 'division' });
    assert.equal(created.status, 201, show(created));
    const newName = unique('新名处');
    const r = await office.patch(`${API}/units/${created.body.id}`, { name: newName, short_name: '新名' });
    assert.equal(r.status, 200, show(r));
    assert.equal(r.body.id, created.body.id);
    assert.equal(r.body.name, newName);
    assert.equal(r.body.short_name, '新名');
    assert.equal(r.body.kind, 'division', 'untouched fields stay');
    assert.equal(r.body.parent_id, provinceFgw.id);
    const d = await office.get(`${API}/units/${created.body.id}`);
    assert.equal(d.body.name, newName);
    const found = expectList(await office.get(`${API}/units${qs({ q: newName })}`));
    assert.deepEqual(found.map((u) => u.id), [created.body.id]);
    assert.deepEqual(expectList(await office.get(`${API}/units${qs({ q: created.body.name })}`)), [],
      'the old name no longer matches');
  });

  it('PATCH changes the sector alone', async () => {
    const created = await office.post(`${API}/units`, { parent_id: provinceFgw.id, name: unique('科室'), kind: 'division', sector: '发改' });
    assert.equal(created.status, 201, show(created));
    const r = await office.patch(`${API}/units/${created.body.id}`, { sector: '财政' });
    assert.equal(r.status, 200, show(r));
    assert.equal(r.body.sector, '财政');
    assert.equal(r.body.name, created.body.name);
  });

  it('an empty or missing name answers 422 with field name, and creates nothing', async () => {
    expectError(await office.post(`${API}/units`, { parent_id: provinceFgw.id, name: '', kind: 'division' }),
      422, 'validation_failed', 'name');
    expectError(await office.post(`${API}/units`, { parent_id: provinceFgw.id, kind: 'division' }),
      422, 'validation_failed', 'name');
    const before = (await office.get(`${API}/units/${provinceFgw.id}`)).body.child_count;
    expectError(await office.post(`${API}/units`, { parent_id: provinceFgw.id, name: '   ', kind: 'division' }),
      422, 'validation_failed', 'name');
    assert.equal((await office.get(`${API}/units/${provinceFgw.id}`)).body.child_count, before);
  });

  it('all field errors are listed at once', async () => {
    const r = await office.post(`${API}/units`, {});
    const e = expectError(r, 422, 'validation_failed', 'name');
    assert.ok(e.fields.some((f) => f.field === 'parent_id'), `parent_id also named: ${show(r)}`);
  });

  it('an unknown parent answers 422 or 404 with field parent_id', async () => {
    const r = await office.post(`${API}/units`, { parent_id: 987654321, name: unique('孤儿处'), kind: 'division' });
    expectError(r, [404, 422], null, 'parent_id');
  });

  it('a kind other than organ or division answers 422 with field kind', async () => {
    expectError(await office.post(`${API}/units`, { parent_id: province.id, name: unique('新区'), kind: 'region' }),
      422, 'validation_failed', 'kind');
    expectError(await office.post(`${API}/units`, { parent_id: province.id, name: unique('新区'), kind: 'planet' }),
      422, 'validation_failed', 'kind');
  });

  it('a second sibling with the same name answers 409', async () => {
    const name = unique('同名处');
    const first = await office.post(`${API}/units`, { parent_id: provinceFgw.id, name, kind: 'division' });
    assert.equal(first.status, 201, show(first));
    expectError(await office.post(`${API}/units`, { parent_id: provinceFgw.id, name, kind: 'division' }), 409, 'conflict');
  });

  it('PATCH with an empty name answers 422 and leaves the unit as it was', async () => {
    const created = await office.post(`${API}/units`, { parent_id: provinceFgw.id, name: unique('保持处'), kind: 'division' });
    assert.equal(created.status, 201, show(created));
    expectError(await office.patch(`${API}/units/${created.body.id}`, { name: '', short_name: '改了' }),
      422, 'validation_failed', 'name');
    const d = await office.get(`${API}/units/${created.body.id}`);
    assert.equal(d.body.name, created.body.name);
    assert.equal(d.body.short_name, created.body.short_name, 'no half change');
  });

  it('PATCH of an unknown unit answers 404', async () => {
    expectError(await office.patch(`${API}/units/987654321`, { name: '无' }), 404, 'not_found');
  });

  it('filler cannot create units, even inside its own organ (403)', async () => {
    const filler = await loginAs(srv.url, 'filler');
    const own = expectList(await filler.get(`${API}/units`))[0];
    const name = unique('越权科');
    const r = await filler.post(`${API}/units`, { parent_id: own.id, name, kind: 'division' });
    expectError(r, 403, 'forbidden');
    const kids = await childrenOf(office, own.id);
    assert.ok(!kids.some((k) => k.name === name), 'nothing created');
  });

  it('filler cannot rename units', async () => {
    const filler = await loginAs(srv.url, 'filler');
    const own = expectList(await filler.get(`${API}/units`))[0];
    const r = await filler.patch(`${API}/units/${own.id}`, { name: '被改名' });
    expectError(r, [403, 404]);
    assert.equal((await office.get(`${API}/units/${own.id}`)).body.name, own.name);
  });

  it('an office holder scoped to 历下区 gets 404 for a parent outside it, 201 inside', async () => {
    // A county-level office account, made through the users API: sysadmin creates, secadmin grants.
    const sys = await loginAs(srv.url, 'sysadmin');
    const sec = await loginAs(srv.url, 'secadmin');
    const username = unique('lxoffice');
    const password = 'Qingdao#Spring2026';
    const u = await sys.post(`${API}/users`, { username, display_name: '历下区工委', unit_id: lixia.id, password });
    assert.equal(u.status, 201, show(u));
    const g = await sec.post(`${API}/users/${u.body.id}/grants`, { role: 'office', unit_id: lixia.id });
    assert.equal(g.status, 201, show(g));
    const county = await loginAs(srv.url, username, password);

    const out = await county.post(`${API}/units`, { parent_id: shizhong.id, name: unique('越界局'), kind: 'organ' });
    expectError(out, 404, 'not_found', 'parent_id');
    const absent = await county.post(`${API}/units`, { parent_id: 987654321, name: unique('越界局'), kind: 'organ' });
    assert.deepEqual(out.body, absent.body, 'an out-of-scope parent answers like one that does not exist');
    const kids = await childrenOf(office, shizhong.id);
    assert.ok(!kids.some((k) => k.name.startsWith('越界局')), 'nothing created in 市中区');
    expectError(await county.patch(`${API}/units/${shizhong.id}`, { name: '改名' }), 404, 'not_found');
    assert.equal((await office.get(`${API}/units/${shizhong.id}`)).body.name, '市中区');

    const inside = await county.post(`${API}/units`, { parent_id: lixia.id, name: unique('历下区新局'), kind: 'organ' });
    assert.equal(inside.status, 201, show(inside));
  });

  it('sysadmin may create units too (201)', async () => {
    const sys = await loginAs(srv.url, 'sysadmin');
    const r = await sys.post(`${API}/units`, { parent_id: provinceFgw.id, name: unique('系统处'), kind: 'division' });
    assert.equal(r.status, 201, show(r));
    assert.equal(r.body.parent_id, provinceFgw.id);
  });

  it('leader and supervisor may read but not create units (403)', async () => {
    for (const who of ['leader', 'supervisor']) {
      const c = await loginAs(srv.url, who);
      const parent = who === 'leader' ? provinceFgw.id : lixia.id;
      expectError(await c.post(`${API}/units`, { parent_id: parent, name: unique('不许处'), kind: 'organ' }), 403, 'forbidden');
    }
  });
});
