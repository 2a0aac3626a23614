// Progress reports (进展填报): draft → submitted → approved / returned with a reason; only an
// approved report moves the item's progress. Evidence files are uploaded as the raw body, typed
// by their content, stored by hash and downloaded as attachments.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { API, loginAs, expectError, expectList, show, qs } from './_helpers.mjs';
import {
  startChainServer, createCycle, unitNamed, createItem, getItem, report, getBytes, postFile, postLarge, dispositionName,
  tinyPdf, tinyPng, PERIOD, LIXIA_FGJ, SHIZHONG_FGJ,
} from './fixtures/chain-helpers.mjs';

const sha256 = (b) => createHash('sha256').update(b).digest('hex');

describe('reports', () => {
  let srv; let office; let filler; let unitLeader; let countyFiller;
  let cycle; let lixia; let shizhong; let n = 0;
  before(async () => {
    srv = await startChainServer();
    [office, filler, unitLeader, countyFiller] = await Promise.all(
      ['office', 'filler', 'unit_leader', 'county_filler'].map((u) => loginAs(srv.url, u)),
    );
    cycle = await createCycle(office, { phase: 'running' });
    lixia = await unitNamed(office, LIXIA_FGJ);
    shizhong = await unitNamed(office, SHIZHONG_FGJ);
  });
  after(async () => { await srv?.stop(); });

  /* A fresh top-level item of 历下区发展和改革局, so each test has its periods to itself. */
  function freshItem(over = {}) {
    n += 1;
    return createItem(office, cycle.id, lixia.id, { title: `填报事项${n}`, responsible_person: '填报员', ...over });
  }

  it('the filler writes a draft, edits it and submits it; a submitted report cannot be edited', async () => {
    const item = await freshItem();
    const r = await filler.post(`${API}/items/${item.id}/reports`, { period: PERIOD, text: '完成方案初稿', progress: 30 });
    assert.equal(r.status, 201, show(r));
    const rep = r.body;
    assert.equal(typeof rep.id, 'number');
    assert.equal(rep.item_id, item.id);
    assert.equal(rep.period, PERIOD);
    assert.equal(rep.text, '完成方案初稿');
    assert.equal(rep.progress, 30);
    assert.equal(rep.state, 'draft');
    assert.equal(rep.return_reason, null);
    assert.equal(rep.author, 'filler');
    assert.equal(rep.submitted_at, null);
    assert.equal(rep.reviewer, null);
    assert.equal(rep.reviewed_at, null);
    assert.deepEqual(rep.attachments, []);
    // the answer is the report as stored: read back, it is the same
    assert.deepEqual((await filler.get(`${API}/items/${item.id}/reports`)).body.items, [rep]);

    const p = await filler.patch(`${API}/reports/${rep.id}`, { text: '完成方案编制', progress: 35 });
    assert.equal(p.status, 200, show(p));
    assert.equal(p.body.text, '完成方案编制');
    assert.equal(p.body.progress, 35);
    assert.equal(p.body.state, 'draft');

    const s = await filler.post(`${API}/reports/${rep.id}/submit`);
    assert.equal(s.status, 200, show(s));
    assert.equal(s.body.state, 'submitted');
    assert.ok(!Number.isNaN(Date.parse(s.body.submitted_at)), `submitted_at: ${s.body.submitted_at}`);

    expectError(await filler.patch(`${API}/reports/${rep.id}`, { progress: 90 }), 409);
    expectError(await filler.post(`${API}/reports/${rep.id}/submit`), 409);
    const list = (await filler.get(`${API}/items/${item.id}/reports`)).body.items;
    assert.equal(list.length, 1);
    assert.equal(list[0].progress, 35, 'the refused edit changed nothing');
    assert.equal((await getItem(office, item.id)).progress, 0, 'a submitted report does not move progress');
  });

  it('return needs a reason; the filler edits and resubmits; approval sets the item\'s progress', async () => {
    const item = await freshItem();
    const rep = await report(filler, item.id, { progress: 40, state: 'submitted' });
    expectError(await unitLeader.post(`${API}/reports/${rep.id}/return`, {}), 422, 'validation_failed', 'reason');
    expectError(await unitLeader.post(`${API}/reports/${rep.id}/return`, { reason: '' }), 422, 'validation_failed', 'reason');

    const ret = await unitLeader.post(`${API}/reports/${rep.id}/return`, { reason: '佐证材料不足，请补充' });
    assert.equal(ret.status, 200, show(ret));
    assert.equal(ret.body.state, 'returned');
    assert.equal(ret.body.return_reason, '佐证材料不足，请补充');
    assert.equal(ret.body.reviewer, 'unit_leader');
    assert.ok(!Number.isNaN(Date.parse(ret.body.reviewed_at)));
    assert.equal((await getItem(office, item.id)).progress, 0, 'a returned report moves nothing');

    const p = await filler.patch(`${API}/reports/${rep.id}`, { progress: 45, text: '已补充佐证材料' });
    assert.equal(p.status, 200, show(p));
    assert.equal(p.body.progress, 45);
    const s = await filler.post(`${API}/reports/${rep.id}/submit`);
    assert.equal(s.body.state, 'submitted', show(s));

    const a = await unitLeader.post(`${API}/reports/${rep.id}/approve`);
    assert.equal(a.status, 200, show(a));
    assert.equal(a.body.state, 'approved');
    assert.equal(a.body.reviewer, 'unit_leader');
    const after1 = await getItem(office, item.id);
    assert.equal(after1.progress, 45, 'approval sets the item\'s progress to the report\'s');
    assert.equal(after1.rollup_progress, 45, 'an item without children rolls up to its own progress');
    expectError(await unitLeader.post(`${API}/reports/${rep.id}/approve`), 409);
    expectError(await unitLeader.post(`${API}/reports/${rep.id}/return`, { reason: '再退回' }), 409);
  });

  it('only approved reports move progress; later approvals replace it', async () => {
    const item = await freshItem();
    await report(filler, item.id, { period: '2026-02', progress: 20, state: 'approved', reviewer: unitLeader });
    assert.equal((await getItem(office, item.id)).progress, 20);
    const draft = await report(filler, item.id, { period: '2026-03', progress: 70 });
    assert.equal((await getItem(office, item.id)).progress, 20, 'a draft moves nothing');
    await filler.post(`${API}/reports/${draft.id}/submit`);
    assert.equal((await getItem(office, item.id)).progress, 20, 'a submitted report moves nothing');
    await unitLeader.post(`${API}/reports/${draft.id}/return`, { reason: '数据有误' });
    assert.equal((await getItem(office, item.id)).progress, 20, 'a returned report moves nothing');
    await filler.post(`${API}/reports/${draft.id}/submit`);
    const a = await office.post(`${API}/reports/${draft.id}/approve`);
    assert.equal(a.status, 200, `the office may review too: ${show(a)}`);
    assert.equal((await getItem(office, item.id)).progress, 70);
  });

  it('reports of an item are listed newest period first', async () => {
    const item = await freshItem();
    for (const period of ['2026-01', '2026-03', '2026-02']) await report(filler, item.id, { period, progress: 10 });
    const r = await filler.get(`${API}/items/${item.id}/reports`);
    assert.equal(r.status, 200, show(r));
    assert.deepEqual(r.body.items.map((x) => x.period), ['2026-03', '2026-02', '2026-01']);
  });

  it('one report per item and period (409 naming period); submit:true submits at once', async () => {
    const item = await freshItem();
    const r = await filler.post(`${API}/items/${item.id}/reports`, { period: PERIOD, text: '直接提交', progress: 15, submit: true });
    assert.equal(r.status, 201, show(r));
    assert.equal(r.body.state, 'submitted');
    assert.match(r.body.submitted_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expectError(await filler.post(`${API}/items/${item.id}/reports`, { period: PERIOD, text: '第二份', progress: 25 }),
      409, 'conflict', 'period');
    assert.deepEqual((await filler.get(`${API}/items/${item.id}/reports`)).body.items, [r.body], 'as stored');
  });

  it('progress outside 0..100 and a malformed period answer 422 naming the field', async () => {
    const item = await freshItem();
    const post = (b) => filler.post(`${API}/items/${item.id}/reports`, { period: PERIOD, text: '校验', progress: 50, ...b });
    expectError(await post({ progress: 101 }), 422, 'validation_failed', 'progress');
    expectError(await post({ progress: -1 }), 422, 'validation_failed', 'progress');
    expectError(await post({ period: '2026-13' }), 422, 'validation_failed', 'period');
    expectError(await post({ period: '2026年3月' }), 422, 'validation_failed', 'period');
    const both = expectError(await post({ period: 'x', progress: 200 }), 422, 'validation_failed');
    const names = both.fields.map((f) => f.field);
    assert.ok(names.includes('period') && names.includes('progress'), `both named: ${names}`);
    assert.deepEqual((await filler.get(`${API}/items/${item.id}/reports`)).body.items, []);
    const ok = await report(filler, item.id, { progress: 100 });
    expectError(await filler.patch(`${API}/reports/${ok.id}`, { progress: 100.5 }), 422, 'validation_failed', 'progress');
  });

  it('a filler of another county gets 404 for the item, its reports and its review', async () => {
    const item = await freshItem();
    const rep = await report(filler, item.id, { progress: 10, state: 'submitted' });
    expectError(await countyFiller.post(`${API}/items/${item.id}/reports`, { period: '2026-02', text: '越权', progress: 99 }), 404, 'not_found');
    expectError(await countyFiller.get(`${API}/items/${item.id}/reports`), 404, 'not_found');
    expectError(await countyFiller.patch(`${API}/reports/${rep.id}`, { text: '越权' }), 404, 'not_found');
    const ap = await countyFiller.post(`${API}/reports/${rep.id}/approve`);
    assert.ok([403, 404].includes(ap.status), show(ap));
    assert.equal((await filler.get(`${API}/items/${item.id}/reports`)).body.items.length, 1);
    assert.equal((await getItem(office, item.id)).progress, 0);
  });

  it('the filler cannot review; the unit leader can also write reports', async () => {
    const item = await freshItem();
    const rep = await report(filler, item.id, { progress: 33, state: 'submitted' });
    expectError(await filler.post(`${API}/reports/${rep.id}/approve`), 403, 'forbidden');
    expectError(await filler.post(`${API}/reports/${rep.id}/return`, { reason: '自己退回' }), 403, 'forbidden');
    assert.equal((await getItem(office, item.id)).progress, 0);
    const r = await unitLeader.post(`${API}/items/${item.id}/reports`, { period: '2026-02', text: '负责人填报', progress: 40 });
    assert.equal(r.status, 201, show(r));
    assert.equal(r.body.author, 'unit_leader');
  });

  it('the review queue lists submitted reports with item title and unit name', async () => {
    const item = await freshItem({ title: '待审核事项' });
    const rep = await report(filler, item.id, { progress: 55, state: 'submitted' });
    const q = await unitLeader.get(`${API}/reviews${qs({ size: 200 })}`);
    const rows = expectList(q);
    const row = rows.find((x) => x.id === rep.id);
    assert.ok(row, `the submitted report waits for review: ${show(q)}`);
    assert.equal(row.item_title, '待审核事项');
    assert.equal(row.unit_name, LIXIA_FGJ);
    assert.equal(row.state, 'submitted');
    assert.ok(rows.every((x) => x.state === 'submitted'), 'only submitted reports');
    const cq = await countyFiller.get(`${API}/reviews${qs({ size: 200 })}`);
    if (cq.status === 200) assert.ok(!cq.body.items.some((x) => x.id === rep.id), 'another county never sees it');
    else expectError(cq, 403);
    await unitLeader.post(`${API}/reports/${rep.id}/approve`);
    const q2 = expectList(await unitLeader.get(`${API}/reviews${qs({ size: 200 })}`));
    assert.ok(!q2.some((x) => x.id === rep.id), 'an approved report leaves the queue');
  });

  it('the timeline shows reports submitted and reviewed', async () => {
    const item = await freshItem();
    const rep = await report(filler, item.id, { progress: 25, state: 'submitted' });
    await unitLeader.post(`${API}/reports/${rep.id}/return`, { reason: '补充照片' });
    await filler.post(`${API}/reports/${rep.id}/submit`);
    await unitLeader.post(`${API}/reports/${rep.id}/approve`);
    const r = await office.get(`${API}/items/${item.id}/timeline`);
    assert.equal(r.status, 200, show(r));
    const ev = r.body.items;
    assert.equal(ev[0].kind, 'change', 'creation comes first');
    const reports = ev.filter((e) => e.kind === 'report');
    const reviews = ev.filter((e) => e.kind === 'review');
    assert.ok(reports.length >= 2, `two submissions: ${show(r)}`);
    assert.ok(reviews.length >= 2, `a return and an approval: ${show(r)}`);
    assert.ok([...reports, ...reviews].every((e) => e.report_id === rep.id));
    assert.ok(reviews.some((e) => e.actor === 'unit_leader' || /unit_leader|单位负责人/.test(e.actor)));
    const at = ev.map((e) => Date.parse(e.at));
    assert.deepEqual(at, [...at].sort((a, b) => a - b), 'oldest first');
  });

  describe('attachments', () => {
    let item; let rep;
    before(async () => {
      item = await freshItem({ title: '佐证材料事项' });
      rep = await report(filler, item.id, { progress: 10 });
    });
    const upload = (r, name, bytes, type) => postFile(filler, `${API}/reports/${r.id}/attachments${qs({ name })}`, bytes, type);

    it('a PDF is stored and downloaded back byte for byte, as an attachment', async () => {
      const pdf = tinyPdf('证明材料');
      const r = await upload(rep, '项目开工证明.pdf', pdf, 'application/pdf');
      assert.equal(r.status, 201, show(r));
      const a = r.body;
      assert.equal(typeof a.id, 'number');
      assert.equal(a.name, '项目开工证明.pdf');
      assert.equal(a.size, pdf.length);
      assert.equal(a.mime, 'application/pdf');
      assert.equal(a.sha256, sha256(pdf));

      const d = await getBytes(filler, `${API}/attachments/${a.id}`);
      assert.equal(d.status, 200);
      assert.ok(d.body.equals(Buffer.from(pdf)), 'byte-identical');
      const cd = d.headers.get('content-disposition') || '';
      assert.match(cd, /^attachment\b/i, `Content-Disposition: ${cd}`);
      assert.equal(dispositionName(cd), '项目开工证明.pdf', `filename*: ${cd}`);
      assert.equal(d.headers.get('x-content-type-options'), 'nosniff');

      const list = (await filler.get(`${API}/items/${item.id}/reports`)).body.items;
      assert.ok(list[0].attachments.some((x) => x.id === a.id && x.sha256 === a.sha256), 'the report lists it');
      for (const who of [unitLeader, office]) {
        const rd = await getBytes(who, `${API}/attachments/${a.id}`);
        assert.equal(rd.status, 200, 'the reviewers read the evidence');
        assert.ok(rd.body.equals(Buffer.from(pdf)));
      }
      const other = await getBytes(countyFiller, `${API}/attachments/${a.id}`);
      assert.equal(other.status, 404, 'another county cannot download it');
      assert.ok(!other.body.includes(Buffer.from('%PDF')), 'and gets no bytes of it');
    });

    it('files are stored once, by their SHA-256, beside the database and not in the web root', async () => {
      const pdf = tinyPdf('stored by hash');
      const a = (await upload(rep, '一份.pdf', pdf, 'application/pdf')).body;
      const b = (await upload(rep, '同一份.pdf', pdf, 'application/pdf')).body;
      assert.equal(a.sha256, sha256(pdf));
      assert.equal(b.sha256, a.sha256);
      assert.notEqual(a.id, b.id, 'two attachments');
      const stored = readdirSync(srv.dir, { recursive: true })
        .map(String).filter((f) => f.includes(a.sha256) && statSync(path.join(srv.dir, f)).isFile());
      assert.equal(stored.length, 1, `one file named by its hash under the data directory: ${stored}`);
      assert.ok(readFileSync(path.join(srv.dir, stored[0])).equals(Buffer.from(pdf)));
    });

    it('images and Office documents are accepted by their content', async () => {
      const png = await upload(rep, '现场照片.png', tinyPng(), 'image/png');
      assert.equal(png.status, 201, show(png));
      assert.equal(png.body.mime, 'image/png');
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('台账').addRow(['项目', '投资']);
      const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
      const x = await upload(rep, '投资台账.xlsx', xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.equal(x.status, 201, show(x));
      assert.equal(x.body.sha256, sha256(xlsx));
    });

    it('HTML, scripts and executables are refused (415) whatever their name and declared type', async () => {
      const before = (await filler.get(`${API}/items/${item.id}/reports`)).body.items[0].attachments.length;
      const html = new TextEncoder().encode('<html><script>alert(document.cookie)</script></html>');
      expectError(await upload(rep, 'x.pdf', html, 'application/pdf'), 415, 'unsupported_media_type');
      expectError(await upload(rep, 'x.html', html, 'text/html'), 415, 'unsupported_media_type');
      const sh = new TextEncoder().encode('#!/bin/sh\nrm -rf /\n');
      expectError(await upload(rep, 'run.png', sh, 'image/png'), 415, 'unsupported_media_type');
      const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
      expectError(await upload(rep, 'tool.docx', elf, 'application/octet-stream'), 415, 'unsupported_media_type');
      const after1 = (await filler.get(`${API}/items/${item.id}/reports`)).body.items[0].attachments.length;
      assert.equal(after1, before, 'nothing was attached');
    });

    it('a name with path parts is stored safely and downloads under a harmless name', async () => {
      const pdf = tinyPdf('traversal');
      const r = await upload(rep, '../../x', pdf, 'application/pdf');
      assert.equal(r.status, 201, show(r));
      assert.ok(!/[/\\]/.test(r.body.name), `stored name has no path separators: ${r.body.name}`);
      const d = await getBytes(filler, `${API}/attachments/${r.body.id}`);
      assert.equal(d.status, 200);
      assert.ok(d.body.equals(Buffer.from(pdf)));
      const cd = d.headers.get('content-disposition') || '';
      assert.match(cd, /^attachment\b/i);
      const fname = dispositionName(cd) || '';
      assert.ok(!/[/\\]/.test(fname) && !fname.startsWith('.'), `harmless download name: ${cd}`);
      assert.ok(!existsSync(path.join(srv.dir, '..', '..', 'x')) && !existsSync(path.join(srv.dir, '..', 'x')), 'nothing written outside');
    });

    it('a file over 20 MiB answers 413 and is not attached', async () => {
      const before = (await filler.get(`${API}/items/${item.id}/reports`)).body.items[0].attachments.length;
      const r = await postLarge(filler, `${API}/reports/${rep.id}/attachments${qs({ name: 'big.pdf' })}`,
        20 * 1024 * 1024 + 1, 'application/pdf', tinyPdf());
      expectError(r, 413, 'payload_too_large');
      assert.equal((await filler.get(`${API}/items/${item.id}/reports`)).body.items[0].attachments.length, before);
    });

    it('the timeline lists each report with its own attachments, in upload order', async () => {
      const it3 = await freshItem({ title: '两期佐证事项' });
      const jan = await report(filler, it3.id, { period: '2026-01', progress: 10 });
      const feb = await report(filler, it3.id, { period: '2026-02', progress: 20 });
      const up = async (r, name) => (await upload(r, name, tinyPdf(name), 'application/pdf')).body.id;
      const j1 = await up(jan, '一月甲.pdf');
      const f1 = await up(feb, '二月甲.pdf');
      const j2 = await up(jan, '一月乙.pdf');
      const list = (await filler.get(`${API}/items/${it3.id}/reports`)).body.items;
      assert.deepEqual(list.map((r) => [r.period, r.attachments.map((a) => a.id)]),
        [['2026-02', [f1]], ['2026-01', [j1, j2]]]);
      const one = (await filler.get(`${API}/items/${item.id}/reports`)).body.items;
      assert.ok(one.every((r) => r.attachments.every((a) => ![j1, j2, f1].includes(a.id))), 'not another item\'s');
    });

    it('the review queue lists each report with its own attachments', async () => {
      const a = await report(filler, (await freshItem({ title: '待审甲' })).id, { progress: 20 });
      const b = await report(filler, (await freshItem({ title: '待审乙' })).id, { progress: 30 });
      const c = await report(filler, (await freshItem({ title: '待审丙' })).id, { progress: 40 });
      const up = async (r, name) => (await upload(r, name, tinyPdf(name), 'application/pdf')).body.id;
      const a1 = await up(a, '甲一.pdf');
      const b1 = await up(b, '乙一.pdf');
      const a2 = await up(a, '甲二.pdf');
      for (const r of [a, b, c]) assert.equal((await filler.post(`${API}/reports/${r.id}/submit`)).status, 200);
      const rows = expectList(await unitLeader.get(`${API}/reviews${qs({ size: 200 })}`));
      const atts = (r) => rows.find((x) => x.id === r.id).attachments.map((x) => x.id);
      assert.deepEqual([atts(a), atts(b), atts(c)], [[a1, a2], [b1], []]);
    });

    it('attachments are deleted from a draft, and not once submitted', async () => {
      const it2 = await freshItem();
      const r2 = await report(filler, it2.id, { progress: 5 });
      const a = (await upload(r2, '删除测试.pdf', tinyPdf('del'), 'application/pdf')).body;
      const b = (await upload(r2, '保留.pdf', tinyPdf('keep'), 'application/pdf')).body;
      const del = await filler.del(`${API}/reports/${r2.id}/attachments/${a.id}`);
      assert.equal(del.status, 204, show(del));
      let atts = (await filler.get(`${API}/items/${it2.id}/reports`)).body.items[0].attachments;
      assert.deepEqual(atts.map((x) => x.id), [b.id]);
      await filler.post(`${API}/reports/${r2.id}/submit`);
      expectError(await filler.del(`${API}/reports/${r2.id}/attachments/${b.id}`), 409);
      atts = (await filler.get(`${API}/items/${it2.id}/reports`)).body.items[0].attachments;
      assert.deepEqual(atts.map((x) => x.id), [b.id]);
    });

    it('another county cannot attach to the report', async () => {
      const r = await postFile(countyFiller, `${API}/reports/${rep.id}/attachments${qs({ name: 'x.pdf' })}`, tinyPdf(), 'application/pdf');
      expectError(r, 404, 'not_found');
    });
  });

  it('the list sorts by progress both ways', async () => {
    const made = [];
    for (const p of [70, 10, 40]) {
      const item = await freshItem({ project: '按进度排序' });
      await report(filler, item.id, { progress: p, state: 'approved', reviewer: unitLeader });
      made.push(item.id);
    }
    const asc = expectList(await office.get(`${API}/items${qs({ cycle_id: cycle.id, project: '按进度排序', sort: 'progress' })}`));
    assert.deepEqual(asc.map((i) => i.progress), [10, 40, 70]);
    const desc = expectList(await office.get(`${API}/items${qs({ cycle_id: cycle.id, project: '按进度排序', sort: '-progress' })}`));
    assert.deepEqual(desc.map((i) => i.progress), [70, 40, 10]);
  });

  it('an item of another organ is not reported by this filler', async () => {
    const other = await createItem(office, cycle.id, shizhong.id, { title: '市中区事项' });
    expectError(await filler.post(`${API}/items/${other.id}/reports`, { period: PERIOD, text: '越权', progress: 10 }), 404, 'not_found');
    const ok = await countyFiller.post(`${API}/items/${other.id}/reports`, { period: PERIOD, text: '本区填报', progress: 10 });
    assert.equal(ok.status, 201, show(ok));
  });
});
