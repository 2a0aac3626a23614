// A server keeps a loaded session between requests (api/session.c) while the auth mark of
// migration 016 stays. Whatever the session stands on — its grants, their units, the session
// row itself — must show on the very next request after it changes, not when the kept copy
// happens to be dropped. Each step asks twice first, so the second answer comes from the kept
// session.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { API, loginAs, show, expectList, qs, unitByCode, unique } from './_helpers.mjs';

describe('a kept session sees every change it stands on at once', () => {
  let srv; let sys; let sec; let office; let filler; let fillerUser; let shizhong;
  before(async () => {
    srv = await startServer();
    sys = await loginAs(srv.url, 'sysadmin');
    sec = await loginAs(srv.url, 'secadmin');
    office = await loginAs(srv.url, 'office');
    filler = await loginAs(srv.url, 'filler');
    const users = expectList(await sys.get(`${API}/users${qs({ q: 'filler', size: 200 })}`));
    fillerUser = users.find((u) => u.username === 'filler');
    assert.ok(fillerUser, 'the demo filler');
    shizhong = await unitByCode(office, '370103');
  });
  after(async () => { await srv?.stop(); });

  async function twice(path) {
    const a = await filler.get(path);
    const b = await filler.get(path);
    assert.equal(b.status, a.status, `the same answer twice: ${show(a)} / ${show(b)}`);
    return b;
  }

  it('a grant added or revoked changes the scope on the next request', async () => {
    assert.equal((await twice(`${API}/units/${shizhong.id}`)).status, 404, '市中区 is outside the filler\'s scope');
    const g = await sec.post(`${API}/users/${fillerUser.id}/grants`, { role: 'filler', unit_id: shizhong.id });
    assert.equal(g.status, 201, show(g));
    assert.equal((await twice(`${API}/units/${shizhong.id}`)).status, 200, 'the new grant gives scope at once');
    assert.equal((await sec.del(`${API}/users/${fillerUser.id}/grants/${g.body.id}`)).status, 204);
    assert.equal((await filler.get(`${API}/units/${shizhong.id}`)).status, 404, 'the revoked grant takes it away at once');
  });

  it('a renamed unit shows in the session\'s grants on the next request', async () => {
    const me = await twice(`${API}/me`);
    assert.equal(me.status, 200, show(me));
    const grant = me.body.user.roles.find((g) => g.unit_id);
    assert.ok(grant, show(me));
    const name = unique('改名后的单位');
    const r = await office.patch(`${API}/units/${grant.unit_id}`, { name });
    assert.equal(r.status, 200, show(r));
    const after = await filler.get(`${API}/me`);
    assert.equal(after.body.user.roles.find((g) => g.unit_id === grant.unit_id).unit_name, name);
  });

  it('a disabled user is logged out on the next request', async () => {
    assert.equal((await twice(`${API}/me`)).status, 200);
    const r = await sys.patch(`${API}/users/${fillerUser.id}`, { disabled: true });
    assert.equal(r.status, 200, show(r));
    assert.equal((await filler.get(`${API}/me`)).status, 401);
  });
});
