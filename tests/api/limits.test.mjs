// Request bodies over the cap answer 413 and change nothing. The cap is lowered with
// `serve --max-body` so the test needs no large upload.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { API, loginAs, expectError, expectList, show, qs, unitByCode, unique } from './_helpers.mjs';

const CAP = 4096;

describe('body size limit', () => {
  let srv; let office; let province;
  before(async () => {
    srv = await startServer({ extraArgs: ['--max-body', String(CAP)] });
    office = await loginAs(srv.url, 'office');
    province = await unitByCode(office, '370000');
  });
  after(async () => { await srv?.stop(); });

  it('a body over --max-body answers 413 payload_too_large and creates nothing', async () => {
    const name = unique('超大处');
    const r = await office.post(`${API}/units`, {
      parent_id: province.id, name, kind: 'organ', short_name: 'x'.repeat(CAP * 2),
    });
    expectError(r, 413, 'payload_too_large');
    assert.deepEqual(expectList(await office.get(`${API}/units${qs({ q: name })}`)), []);
  });

  it('a body under the cap is served as usual', async () => {
    const r = await office.post(`${API}/units`, { parent_id: province.id, name: unique('正常局'), kind: 'organ' });
    assert.equal(r.status, 201, show(r));
  });

  it('the server keeps serving after refusing a large body', async () => {
    const r = await office.get(`${API}/me`);
    assert.equal(r.status, 200, show(r));
  });
});
