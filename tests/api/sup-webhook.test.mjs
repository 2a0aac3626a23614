// Reminders to an outbound webhook (DingTalk / WeCom robot format), against a receiver on
// loopback: the JSON shape, retries with back-off after a failure, every attempt recorded in
// GET /deliveries, and no second delivery when the job runs twice on the same day.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  API, loginAs, show, startSupServer, runningCycle, unitNamed, itemDue, runJobs, putSettings, startReceiver,
  waitRequests, waitDeliveries, deliveries, LIXIA_FGJ,
} from './sup-helpers.mjs';
import { expectError } from './_helpers.mjs';

const TODAY = '2026-09-28';
const SOON = '2026-10-08'; // three working days after 09-28 (Sep 29, 30, Oct 8)

const payloadOf = (d) => (typeof d.payload === 'string' ? JSON.parse(d.payload) : d.payload);
const contentOf = (req) => req.json?.text?.content || '';

/* A server with a running cycle whose webhook points at a fresh receiver. */
async function setUp(format, answer) {
  const srv = await startSupServer({ day: TODAY });
  const office = await loginAs(srv.url, 'office');
  const cycle = await runningCycle(office);
  const lixia = await unitNamed(office, LIXIA_FGJ);
  const rcv = await startReceiver(answer);
  const s = await putSettings(office, cycle.id, { webhook_url: rcv.url, webhook_format: format });
  assert.equal(s.webhook_url, rcv.url);
  assert.equal(s.webhook_format, format);
  return { srv, office, cycle, lixia, rcv };
}

function expectRobotText(req, title) {
  assert.equal(req.method, 'POST');
  assert.match(req.headers['content-type'] || '', /^application\/json/, 'JSON body');
  assert.ok(req.json, `the body is JSON: ${req.raw}`);
  assert.equal(req.json.msgtype, 'text', req.raw);
  assert.equal(typeof req.json.text, 'object', req.raw);
  assert.match(contentOf(req), /还有 3 个工作日到期/, req.raw);
  assert.ok(contentOf(req).includes(title), `the content names the item: ${req.raw}`);
}

describe('webhook: DingTalk', () => {
  let env;
  before(async () => { env = await setUp('dingtalk'); });
  after(async () => { await env?.rcv.close(); await env?.srv.stop(); });

  it('a reminder is POSTed as {"msgtype":"text","text":{"content":…}} and recorded as sent', async () => {
    const { srv, office, cycle, lixia, rcv } = env;
    const item = await itemDue(office, cycle.id, lixia.id, SOON, { title: '钉钉推送事项' });
    await runJobs(srv.db, TODAY);
    const [req] = await waitRequests(rcv, (r) => contentOf(r).includes(item.title));
    expectRobotText(req, item.title);
    const list = await waitDeliveries(office, (l) => l.some((d) => d.url === rcv.url && d.status === 'sent'));
    const d = list.find((x) => x.url === rcv.url && payloadOf(x)?.text?.content?.includes(item.title));
    assert.ok(d, `a delivery for the item: ${JSON.stringify(list).slice(0, 600)}`);
    assert.equal(d.status, 'sent');
    assert.equal(d.attempts, 1);
    assert.equal(d.last_status, 200);
    assert.equal(d.last_error, null);
    assert.equal(payloadOf(d).msgtype, 'text');
    assert.ok(!Number.isNaN(Date.parse(d.updated_at)), `updated_at ${d.updated_at}`);
  });

  it('running the job again the same day delivers nothing twice', async () => {
    const { srv, office, rcv } = env;
    const before1 = rcv.requests.length;
    const count1 = (await deliveries(office)).length;
    await runJobs(srv.db, TODAY);
    assert.equal((await deliveries(office)).length, count1, 'no new delivery rows');
    await waitDeliveries(office, (l) => l.every((d) => d.status !== 'pending'));
    assert.equal(rcv.requests.length, before1, 'the receiver got nothing more');
    const titled = rcv.requests.filter((r) => contentOf(r).includes('钉钉推送事项'));
    assert.equal(titled.length, 1);
  });

  it('a manual reminder is POSTed too, with the supervisor\'s words', async () => {
    const { srv, office, cycle, lixia, rcv } = env;
    const item = await itemDue(office, cycle.id, lixia.id, '2026-11-30', { title: '手动催办推送事项' });
    const supervisor = await loginAs(srv.url, 'supervisor');
    const r = await supervisor.post(`${API}/items/${item.id}/remind`, { message: '请今日内报送佐证材料' });
    assert.equal(r.status, 201, show(r));
    const [req] = await waitRequests(rcv, (x) => contentOf(x).includes(item.title));
    assert.equal(req.json.msgtype, 'text');
    assert.ok(contentOf(req).includes('请今日内报送佐证材料'), req.raw);
    await waitDeliveries(office, (l) => l.every((d) => d.status !== 'pending'));
    assert.equal(rcv.requests.filter((x) => contentOf(x).includes(item.title)).length, 1, 'one reminder, one POST');
  });

  it('only the office reads deliveries', async () => {
    const filler = await loginAs(env.srv.url, 'filler');
    expectError(await filler.get(`${API}/deliveries`), [403, 404]);
    const supervisor = await loginAs(env.srv.url, 'supervisor');
    expectError(await supervisor.get(`${API}/deliveries`), [403, 404]);
  });
});

