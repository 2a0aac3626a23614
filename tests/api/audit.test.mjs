// Every change of state leaves an audit row (table `audit`, sql/001_foundation.sql), written
// with the change. Read with the sqlite3 command line, the way an auditor's tool would.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, dbQuery } from '../lib/server.mjs';
import { API, loginAs, show, unitByCode, childNamed, unique } from './_helpers.mjs';

const sql = dbQuery;

function auditFor(db, entityId) {
  return sql(db, `select seq, actor, action, entity, entity_id, outcome, before, after
                  from audit where entity_id = '${Number(entityId)}' order by seq`);
}

describe('audit', () => {
  let srv; let office; let provinceFgw;
  before(async () => {
    srv = await startServer();
    office = await loginAs(srv.url, 'office');
    const province = await unitByCode(office, '370000');
    provinceFgw = await childNamed(office, province.id, '山东省发展和改革委员会');
  });
  after(async () => { await srv?.stop(); });

  it('creating a unit writes an audit row with the actor and the new state', async () => {
    const name = unique('审计处');
    const r = await office.post(`${API}/units`, { parent_id: provinceFgw.id, name, kind: 'division' });
    assert.equal(r.status, 201, show(r));
    const rows = auditFor(srv.db, r.body.id).filter((x) => x.entity === 'unit');
    const create = rows.find((x) => x.action === 'unit.create');
    assert.ok(create, `a unit.create row for unit ${r.body.id}: ${JSON.stringify(rows)}`);
    assert.equal(create.actor, 'office');
    assert.equal(create.outcome, 'ok');
    assert.ok((create.after || '').includes(name), `after holds the new unit: ${create.after}`);
  });

  it('renaming a unit writes a row with the name before and after', async () => {
    const oldName = unique('旧审计处');
    const newName = unique('新审计处');
    const r = await office.post(`${API}/units`, { parent_id: provinceFgw.id, name: oldName, kind: 'division' });
    assert.equal(r.status, 201, show(r));
    const p = await office.patch(`${API}/units/${r.body.id}`, { name: newName });
    assert.equal(p.status, 200, show(p));
    const rows = auditFor(srv.db, r.body.id).filter((x) => x.entity === 'unit');
    assert.ok(rows.length >= 2, `create and update rows: ${JSON.stringify(rows)}`);
    const upd = rows[rows.length - 1];
    assert.notEqual(upd.action, 'unit.create');
    assert.match(upd.action, /^unit\./);
    assert.equal(upd.actor, 'office');
    assert.ok((upd.before || '').includes(oldName), `before holds the old name: ${upd.before}`);
    assert.ok((upd.after || '').includes(newName), `after holds the new name: ${upd.after}`);
  });

  it('squares, accounts and grants are audited too', async () => {
    const sq = await office.post(`${API}/squares`, { name: unique('审计方阵'), lead_unit_id: provinceFgw.id });
    assert.equal(sq.status, 201, show(sq));
    const sqRows = auditFor(srv.db, sq.body.id).filter((x) => x.action.startsWith('square.'));
    assert.ok(sqRows.length >= 1, 'square creation audited');

    const sys = await loginAs(srv.url, 'sysadmin');
    const sec = await loginAs(srv.url, 'secadmin');
    const u = await sys.post(`${API}/users`, {
      username: unique('audited'), display_name: '审计对象', unit_id: provinceFgw.id, password: 'Mount#Tai2026xyz',
    });
    assert.equal(u.status, 201, show(u));
    const uRows = auditFor(srv.db, u.body.id).filter((x) => x.action.startsWith('user.'));
    assert.ok(uRows.some((x) => x.actor === 'sysadmin'), `user creation audited: ${JSON.stringify(uRows)}`);
    for (const x of uRows) {
      assert.ok(!(x.after || '').includes('Mount#Tai2026xyz'), 'the password is never written to the audit log');
    }

    const g = await sec.post(`${API}/users/${u.body.id}/grants`, { role: 'reviewer', unit_id: provinceFgw.id });
    assert.equal(g.status, 201, show(g));
    const gRows = sql(srv.db, "select actor, action from audit where actor = 'secadmin'");
    assert.ok(gRows.some((x) => /grant/.test(x.action)), `grant audited: ${JSON.stringify(gRows)}`);
  });

  it('a refused change (403) changes nothing and records no successful change', async () => {
    const filler = await loginAs(srv.url, 'filler');
    const before = sql(srv.db, "select count(*) as n from audit where outcome = 'ok' and action = 'unit.create'")[0].n;
    const r = await filler.post(`${API}/units`, { parent_id: provinceFgw.id, name: unique('越权处'), kind: 'division' });
    assert.ok(r.status === 403 || r.status === 404, show(r));
    const after = sql(srv.db, "select count(*) as n from audit where outcome = 'ok' and action = 'unit.create'")[0].n;
    assert.equal(after, before);
  });
});
