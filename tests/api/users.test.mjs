// Accounts and grants, and the separation of the three administrators (三员分立):
// sysadmin manages accounts, secadmin manages roles, neither does the other's job.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import {
  API, loginAs, expectError, expectList, show, qs, unitByCode, childNamed, unique,
} from './_helpers.mjs';

const STRONG = 'Taishan#Sunrise2026';
const ROLE_CODES = ['filler', 'unit_leader', 'supervisor', 'reviewer', 'office', 'leader', 'sysadmin', 'secadmin', 'auditor'];

describe('users and grants', () => {
  let srv; let sys; let sec; let lixiaFgj; let province;
  before(async () => {
    srv = await startServer();
    sys = await loginAs(srv.url, 'sysadmin');
    sec = await loginAs(srv.url, 'secadmin');
    const office = await loginAs(srv.url, 'office');
    province = await unitByCode(office, '370000');
    const lixia = await unitByCode(office, '370102');
    lixiaFgj = await childNamed(office, lixia.id, '历下区发展和改革局');
  });
  after(async () => { await srv?.stop(); });

  async function createUser(username = unique('user'), password = STRONG) {
    const r = await sys.post(`${API}/users`, { username, display_name: '测试用户', unit_id: lixiaFgj.id, password });
    assert.equal(r.status, 201, show(r));
    return r.body;
  }

  async function userNamed(c, username) {
    const items = expectList(await c.get(`${API}/users${qs({ q: username, size: 200 })}`));
    const u = items.find((x) => x.username === username);
    assert.ok(u, `${username} in the user list`);
    return u;
  }

  it('GET /roles lists the 9 roles with Chinese and English names', async () => {
    const r = await sec.get(`${API}/roles`);
    assert.equal(r.status, 200, show(r));
    assert.deepEqual(r.body.items.map((x) => x.code).sort(), [...ROLE_CODES].sort());
    for (const x of r.body.items) {
      assert.ok(typeof x.name_zh === 'string' && x.name_zh.length > 0, `${x.code} name_zh`);
      assert.ok(typeof x.name_en === 'string' && x.name_en.length > 0, `${x.code} name_en`);
    }
    assert.equal(r.body.items.find((x) => x.code === 'filler').name_zh, '填报员');
  });

  it('sysadmin lists users with their roles', async () => {
    const r = await sys.get(`${API}/users${qs({ size: 200 })}`);
    const items = expectList(r);
    const names = items.map((u) => u.username);
    for (const n of ['office', 'leader', 'supervisor', 'reviewer', 'unit_leader', 'filler', 'sysadmin', 'secadmin', 'auditor', 'county_filler']) {
      assert.ok(names.includes(n), `${n} listed`);
    }
    const office = items.find((u) => u.username === 'office');
    assert.equal(typeof office.id, 'number');
    assert.equal(office.disabled, false);
    assert.ok(office.roles.some((g) => g.role === 'office' && g.unit_code === '370000'), JSON.stringify(office.roles));
    for (const u of items) for (const k of Object.keys(u)) assert.doesNotMatch(k, /password|hash/i);
  });

  it('the user list filters by q and pages', async () => {
    const r = await sys.get(`${API}/users${qs({ q: 'county_filler' })}`);
    const items = expectList(r);
    assert.ok(items.some((u) => u.username === 'county_filler'));
    assert.ok(!items.some((u) => u.username === 'office'), 'office does not match county_filler');
    const p = await sys.get(`${API}/users${qs({ page: 1, size: 2 })}`);
    assert.equal(expectList(p).length, 2);
    assert.equal(p.body.size, 2);
    assert.ok(p.body.total >= 10);
  });

  it('secadmin may list users too; office and filler may not (403)', async () => {
    expectList(await sec.get(`${API}/users`));
    const office = await loginAs(srv.url, 'office');
    expectError(await office.get(`${API}/users`), 403, 'forbidden');
    const filler = await loginAs(srv.url, 'filler');
    expectError(await filler.get(`${API}/users`), 403, 'forbidden');
  });

  it('sysadmin creates a user (201) who can then log in', async () => {
    const username = unique('wangwu');
    const r = await sys.post(`${API}/users`, { username, display_name: '王五', unit_id: lixiaFgj.id, password: STRONG });
    assert.equal(r.status, 201, show(r));
    assert.equal(r.body.username, username);
    assert.equal(r.body.display_name, '王五');
    assert.equal(r.body.unit_id, lixiaFgj.id);
    assert.equal(r.body.unit_name, '历下区发展和改革局');
    assert.equal(r.body.disabled, false);
    assert.deepEqual(r.body.roles, []);
    for (const k of Object.keys(r.body)) assert.doesNotMatch(k, /password|hash/i);

    const got = await sys.get(`${API}/users/${r.body.id}`);
    assert.equal(got.status, 200, show(got));
    assert.equal(got.body.username, username);

    const c = new Client(srv.url);
    const login = await c.login(username, STRONG);
    assert.equal(login.status, 200, show(login));
    assert.equal(login.body.user.username, username);
  });

  for (const [why, password] of [
    ['shorter than 12 characters', 'Ab1!ab1!ab1'],
    ['only two character classes', 'abcdefghijk123456'],
    ['only lower case', 'abcdefghijklmnop'],
    ['containing the username', null],
  ]) {
    it(`a weak password (${why}) answers 422 with field password and creates nobody`, async () => {
      const username = unique('weakpw');
      const pw = password ?? `Xx#1-${username}-2026`;
      const r = await sys.post(`${API}/users`, { username, display_name: '弱口令', unit_id: lixiaFgj.id, password: pw });
      expectError(r, 422, 'validation_failed', 'password');
      const list = expectList(await sys.get(`${API}/users${qs({ q: username })}`));
      assert.ok(!list.some((u) => u.username === username), 'no account made');
    });
  }

  it('the username is refused inside the password whatever its case', async () => {
    const username = unique('caseuser');
    const r = await sys.post(`${API}/users`, { username, display_name: '大小写', unit_id: lixiaFgj.id, password: `Zz#9-${username.toUpperCase()}-2026` });
    expectError(r, 422, 'validation_failed', 'password');
  });

  it('12 characters of 3 classes is strong enough', async () => {
    const username = unique('edge');
    const r = await sys.post(`${API}/users`, { username, display_name: '边界', unit_id: lixiaFgj.id, password: 'Abcdefgh1234' });
    assert.equal(r.status, 201, show(r));
  });

  it('a duplicate username answers 409 with field username', async () => {
    const r = await sys.post(`${API}/users`, { username: 'office', display_name: '重复', unit_id: lixiaFgj.id, password: STRONG });
    expectError(r, 409, 'conflict', 'username');
  });

  it('a missing username or display name answers 422 naming the field', async () => {
    expectError(await sys.post(`${API}/users`, { display_name: '无名', unit_id: lixiaFgj.id, password: STRONG }),
      422, 'validation_failed', 'username');
    expectError(await sys.post(`${API}/users`, { username: unique('noname'), unit_id: lixiaFgj.id, password: STRONG }),
      422, 'validation_failed', 'display_name');
  });

  it('GET /users/ID of an unknown user answers 404', async () => {
    expectError(await sys.get(`${API}/users/987654321`), 404, 'not_found');
  });

  it('a disabled user cannot log in (401); enabling again lets them in', async () => {
    const u = await createUser();
    const r = await sys.patch(`${API}/users/${u.id}`, { disabled: true });
    assert.equal(r.status, 200, show(r));
    assert.equal(r.body.disabled, true);
    const refused = await new Client(srv.url).login(u.username, STRONG);
    expectError(refused, 401);
    const back = await sys.patch(`${API}/users/${u.id}`, { disabled: false });
    assert.equal(back.status, 200, show(back));
    assert.equal((await new Client(srv.url).login(u.username, STRONG)).status, 200);
  });

  it('sysadmin changes a password: the new one works, the old one not; weak ones are refused', async () => {
    const u = await createUser();
    expectError(await sys.patch(`${API}/users/${u.id}`, { password: 'short1A!' }), 422, 'validation_failed', 'password');
    const next = 'Huanghe#River2027';
    const r = await sys.patch(`${API}/users/${u.id}`, { password: next, display_name: '改过' });
    assert.equal(r.status, 200, show(r));
    assert.equal(r.body.display_name, '改过');
    expectError(await new Client(srv.url).login(u.username, STRONG), 401, 'bad_credentials');
    assert.equal((await new Client(srv.url).login(u.username, next)).status, 200);
  });

  it('secadmin grants a role and revokes it; the grant gives scope', async () => {
    const u = await createUser();
    const g = await sec.post(`${API}/users/${u.id}/grants`, { role: 'filler', unit_id: lixiaFgj.id });
    assert.equal(g.status, 201, show(g));
    assert.equal(typeof g.body.id, 'number');
    assert.equal(g.body.role, 'filler');
    assert.equal(g.body.unit_id, lixiaFgj.id);
    assert.equal(g.body.unit_name, '历下区发展和改革局');
    assert.equal(g.body.unit_code, null);
    assert.equal(g.body.sector, null);

    const shown = await sec.get(`${API}/users/${u.id}`);
    assert.equal(shown.status, 200, show(shown));
    assert.deepEqual(shown.body.roles.map((x) => x.id), [g.body.id]);

    const c = await loginAs(srv.url, u.username, STRONG);
    assert.ok((await c.get(`${API}/me`)).body.user.roles.some((x) => x.role === 'filler'));
    const roots = expectList(await c.get(`${API}/units`));
    assert.deepEqual(roots.map((x) => x.id), [lixiaFgj.id], 'scope is the granted unit');

    const del = await sec.del(`${API}/users/${u.id}/grants/${g.body.id}`);
    assert.equal(del.status, 204, show(del));
    const after = await sec.get(`${API}/users/${u.id}`);
    assert.deepEqual(after.body.roles, []);
    expectError(await sec.del(`${API}/users/${u.id}/grants/${g.body.id}`), 404, 'not_found');
  });

  it('a grant may be narrowed to a sector', async () => {
    const u = await createUser();
    const g = await sec.post(`${API}/users/${u.id}/grants`, { role: 'supervisor', unit_id: province.id, sector: '发改' });
    assert.equal(g.status, 201, show(g));
    assert.equal(g.body.sector, '发改');
    assert.equal(g.body.unit_code, '370000');
    assert.equal(g.body.unit_name, '山东省');
  });

  it('an unknown role answers 422 with field role; an unknown unit names unit_id', async () => {
    const u = await createUser();
    expectError(await sec.post(`${API}/users/${u.id}/grants`, { role: 'emperor', unit_id: lixiaFgj.id }),
      422, 'validation_failed', 'role');
    expectError(await sec.post(`${API}/users/${u.id}/grants`, { role: 'filler', unit_id: 987654321 }),
      [404, 422], null, 'unit_id');
  });

  it('sysadmin cannot grant roles (403)', async () => {
    const u = await createUser();
    expectError(await sys.post(`${API}/users/${u.id}/grants`, { role: 'filler', unit_id: lixiaFgj.id }), 403, 'forbidden');
    assert.deepEqual((await sys.get(`${API}/users/${u.id}`)).body.roles, []);
  });

  it('secadmin cannot create or change accounts (403)', async () => {
    const username = unique('bysec');
    expectError(await sec.post(`${API}/users`, { username, display_name: '越权', unit_id: lixiaFgj.id, password: STRONG }),
      403, 'forbidden');
    const list = expectList(await sys.get(`${API}/users${qs({ q: username })}`));
    assert.ok(!list.some((u) => u.username === username));
    const u = await createUser();
    expectError(await sec.patch(`${API}/users/${u.id}`, { disabled: true }), 403, 'forbidden');
    assert.equal((await sys.get(`${API}/users/${u.id}`)).body.disabled, false);
  });

  it('office cannot grant roles or create users (403)', async () => {
    const office = await loginAs(srv.url, 'office');
    const u = await createUser();
    expectError(await office.post(`${API}/users/${u.id}/grants`, { role: 'filler', unit_id: lixiaFgj.id }), 403, 'forbidden');
    expectError(await office.post(`${API}/users`, { username: unique('byoffice'), display_name: '越权', unit_id: lixiaFgj.id, password: STRONG }),
      403, 'forbidden');
  });

  it('granting auditor to the sysadmin answers 409 (三员分立)', async () => {
    const sa = await userNamed(sec, 'sysadmin');
    const r = await sec.post(`${API}/users/${sa.id}/grants`, { role: 'auditor', unit_id: province.id });
    expectError(r, 409, 'conflict');
    const again = await sec.get(`${API}/users/${sa.id}`);
    assert.ok(!again.body.roles.some((g) => g.role === 'auditor'), 'no auditor grant was added');
  });

  it('no user may hold two of sysadmin, secadmin and auditor', async () => {
    const u = await createUser();
    assert.equal((await sec.post(`${API}/users/${u.id}/grants`, { role: 'secadmin', unit_id: province.id })).status, 201);
    expectError(await sec.post(`${API}/users/${u.id}/grants`, { role: 'sysadmin', unit_id: province.id }), 409, 'conflict');
    expectError(await sec.post(`${API}/users/${u.id}/grants`, { role: 'auditor', unit_id: province.id }), 409, 'conflict');
    const roles = (await sec.get(`${API}/users/${u.id}`)).body.roles.map((g) => g.role);
    assert.deepEqual(roles, ['secadmin']);
  });

  it('administrators scoped to 历下区 see and manage only accounts and grants there', async () => {
    const office = await loginAs(srv.url, 'office');
    const lixia = await unitByCode(office, '370102');
    const shizhong = await unitByCode(office, '370103');
    const inside = await createUser();                      // unit 历下区发展和改革局
    const outside = await sys.post(`${API}/users`, {
      username: unique('szuser'), display_name: '市中区用户', unit_id: shizhong.id, password: STRONG,
    });
    assert.equal(outside.status, 201, show(outside));

    const mkAdmin = async (role) => {
      const a = await createUser(unique(`lx${role}`));
      const g = await sec.post(`${API}/users/${a.id}/grants`, { role, unit_id: lixia.id });
      assert.equal(g.status, 201, show(g));
      return loginAs(srv.url, a.username, STRONG);
    };
    const lxSys = await mkAdmin('sysadmin');
    const lxSec = await mkAdmin('secadmin');

    const seen = expectList(await lxSys.get(`${API}/users${qs({ size: 200 })}`)).map((u) => u.id);
    assert.ok(seen.includes(inside.id), 'sees the account in 历下区');
    assert.ok(!seen.includes(outside.body.id), 'does not see the account in 市中区');
    expectError(await lxSys.get(`${API}/users/${outside.body.id}`), [403, 404]);
    expectError(await lxSys.patch(`${API}/users/${outside.body.id}`, { disabled: true }), [403, 404]);
    assert.equal((await sys.get(`${API}/users/${outside.body.id}`)).body.disabled, false);
    // A unit outside the admin's scope is refused exactly like a unit that does not exist.
    const outOfScope = await lxSys.post(`${API}/users`, {
      username: unique('szmade'), display_name: '越界', unit_id: shizhong.id, password: STRONG,
    });
    const absent = await lxSys.post(`${API}/users`, {
      username: unique('nomade'), display_name: '无此单位', unit_id: 987654321, password: STRONG,
    });
    expectError(outOfScope, [403, 404, 422]);
    assert.equal(outOfScope.status, absent.status, 'same status as an unknown unit');
    assert.deepEqual(outOfScope.body, absent.body, 'same answer as an unknown unit');

    const grantOut = await lxSec.post(`${API}/users/${inside.id}/grants`, { role: 'filler', unit_id: shizhong.id });
    const grantAbsent = await lxSec.post(`${API}/users/${inside.id}/grants`, { role: 'filler', unit_id: 987654321 });
    expectError(grantOut, [403, 404, 422]);
    assert.equal(grantOut.status, grantAbsent.status, 'same status as an unknown unit');
    assert.deepEqual(grantOut.body, grantAbsent.body, 'same answer as an unknown unit');
    assert.deepEqual((await sec.get(`${API}/users/${inside.id}`)).body.roles, [], 'no grant was made');
    const ok = await lxSec.post(`${API}/users/${inside.id}/grants`, { role: 'filler', unit_id: lixiaFgj.id });
    assert.equal(ok.status, 201, show(ok));
  });
});