describe('webhook: WeCom', () => {
  let env;
  before(async () => { env = await setUp('wecom'); });
  after(async () => { await env?.rcv.close(); await env?.srv.stop(); });

  it('the WeCom robot gets the same text shape', async () => {
    const { srv, office, cycle, lixia, rcv } = env;
    const item = await itemDue(office, cycle.id, lixia.id, SOON, { title: '企业微信推送事项' });
    await runJobs(srv.db, TODAY);
    const [req] = await waitRequests(rcv, (r) => contentOf(r).includes(item.title));
    expectRobotText(req, item.title);
    assert.equal(req.json.at, undefined, 'no DingTalk "at" field in a WeCom message');
    await waitDeliveries(office, (l) => l.some((d) => d.url === rcv.url && d.status === 'sent'));
  });
});

describe('webhook: retries', () => {
  let env;
  // the first request fails with 500, the rest succeed
  before(async () => { env = await setUp('dingtalk', (n) => (n === 1 ? 500 : 200)); });
  after(async () => { await env?.rcv.close(); await env?.srv.stop(); });

  it('a receiver answering 500 first then 200: the delivery ends sent after two or more attempts', async () => {
    const { srv, office, cycle, lixia, rcv } = env;
    const item = await itemDue(office, cycle.id, lixia.id, SOON, { title: '重试推送事项' });
    await runJobs(srv.db, TODAY);
    const list = await waitDeliveries(office, (l) => l.some((d) => d.url === rcv.url && d.status === 'sent'), 25000,
      'the retried delivery');
    const d = list.find((x) => x.url === rcv.url);
    assert.equal(d.status, 'sent');
    assert.ok(d.attempts >= 2, `attempts ${d.attempts}`);
    assert.equal(d.last_status, 200);
    const got = rcv.requests.filter((r) => contentOf(r).includes(item.title));
    assert.ok(got.length >= 2, `the receiver saw the retry: ${got.length}`);
    assert.equal(got[0].raw, got[1].raw, 'the retry sends the same message');
  });

  it('a receiver that keeps failing: each attempt is recorded with its status, and it is not marked sent', async () => {
    const { srv, office, cycle, lixia } = env;
    const bad = await startReceiver(() => 500);
    try {
      await putSettings(office, cycle.id, { webhook_url: bad.url });
      await itemDue(office, cycle.id, lixia.id, SOON, { title: '总是失败的推送' });
      await runJobs(srv.db, TODAY);
      await waitRequests(bad, (r) => contentOf(r).includes('总是失败的推送'));
      const list = await waitDeliveries(office, (l) => l.some((d) => d.url === bad.url && d.attempts >= 1 && d.last_status === 500),
        25000, 'the failed attempt recorded');
      const d = list.find((x) => x.url === bad.url && x.attempts >= 1 && x.last_status === 500);
      assert.ok(['pending', 'failed'].includes(d.status), `status ${d.status}`);
      assert.equal(d.last_status, 500);
    } finally {
      await bad.close();
    }
  });
});
