// The public notice (公示) and objections (异议): results are published for N working days of
// China's calendar (国庆 does not count); anyone may read the named collectives and grades and
// file an objection without logging in, at most 5 per address in 10 minutes; the office answers
// each; only after the last day, with every objection answered, do the results become final —
// and then nothing changes them until the office reopens the cycle with a reason, which is audited.
// Time passes by restarting the server on the same database with a later --clock.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { API, loginAs, show, expectError, expectStatus } from './_helpers.mjs';
import {
  startSupServer, createCycle, setPhase, unitNamed, buildTree, addGroup, addMembers, putSettings, addPanel, addReviewer,
  scoreAndSubmit, compute, isWorkday, addDays, sql, putGrid,
} from './fixtures/assess-helpers.mjs';

const PUBLISH_DAY = '2026-09-28'; // a Monday, three days before 国庆 (Oct 1–7)
const WORKDAYS = 5;

/* The last day of a notice that runs for `n` working days from `start`: the publication day
 * counts when it is a working day (the notice is public on it), so [start, end] holds exactly
 * n working days of China's calendar and ends on one. From Monday 2026-09-28 that is Sep 28,
 * 29, 30, then 国庆 and its weekend, then Oct 8, 9 → 2026-10-09 (by weekdays alone it would
 * be Friday Oct 2). */
function publicityEnd(start, n) {
  let left = n;
  for (let d = start; ; d = addDays(d, 1)) {
    if (isWorkday(d)) {
      left -= 1;
      if (left === 0) return d;
    }
  }
}

/* A request with no cookie and no CSRF token, as a member of the public sends it. */
async function anon(url, method, p, body, type = 'application/json') {
  const res = await fetch(url + p, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': type },
    body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
  });
  const text = await res.text();
  let parsed = text;
  if ((res.headers.get('content-type') || '').includes('application/json') && text) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed };
}

