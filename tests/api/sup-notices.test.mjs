// Supervision notices (督办单): a supervisor issues a formal notice about red items to their unit
// with a response deadline; the unit is told, answers in writing with evidence; the supervisor
// closes it or reopens it with a reason. Other counties never see it. Its light turns red when
// its deadline passes unanswered (the server restarted with a later clock).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  API, loginAs, show, qs, expectList, startSupServer, runningCycle, unitNamed, unitByCode, itemDue,
  messages, LIXIA_FGJ, SHIZHONG_FGJ, PROVINCE_FGW,
} from './sup-helpers.mjs';
import { expectError } from './_helpers.mjs';
import { tinyPdf, postFile, getBytes } from './fixtures/chain-helpers.mjs';

const TODAY = '2026-09-28';
const sha256 = (b) => createHash('sha256').update(b).digest('hex');

describe('supervision notices (督办单)', () => {
  let srv; let office; let supervisor; let filler; let unitLeader; let countyFiller;
  let cycle; let lixia; let shizhong; let lixiaRegion; let provinceFgw; let red; let red2; let szItem; let notice;
  before(async () => {
    srv = await startSupServer({ day: TODAY });
    [office, supervisor, filler, unitLeader, countyFiller] = await Promise.all(
      ['office', 'supervisor', 'filler', 'unit_leader', 'county_filler'].map((n) => loginAs(srv.url, n)),
    );
    cycle = await runningCycle(office);
    lixia = await unitNamed(office, LIXIA_FGJ);
    shizhong = await unitNamed(office, SHIZHONG_FGJ);
    lixiaRegion = await unitByCode(office, '370102');
    provinceFgw = await unitNamed(office, PROVINCE_FGW);
    red = await itemDue(office, cycle.id, lixia.id, '2026-09-20', { title: '督办红灯事项' });
    red2 = await itemDue(office, cycle.id, lixia.id, '2026-09-22', { title: '督办红灯事项二' });
    szItem = await itemDue(office, cycle.id, shizhong.id, '2026-09-21', { title: '市中区红灯事项' });
    assert.equal(red.light, 'red');
  });
  after(async () => { await srv?.stop(); });

  const body = (over = {}) => ({
    target_unit_id: lixia.id, item_ids: [red.id], title: '关于加快推进重点项目的督办单',
    body: '请于10月9日前书面报告整改情况。', due_date: '2026-10-09', ...over,
  });

  async function getNotice(c, id) {
    const r = await c.get(`${API}/notices/${id}`);
    assert.equal(r.status, 200, `notice ${id}: ${show(r)}`);
    return r.body;
  }

  it('a supervisor issues a notice about a red item to its unit; the unit\'s people are told', async () => {
    const r = await supervisor.post(`${API}/notices`, body({ item_ids: [red.id, red2.id] }));
    assert.equal(r.status, 201, show(r));
    notice = r.body;
    assert.equal(typeof notice.id, 'number');
    assert.equal(notice.cycle_id, cycle.id);
    assert.equal(notice.title, '关于加快推进重点项目的督办单');
    assert.equal(notice.body, '请于10月9日前书面报告整改情况。');
    assert.equal(notice.issuer, 'supervisor');
    assert.equal(notice.issuer_unit_name, '济南市');
    assert.equal(notice.target_unit_id, lixia.id);
    assert.equal(notice.target_unit_name, LIXIA_FGJ);
    assert.deepEqual([...notice.item_ids].sort((a, b) => a - b), [red.id, red2.id].sort((a, b) => a - b));
    assert.equal(notice.due_date, '2026-10-09');
    assert.equal(notice.state, 'open');
    assert.equal(notice.response, null);
    assert.equal(notice.responded_at, null);
    assert.equal(notice.responder, null);
    assert.equal(notice.closed_at, null);
    assert.ok(!Number.isNaN(Date.parse(notice.created_at)));
    // 09-28 → 10-09 is four working days (Sep 29, 30, Oct 8, 9): outside the 3-day window
    assert.equal(notice.light, 'green', `light ${notice.light} (${notice.light_reason})`);
    assert.equal(typeof notice.light_reason, 'string');

    for (const [who, c] of [['filler', filler], ['unit_leader', unitLeader]]) {
      const m = await messages(c, { notice_id: notice.id });
      assert.equal(m.length, 1, `${who} is told once: ${JSON.stringify(m)}`);
      assert.equal(m[0].kind, 'notice');
      assert.ok(`${m[0].title} ${m[0].body}`.includes(notice.title), `the message names the notice: ${JSON.stringify(m[0])}`);
    }
    assert.deepEqual(await messages(countyFiller, { notice_id: notice.id }), []);
    assert.ok(Array.isArray(notice.history) && notice.history.length === 1, `history: ${JSON.stringify(notice.history)}`);
    assert.equal(notice.history[0].actor, 'supervisor');
  });

  it('the target\'s people and the issuer see it; another county does not', async () => {
    assert.equal((await getNotice(filler, notice.id)).id, notice.id);
    assert.equal((await getNotice(unitLeader, notice.id)).state, 'open');
    assert.equal((await getNotice(office, notice.id)).issuer, 'supervisor', 'the office over the issuing scope');
    expectError(await countyFiller.get(`${API}/notices/${notice.id}`), 404, 'not_found');

    const received = expectList(await filler.get(`${API}/notices${qs({ mine: 'received' })}`));
    assert.ok(received.some((n) => n.id === notice.id));
    const issued = expectList(await supervisor.get(`${API}/notices${qs({ mine: 'issued' })}`));
    assert.ok(issued.some((n) => n.id === notice.id));
    assert.ok(!expectList(await filler.get(`${API}/notices${qs({ mine: 'issued' })}`)).some((n) => n.id === notice.id));
    assert.ok(expectList(await supervisor.get(`${API}/notices${qs({ state: 'open' })}`)).some((n) => n.id === notice.id));
    assert.ok(!expectList(await supervisor.get(`${API}/notices${qs({ state: 'closed' })}`)).some((n) => n.id === notice.id));
    assert.ok(!expectList(await countyFiller.get(`${API}/notices`)).some((n) => n.id === notice.id));
  });

  it('only the target unit\'s filler or leader responds, once', async () => {
    expectError(await countyFiller.post(`${API}/notices/${notice.id}/respond`, { text: '越权回复' }), 404, 'not_found');
    expectError(await supervisor.post(`${API}/notices/${notice.id}/respond`, { text: '督查员不能回复' }), 403);
    expectError(await filler.post(`${API}/notices/${notice.id}/respond`, { text: '' }), 422, 'validation_failed', 'text');
    assert.equal((await getNotice(filler, notice.id)).state, 'open', 'refusals changed nothing');

    const r = await filler.post(`${API}/notices/${notice.id}/respond`, { text: '已制定整改计划，10月9日前完成开工。' });
    assert.equal(r.status, 200, show(r));
    assert.equal(r.body.state, 'responded');
    assert.equal(r.body.response, '已制定整改计划，10月9日前完成开工。');
    assert.equal(r.body.responder, 'filler');
    assert.ok(!Number.isNaN(Date.parse(r.body.responded_at)), `responded_at ${r.body.responded_at}`);
    expectError(await unitLeader.post(`${API}/notices/${notice.id}/respond`, { text: '再次回复' }), 409);
    assert.ok(expectList(await supervisor.get(`${API}/notices${qs({ state: 'responded' })}`)).some((n) => n.id === notice.id));
  });

  it('the responding unit attaches evidence the issuer can read; files are checked by content', async () => {
    const n = await supervisor.post(`${API}/notices`, body({ title: '佐证材料督办单' }));
    assert.equal(n.status, 201, show(n));
    const id = n.body.id;
    const pdf = tinyPdf('督办回复佐证');
    const a = await postFile(filler, `${API}/notices/${id}/attachments${qs({ name: '整改方案.pdf' })}`, pdf, 'application/pdf');
    assert.equal(a.status, 201, show(a));
    assert.equal(a.body.name, '整改方案.pdf');
    assert.equal(a.body.size, pdf.length);
    assert.equal(a.body.sha256, sha256(pdf));
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    expectError(await postFile(filler, `${API}/notices/${id}/attachments${qs({ name: 'x.pdf' })}`, html, 'application/pdf'), 415);
    expectError(await postFile(countyFiller, `${API}/notices/${id}/attachments${qs({ name: 'y.pdf' })}`, pdf, 'application/pdf'), 404);
    // the issuer can read the evidence
    const dl = await getBytes(supervisor, `${API}/attachments/${a.body.id}`);
    assert.equal(dl.status, 200);
    assert.equal(sha256(dl.body), sha256(pdf));

    const r = await filler.post(`${API}/notices/${id}/respond`, { text: '见附件整改方案。' });
    assert.equal(r.status, 200, show(r));
  });

  it('the issuer closes it; the target cannot', async () => {
    expectError(await filler.post(`${API}/notices/${notice.id}/close`), 403);
    expectError(await countyFiller.post(`${API}/notices/${notice.id}/close`), 404);
    const r = await supervisor.post(`${API}/notices/${notice.id}/close`);
    assert.equal(r.status, 200, show(r));
    assert.equal(r.body.state, 'closed');
    assert.ok(!Number.isNaN(Date.parse(r.body.closed_at)), `closed_at ${r.body.closed_at}`);
    assert.equal(r.body.light, 'green');
    expectError(await supervisor.post(`${API}/notices/${notice.id}/close`), 409);
  });

  it('reopened with a reason, the target is told again; the history tells the story', async () => {
    expectError(await supervisor.post(`${API}/notices/${notice.id}/reopen`, {}), 422, 'validation_failed', 'reason');
    expectError(await filler.post(`${API}/notices/${notice.id}/reopen`, { reason: '自己重开' }), 403);
    const before1 = (await messages(filler, { notice_id: notice.id })).length;
    const r = await supervisor.post(`${API}/notices/${notice.id}/reopen`, { reason: '整改佐证材料不完整，请补充' });
    assert.equal(r.status, 200, show(r));
    assert.equal(r.body.state, 'open');
    assert.equal(r.body.closed_at, null);
    const m = await messages(filler, { notice_id: notice.id });
    assert.equal(m.length, before1 + 1, 'the target is told of the reopening');
    assert.ok(m.some((x) => `${x.title} ${x.body}`.includes('整改佐证材料不完整，请补充')), JSON.stringify(m));
    expectError(await supervisor.post(`${API}/notices/${notice.id}/reopen`, { reason: '已是打开状态' }), 409);

    const again = await filler.post(`${API}/notices/${notice.id}/respond`, { text: '已补充佐证材料。' });
    assert.equal(again.status, 200, show(again));
    assert.equal(again.body.state, 'responded');

    const h = (await getNotice(supervisor, notice.id)).history;
    assert.ok(Array.isArray(h), `the notice carries its history: ${JSON.stringify(h)}`);
    assert.deepEqual(h.map((x) => x.actor), ['supervisor', 'filler', 'supervisor', 'supervisor', 'filler'], JSON.stringify(h));
    const reopen = h[3];
    assert.equal(reopen.text, '整改佐证材料不完整，请补充');
    assert.equal(h[1].text, '已制定整改计划，10月9日前完成开工。');
    for (let k = 1; k < h.length; k += 1) assert.ok(h[k].at >= h[k - 1].at, 'oldest first');
    assert.equal(new Set(h.map((x) => x.action)).size, 4, `issue, respond, close, reopen: ${h.map((x) => x.action)}`);
  });

  it('items outside the target unit, no items, or callers without the role are refused', async () => {
    const issued = async () => (await supervisor.get(`${API}/notices${qs({ mine: 'issued', size: 1 })}`)).body.total;
    const before1 = await issued();
    expectError(await supervisor.post(`${API}/notices`, body({ target_unit_id: shizhong.id, item_ids: [red.id] })), 422, 'validation_failed');
    expectError(await supervisor.post(`${API}/notices`, body({ item_ids: [red.id, szItem.id] })), 422, 'validation_failed');
    expectError(await supervisor.post(`${API}/notices`, body({ item_ids: [] })), 422, 'validation_failed', 'item_ids');
    expectError(await supervisor.post(`${API}/notices`, body({ due_date: '2026-13-40' })), 422, 'validation_failed', 'due_date');
    expectError(await supervisor.post(`${API}/notices`, body({ title: '' })), 422, 'validation_failed', 'title');
    const prov = await itemDue(office, cycle.id, provinceFgw.id, '2026-09-20', { title: '省直红灯事项' });
    expectError(await supervisor.post(`${API}/notices`, body({ target_unit_id: provinceFgw.id, item_ids: [prov.id] })), [403, 404, 422]);
    expectError(await filler.post(`${API}/notices`, body()), 403);
    expectError(await countyFiller.post(`${API}/notices`, body({ target_unit_id: shizhong.id, item_ids: [szItem.id] })), 403);
    assert.equal(await issued(), before1, 'nothing half-made');
    // a county as target covers its organs' items
    const r = await supervisor.post(`${API}/notices`, body({ target_unit_id: lixiaRegion.id, item_ids: [red2.id], title: '致历下区督办单' }));
    assert.equal(r.status, 201, show(r));
    assert.equal(r.body.target_unit_name, '历下区');
    // the office may issue too
    const o = await office.post(`${API}/notices`, body({ target_unit_id: shizhong.id, item_ids: [szItem.id], title: '省工委督办单' }));
    assert.equal(o.status, 201, show(o));
    assert.equal((await getNotice(countyFiller, o.body.id)).target_unit_id, shizhong.id, 'the county sees what is addressed to it');
  });

  // last: restarts the server two weeks later
  it('an open notice past its deadline is red, one due soon yellow, a closed one green', async () => {
    const overdue = await supervisor.post(`${API}/notices`, body({ title: '逾期未回复督办单', due_date: '2026-10-09' }));
    const soon = await supervisor.post(`${API}/notices`, body({ title: '即将到期督办单', due_date: '2026-10-14' }));
    const closed = await supervisor.post(`${API}/notices`, body({ title: '已办结督办单', due_date: '2026-10-09' }));
    for (const r of [overdue, soon, closed]) assert.equal(r.status, 201, show(r));
    assert.equal((await filler.post(`${API}/notices/${closed.body.id}/respond`, { text: '已办结' })).status, 200);
    assert.equal((await supervisor.post(`${API}/notices/${closed.body.id}/close`)).status, 200);

    await srv.restart('2026-10-12');
    const sup = await loginAs(srv.url, 'supervisor');
    const o = await getNotice(sup, overdue.body.id);
    assert.equal(o.light, 'red', `overdue: ${o.light} (${o.light_reason})`);
    assert.equal(o.light_reason, '逾期 3 天未回复');
    const s = await getNotice(sup, soon.body.id); // Oct 13, 14: two working days
    assert.equal(s.light, 'yellow', `due soon: ${s.light} (${s.light_reason})`);
    const c = await getNotice(sup, closed.body.id);
    assert.equal(c.light, 'green');
    const listed = expectList(await sup.get(`${API}/notices${qs({ state: 'open', size: 200 })}`));
    assert.equal(listed.find((n) => n.id === overdue.body.id)?.light, 'red', 'the list carries the light too');
  });
});