describe('public notice (公示) and objections (异议)', () => {
  let srv; let office; let leader; let reviewerC; let cycle; let ind; const u = {}; let endDay; let objection;
  const objPath = () => `${API}/public/cycles/${cycle.id}/objections`;
  const pubPath = () => `${API}/public/cycles/${cycle.id}/results`;
  const login = async () => {
    [office, leader] = await Promise.all(['office', 'leader'].map((n) => loginAs(srv.url, n)));
    reviewerC = await loginAs(srv.url, 'pub_r1');
  };

  before(async () => {
    srv = await startSupServer({ day: PUBLISH_DAY });
    office = await loginAs(srv.url, 'office');
    cycle = await createCycle(office, { theme: '公示测试', phase: 'running' });
    ind = await buildTree(office, cycle.id, [
      { key: 'A', name: '工作实绩', max_score: 100, method: 'branch', children: [
        { key: 'A1', name: '综合评价', max_score: 100, method: 'manual' },
        { key: 'A2', name: '创新加分', max_score: 5, method: 'bonus' },
      ] },
    ]);
    for (const [k, name] of [['J', '济南市发展和改革委员会'], ['Q', '青岛市发展和改革委员会'], ['Z', '淄博市发展和改革委员会']]) {
      u[k] = await unitNamed(office, name);
    }
    const g = await addGroup(office, cycle.id, { name: '市级发改委', excellent_share: 0.4 }); // quota 1
    await addMembers(office, g.id, [u.J.id, u.Q.id, u.Z.id]);
    await putSettings(office, cycle.id, { demo_total: 1, bonus_cap: 5, publicity_workdays: WORKDAYS });
    const r1 = addReviewer(srv.db, 'pub_r1');
    await addPanel(office, cycle.id, '公示评审组', [r1.id], [u.J.id, u.Q.id, u.Z.id]);
    await login();
    await scoreAndSubmit(reviewerC, cycle.id, [
      { unit_id: u.J.id, indicator_id: ind.A1.id, score: 95 },
      { unit_id: u.Q.id, indicator_id: ind.A1.id, score: 88 },
      { unit_id: u.Z.id, indicator_id: ind.A1.id, score: 70 },
    ]);
    await setPhase(office, cycle.id, 'assessing');
  });
  after(async () => { await srv?.stop(); });

  it('before publishing: no public page (404), and publish needs computed results (409)', async () => {
    assert.equal((await anon(srv.url, 'GET', pubPath())).status, 404);
    expectError(await office.post(`${API}/cycles/${cycle.id}/publish`), 409);
    await compute(office, cycle.id);
    expectStatus(await leader.post(`${API}/cycles/${cycle.id}/publish`), 403);
    assert.equal((await anon(srv.url, 'GET', pubPath())).status, 404, 'computed is not published');
  });

  it('before publishing, objections are refused: not in the publicity period (409)', async () => {
    expectError(await anon(srv.url, 'POST', objPath(), { name: '张三', contact: '13800000000', text: '尚未公示' }), 409);
  });

  it('publish: the notice runs 5 working days of China\'s calendar and the cycle is publicising', async () => {
    const r = await office.post(`${API}/cycles/${cycle.id}/publish`);
    assert.equal(r.status, 200, show(r));
    endDay = publicityEnd(PUBLISH_DAY, WORKDAYS);
    assert.equal(endDay, '2026-10-09', 'the chinese-days data itself');
    assert.equal(r.body.start_day, PUBLISH_DAY);
    assert.equal(r.body.end_day, endDay);
    const c = await office.get(`${API}/cycles/${cycle.id}`);
    assert.equal(c.body.phase, 'publicising');
  });

  it('the public page, without login, lists the named collectives and the grades', async () => {
    const r = await anon(srv.url, 'GET', pubPath());
    assert.equal(r.status, 200, show(r));
    const rows = r.body.items;
    assert.ok(Array.isArray(rows), show(r));
    const byName = Object.fromEntries(rows.map((x) => [x.unit_name, x]));
    assert.deepEqual(Object.keys(byName).sort(), ['济南市发展和改革委员会', '青岛市发展和改革委员会', '淄博市发展和改革委员会'].sort());
    // quota floor(0.4 × 3) = 1: J (95) 优秀 and named; Q (88) 良好; Z (70) 一般
    assert.deepEqual([byName['济南市发展和改革委员会'].grade_name, byName['济南市发展和改革委员会'].named], ['优秀', true]);
    assert.deepEqual([byName['青岛市发展和改革委员会'].grade_name, byName['青岛市发展和改革委员会'].named], ['良好', false]);
    assert.deepEqual([byName['淄博市发展和改革委员会'].grade_name, byName['淄博市发展和改革委员会'].named], ['一般', false]);
    assert.ok(rows.every((x) => x.group_name === '市级发改委'), 'by group');
  });

  it('once published, the results are readable by other roles too', async () => {
    const r = await leader.get(`${API}/cycles/${cycle.id}/results`);
    assert.equal(r.status, 200, show(r));
    assert.equal(r.body.items.length, 3);
  });

  it('while public, the indicators and scores are locked (409)', async () => {
    expectError(await office.patch(`${API}/indicators/${ind.A1.id}`, { name: '综合评价（改）' }), 409);
    expectError(await office.post(`${API}/cycles/${cycle.id}/adjustments`,
      { unit_id: u.Q.id, indicator_id: ind.A2.id, points: 5, reason: '公示期加分' }), 409);
  });

  it('an objection needs JSON and its fields; a good one is taken without login or CSRF token (201)', async () => {
    expectStatus(await anon(srv.url, 'POST', objPath(), 'name=张三&text=异议', 'application/x-www-form-urlencoded'), 415);
    expectError(await anon(srv.url, 'POST', objPath(), { name: '张三', contact: '13800000000' }), 422, 'validation_failed', 'text');
    const r = await anon(srv.url, 'POST', objPath(),
      { name: '张三', contact: '13800000000', text: '济南市发改委的项目建设得分偏高，请核实', unit_id: u.J.id });
    assert.equal(r.status, 201, show(r));
    assert.equal(typeof r.body.id, 'number');
    objection = r.body.id;
  });

  it('five objections in ten minutes from one address; the sixth → 429 with Retry-After', async () => {
    for (let i = 2; i <= 5; i += 1) {
      const r = await anon(srv.url, 'POST', objPath(), { name: `群众${i}`, contact: `1390000000${i}`, text: `第${i}条异议` });
      assert.equal(r.status, 201, `objection ${i}: ${show(r)}`);
    }
    const r = await anon(srv.url, 'POST', objPath(), { name: '群众6', contact: '13900000006', text: '第6条异议' });
    expectError(r, 429, 'rate_limited');
    const after = Number(r.headers.get('retry-after'));
    assert.ok(Number.isInteger(after) && after > 0 && after <= 600, `Retry-After in seconds, got ${r.headers.get('retry-after')}`);
  });

  it('the office lists the objections; nobody else does', async () => {
    const r = await office.get(`${API}/cycles/${cycle.id}/objections`);
    assert.equal(r.status, 200, show(r));
    assert.equal(r.body.items.length, 5, 'the refused sixth is not there');
    const first = r.body.items.find((x) => x.id === objection);
    assert.equal(first.text, '济南市发改委的项目建设得分偏高，请核实');
    assert.equal(first.unit_id, u.J.id);
    assert.equal(first.answer, null);
    expectStatus(await leader.get(`${API}/cycles/${cycle.id}/objections`), 403);
  });

  it('finalize before the notice has run its days → 409, even with every objection answered', async () => {
    expectError(await office.post(`${API}/cycles/${cycle.id}/finalize`), 409);
    expectStatus(await leader.post(`${API}/objections/${objection}/answer`, { answer: '领导答复' }), 403);
    expectError(await office.post(`${API}/objections/${objection}/answer`, {}), 422, 'validation_failed', 'answer');
    const list = (await office.get(`${API}/cycles/${cycle.id}/objections`)).body.items;
    for (const o of list) {
      const r = await office.post(`${API}/objections/${o.id}/answer`, { answer: `经核实，评分依据充分（${o.id}）` });
      expectStatus(r, [200, 204]);
    }
    const after = (await office.get(`${API}/cycles/${cycle.id}/objections`)).body.items;
    assert.ok(after.every((o) => o.answer && o.answer.startsWith('经核实')), JSON.stringify(after));
    expectError(await office.post(`${API}/cycles/${cycle.id}/finalize`), 409);
    assert.equal((await office.get(`${API}/cycles/${cycle.id}`)).body.phase, 'publicising');
  });

  it('on the last day objections are still taken, and finalize still waits', async () => {
    await srv.restart(endDay);
    await login();
    const r = await anon(srv.url, 'POST', objPath(), { name: '李四', contact: 'lisi@example.cn', text: '最后一天提出的异议' });
    assert.equal(r.status, 201, show(r));
    expectError(await office.post(`${API}/cycles/${cycle.id}/finalize`), 409);
  });

  it('after the last day: no more objections; finalize waits for the open one, then the results are final', async () => {
    await srv.restart(addDays(endDay, 3)); // Monday 2026-10-12
    await login();
    expectError(await anon(srv.url, 'POST', objPath(), { name: '王五', contact: '13700000000', text: '过期的异议' }), 409);
    const f = await office.post(`${API}/cycles/${cycle.id}/finalize`);
    expectError(f, 409);
    const open = (await office.get(`${API}/cycles/${cycle.id}/objections`)).body.items.filter((o) => !o.answer);
    assert.equal(open.length, 1);
    expectStatus(await office.post(`${API}/objections/${open[0].id}/answer`, { answer: '已核实，不影响结果' }), [200, 204]);
    const ok = await office.post(`${API}/cycles/${cycle.id}/finalize`);
    assert.equal(ok.status, 200, show(ok));
    assert.equal((await office.get(`${API}/cycles/${cycle.id}`)).body.phase, 'closed');
    const pub = await anon(srv.url, 'GET', pubPath());
    assert.equal(pub.status, 200, 'final results stay public');
    assert.equal(pub.body.items.length, 3);
  });

  it('final results are locked: compute, scores and adjustments → 409', async () => {
    expectError(await office.post(`${API}/cycles/${cycle.id}/compute`), 409);
    expectError(await office.post(`${API}/cycles/${cycle.id}/adjustments`,
      { unit_id: u.Q.id, indicator_id: ind.A2.id, points: 5, reason: '定稿后加分' }), 409);
    expectError(await putGrid(reviewerC, cycle.id, [{ unit_id: u.Z.id, indicator_id: ind.A1.id, score: 99 }]), 409);
    const r = await office.get(`${API}/cycles/${cycle.id}/results`);
    assert.deepEqual(r.body.items.map((x) => x.total).sort((a, b) => a - b), [70, 88, 95]);
  });

  it('reopen needs a reason; with one the cycle is back in assessing and the reason is audited', async () => {
    expectError(await office.post(`${API}/cycles/${cycle.id}/reopen`, {}), 422, 'validation_failed', 'reason');
    expectStatus(await leader.post(`${API}/cycles/${cycle.id}/reopen`, { reason: '领导要求' }), 403);
    assert.notEqual((await office.get(`${API}/cycles/${cycle.id}`)).body.phase, 'assessing', 'the refused reopen changed nothing');
    const reason = '纪检反映淄博市发改委评分有误，重新核查';
    const r = await office.post(`${API}/cycles/${cycle.id}/reopen`, { reason });
    assert.equal(r.status, 200, show(r));
    assert.equal((await office.get(`${API}/cycles/${cycle.id}`)).body.phase, 'assessing');
    const rows = sql(srv.db, `select actor, action, entity_id, after from audit where action like '%reopen%' order by seq`);
    const row = rows.find((x) => String(x.entity_id) === String(cycle.id));
    assert.ok(row, `an audit row for the reopening: ${JSON.stringify(rows)}`);
    assert.equal(row.actor, 'office');
    assert.ok((row.after || '').includes(reason), `the reason is in the audit row: ${row.after}`);
    // reopened results are the office's again
    expectError(await leader.get(`${API}/cycles/${cycle.id}/results`), 403);
    assert.equal((await anon(srv.url, 'GET', pubPath())).status, 404);
    assert.equal((await compute(office, cycle.id)).groups.length, 1, 'and can be computed again');
  });
});
