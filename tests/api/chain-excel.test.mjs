// Excel in and out: the template, the import job (check → commit, all or nothing, duplicates
// updated not doubled, three date spellings and real date cells, CSV with BOM) and the export.
// Every sheet is built and read with exceljs, never by string search.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { API, loginAs, expectError, expectList, show, qs } from './_helpers.mjs';
import {
  startChainServer, createCycle, unitNamed, itemTotal, waitImport, getBytes, postFile, postLarge, XLSX,
  LIXIA_FGJ, TIANQIAO_FGJ, HUAIYIN_FGJ,
} from './fixtures/chain-helpers.mjs';

const HEADERS = ['工作项目', '类别', '事项名称', '责任单位', '责任人', '分管领导', '开始日期', '完成时限',
  '目标任务', '目标值', '计量单位', '佐证材料要求', '权重', '事项说明'];
const EXPORT_EXTRA = ['进度(%)', '汇总进度(%)', '状态', '亮灯'];
const CJK = /[\u4e00-\u9fff]/;

/* An .xlsx with one sheet 清单: a header row, then one row per object (keys are headers). */
async function sheet(rows, { headers = HEADERS, name = '清单' } = {}) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(name);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(headers.map((h) => (r[h] === undefined ? null : r[h])));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readXlsx(buf) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf);
  return wb;
}

/* The text of a cell, whatever exceljs made of it. */
function text(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && v.richText) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'result' in v) return String(v.result);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

function headerRow(ws) {
  const out = [];
  ws.getRow(1).eachCell({ includeEmpty: false }, (c) => out.push(text(c.value).trim()));
  return out;
}

/* Column letters carrying a list validation (exceljs keys single cells or ranges). */
function listValidatedColumns(ws) {
  const cols = new Set();
  for (const [addr, v] of Object.entries(ws.dataValidations?.model || {})) {
    if (v?.type !== 'list') continue;
    for (const part of addr.split(/[\s:]+/)) {
      const m = /^\$?([A-Z]+)\$?\d*/.exec(part.replace(/^.*!/, ''));
      if (m) cols.add(m[1]);
    }
  }
  return cols;
}

const colLetter = (i) => String.fromCharCode(65 + i); // fine up to Z

describe('Excel template, import and export', () => {
  let srv; let office; let filler; let unitLeader; let cycle;
  before(async () => {
    srv = await startChainServer();
    [office, filler, unitLeader] = await Promise.all(['office', 'filler', 'unit_leader'].map((u) => loginAs(srv.url, u)));
    cycle = await createCycle(office, { phase: 'running' });
    for (const n of [LIXIA_FGJ, TIANQIAO_FGJ, HUAIYIN_FGJ]) await unitNamed(office, n); // they exist
  });
  after(async () => { await srv?.stop(); });

  /* Uploads a file and waits for the check to finish; answers the Import. */
  async function check(c, bytes, { type = XLSX, filename = '清单.xlsx' } = {}) {
    const r = await postFile(c, `${API}/imports${qs({ cycle_id: cycle.id, filename })}`, bytes, type);
    assert.equal(r.status, 202, `upload: ${show(r)}`);
    assert.equal(typeof r.body.id, 'number');
    assert.ok(['checking', 'checked'].includes(r.body.state), `a new import is checking: ${show(r)}`);
    assert.equal(r.body.cycle_id, cycle.id);
    assert.equal(r.body.filename, filename);
    return waitImport(c, r.body.id);
  }

  async function commit(c, imp) {
    const r = await c.post(`${API}/imports/${imp.id}/commit`);
    assert.equal(r.status, 202, `commit: ${show(r)}`);
    assert.ok(['importing', 'done'].includes(r.body.state), show(r));
    return waitImport(c, imp.id);
  }

  /* 200 good rows of a project, spread over three counties' organs. */
  function rows200(project) {
    const units = [LIXIA_FGJ, TIANQIAO_FGJ, HUAIYIN_FGJ];
    return Array.from({ length: 200 }, (_, i) => ({
      工作项目: project,
      类别: i % 2 ? '重点任务' : '改革任务',
      事项名称: `${project}事项${String(i + 1).padStart(3, '0')}`,
      责任单位: units[i % 3],
      责任人: `责任人${i + 1}`,
      分管领导: '王副局长',
      开始日期: '2026-01-01',
      完成时限: '2026-12-31',
      目标任务: '按期完成',
      目标值: i + 1,
      计量单位: '个',
      佐证材料要求: '工作台账',
      权重: 1,
      事项说明: '导入测试',
    }));
  }

  it('the template is a real .xlsx: sheet 清单 with the Chinese headers, 填写说明, drop-downs', async () => {
    const r = await getBytes(office, `${API}/items/template.xlsx${qs({ cycle_id: cycle.id })}`);
    assert.equal(r.status, 200, r.body.toString('utf8', 0, 200));
    assert.match(r.headers.get('content-type') || '', /spreadsheetml|officedocument/);
    const wb = await readXlsx(r.body);
    const ws = wb.getWorksheet('清单');
    assert.ok(ws, `sheet 清单 exists: ${wb.worksheets.map((w) => w.name)}`);
    const head = headerRow(ws);
    assert.deepEqual([...head].sort(), [...HEADERS].sort(), `headers: ${head}`);
    const help = wb.getWorksheet('填写说明');
    assert.ok(help, 'sheet 填写说明 exists');
    let helpText = '';
    help.eachRow((row) => row.eachCell((c) => { helpText += text(c.value); }));
    assert.match(helpText, CJK, 'the instructions say something, in Chinese');
    assert.ok(helpText.includes('完成时限'), 'the instructions explain the columns');
    const validated = listValidatedColumns(ws);
    for (const h of ['类别', '责任单位']) {
      const col = colLetter(head.indexOf(h));
      assert.ok(validated.has(col), `${h} (column ${col}) has a drop-down; validated: ${[...validated]}`);
    }
  });

  it('the template, filled in, imports', async () => {
    const r = await getBytes(office, `${API}/items/template.xlsx${qs({ cycle_id: cycle.id })}`);
    const wb = await readXlsx(r.body);
    const ws = wb.getWorksheet('清单');
    const head = headerRow(ws).map((h) => h.replace(/\s*\*$/, '')); // a required-column mark is not the point here
    const rowsIn = [
      { 工作项目: '模板回填', 类别: '重点任务', 事项名称: '模板回填一', 责任单位: LIXIA_FGJ, 责任人: '甲', 完成时限: '2026-06-30' },
      { 工作项目: '模板回填', 类别: '重点任务', 事项名称: '模板回填二', 责任单位: TIANQIAO_FGJ, 责任人: '乙', 完成时限: '2026-07-31' },
    ];
    rowsIn.forEach((row, i) => {
      head.forEach((h, j) => { if (row[h] !== undefined) ws.getCell(i + 2, j + 1).value = row[h]; });
    });
    const imp = await check(office, Buffer.from(await wb.xlsx.writeBuffer()));
    assert.equal(imp.state, 'checked', show({ status: 200, body: imp }));
    assert.deepEqual(imp.errors, []);
    const done = await commit(office, imp);
    assert.equal(done.state, 'done');
    assert.equal(done.created, 2);
    assert.equal(await itemTotal(office, { cycle_id: cycle.id, project: '模板回填' }), 2);
  });

  it('a 200-row sheet with 3 bad rows is refused naming exactly those rows; fixed, it imports once', async () => {
    const project = '二百行导入';
    const rows = rows200(project);
    rows[8].责任单位 = '不存在的发展和改革局'; // sheet row 10
    rows[48].完成时限 = '2025/13/40'; // sheet row 50
    rows[118].开始日期 = '2026-09-01'; rows[118].完成时限 = '2026-03-01'; // sheet row 120
    const before = await itemTotal(office, { cycle_id: cycle.id });

    const bad = await check(office, await sheet(rows));
    assert.deepEqual([...new Set(bad.errors.map((e) => e.row))].sort((a, b) => a - b), [10, 50, 120],
      `errors: ${JSON.stringify(bad.errors)}`);
    const at = (row) => bad.errors.filter((e) => e.row === row).map((e) => e.column);
    assert.ok(at(10).includes('责任单位'), `row 10 names 责任单位: ${at(10)}`);
    assert.ok(at(50).includes('完成时限'), `row 50 names 完成时限: ${at(50)}`);
    assert.ok(at(120).includes('完成时限'), `row 120 names 完成时限: ${at(120)}`);
    for (const e of bad.errors) assert.match(e.message, CJK, `messages are in Chinese: ${e.message}`);
    assert.ok(bad.errors.find((e) => e.row === 50).message.includes('2025/13/40'), 'the message quotes the bad value');
    assert.equal(bad.total_rows, 200);
    assert.equal(bad.processed_rows, 200);
    assert.equal(bad.valid_rows, 197, 'three of 200 rows are bad');
    assert.equal(bad.state, 'checked', 'a finished check with errors is "checked" (commit answers 409 unless checked without errors)');

    expectError(await office.post(`${API}/imports/${bad.id}/commit`), 409);
    assert.equal((await office.get(`${API}/imports/${bad.id}`)).body.state, 'checked', 'a refused commit changes nothing');
    assert.equal(await itemTotal(office, { cycle_id: cycle.id }), before, 'nothing was imported');

    rows[8].责任单位 = LIXIA_FGJ;
    rows[48].完成时限 = '2026/12/31';
    rows[118].开始日期 = '2026-01-01';
    const fixedSheet = await sheet(rows);
    const good = await check(office, fixedSheet);
    assert.equal(good.state, 'checked');
    assert.deepEqual(good.errors, []);
    assert.equal(good.valid_rows, 200);
    const done = await commit(office, good);
    assert.equal(done.state, 'done', JSON.stringify(done).slice(0, 400));
    assert.equal(done.created, 200);
    assert.equal(done.updated, 0);
    assert.equal(await itemTotal(office, { cycle_id: cycle.id, project }), 200);
    assert.equal(await itemTotal(office, { cycle_id: cycle.id }), before + 200);
    expectError(await office.post(`${API}/imports/${good.id}/commit`), 409, null, undefined);

    const one = expectList(await office.get(`${API}/items${qs({ cycle_id: cycle.id, q: `${project}事项050` })}`));
    assert.equal(one.length, 1);
    assert.equal(one[0].due_date, '2026-12-31', '2026/12/31 was read as a date');
    assert.equal(one[0].unit_name, TIANQIAO_FGJ);
    assert.equal(one[0].responsible_person, '责任人50');
    assert.equal(one[0].target_value, 50);
    assert.equal(one[0].weight, 1);

    const again = await commit(office, await check(office, fixedSheet));
    assert.equal(again.state, 'done');
    assert.equal(again.created, 0, 'the same sheet twice creates nothing the second time');
    assert.equal(again.updated, 200);
    assert.equal(await itemTotal(office, { cycle_id: cycle.id, project }), 200);
    assert.equal(await itemTotal(office, { cycle_id: cycle.id }), before + 200);
    assert.equal((await office.get(`${API}/cycles/${cycle.id}`)).body.item_count, before + 200);
  });

  it('a row matching an existing (unit, project, title) updates that item', async () => {
    const row = { 工作项目: '更新项目', 类别: '重点任务', 事项名称: '更新事项', 责任单位: LIXIA_FGJ, 责任人: '旧责任人', 完成时限: '2026-06-30' };
    await commit(office, await check(office, await sheet([row])));
    const imp = await commit(office, await check(office, await sheet([{ ...row, 责任人: '新责任人', 完成时限: '2026-09-30' }])));
    assert.equal(imp.created, 0);
    assert.equal(imp.updated, 1);
    const items = expectList(await office.get(`${API}/items${qs({ cycle_id: cycle.id, project: '更新项目' })}`));
    assert.equal(items.length, 1);
    assert.equal(items[0].responsible_person, '新责任人');
    assert.equal(items[0].due_date, '2026-09-30');
  });

  it('dates as 2026-03-31, 2026/3/31, 2026年3月31日 and real Excel date cells all import', async () => {
    const project = '日期格式';
    const dues = ['2026-03-31', '2026/3/31', '2026年3月31日', new Date(Date.UTC(2026, 2, 31))];
    const rows = dues.map((d, i) => ({
      工作项目: project, 类别: '重点任务', 事项名称: `日期${i + 1}`, 责任单位: LIXIA_FGJ, 责任人: '日期测试',
      开始日期: i === 3 ? new Date(Date.UTC(2026, 0, 5)) : '2026年1月5日', 完成时限: d,
    }));
    const imp = await check(office, await sheet(rows));
    assert.deepEqual(imp.errors, [], JSON.stringify(imp.errors));
    const done = await commit(office, imp);
    assert.equal(done.created, 4);
    const items = expectList(await office.get(`${API}/items${qs({ cycle_id: cycle.id, project, sort: 'title' })}`));
    assert.deepEqual(items.map((i) => [i.title, i.start_date, i.due_date]), [
      ['日期1', '2026-01-05', '2026-03-31'], ['日期2', '2026-01-05', '2026-03-31'],
      ['日期3', '2026-01-05', '2026-03-31'], ['日期4', '2026-01-05', '2026-03-31'],
    ]);
  });

  it('a UTF-8 CSV with a BOM imports too', async () => {
    const csv = '\uFEFF工作项目,类别,事项名称,责任单位,责任人,完成时限\r\n'
      + `CSV项目,重点任务,CSV事项一,${LIXIA_FGJ},张三,2026/6/30\r\n`
      + `CSV项目,改革任务,CSV事项二,${HUAIYIN_FGJ},李四,2026年9月1日\r\n`;
    const imp = await check(office, Buffer.from(csv, 'utf8'), { type: 'text/csv', filename: '清单.csv' });
    assert.equal(imp.state, 'checked', JSON.stringify(imp));
    assert.deepEqual(imp.errors, []);
    assert.equal(imp.total_rows, 2);
    const done = await commit(office, imp);
    assert.equal(done.created, 2);
    const items = expectList(await office.get(`${API}/items${qs({ cycle_id: cycle.id, project: 'CSV项目', sort: 'title' })}`));
    assert.deepEqual(items.map((i) => [i.title, i.unit_name, i.due_date, i.category]), [
      ['CSV事项一', LIXIA_FGJ, '2026-06-30', '重点任务'], ['CSV事项二', HUAIYIN_FGJ, '2026-09-01', '改革任务'],
    ]);
  });

  it('a missing required column and an unknown column are named; the import cannot be committed', async () => {
    const headers = HEADERS.filter((h) => h !== '完成时限').concat(['备注栏X']);
    const before = await itemTotal(office, { cycle_id: cycle.id });
    const imp = await check(office, await sheet([
      { 工作项目: '缺列', 类别: '重点任务', 事项名称: '缺列事项', 责任单位: LIXIA_FGJ, 责任人: '甲', 备注栏X: '多余' },
    ], { headers }));
    assert.ok(imp.errors.length >= 2, JSON.stringify(imp.errors));
    const said = imp.errors.map((e) => `${e.column} ${e.message}`).join(' | ');
    assert.ok(said.includes('完成时限'), `the missing column is named: ${said}`);
    assert.ok(said.includes('备注栏X'), `the unknown column is named: ${said}`);
    expectError(await office.post(`${API}/imports/${imp.id}/commit`), 409);
    assert.equal(await itemTotal(office, { cycle_id: cycle.id }), before);
  });

  it('rows missing a required value are named with their column', async () => {
    const ok = { 工作项目: '缺值', 类别: '重点任务', 责任单位: LIXIA_FGJ, 完成时限: '2026-06-30' };
    const imp = await check(office, await sheet([
      { ...ok, 事项名称: '完整的行', 责任人: '甲' },
      { ...ok, 事项名称: '没有责任人' },
      { ...ok, 责任人: '乙' },
      { ...ok, 事项名称: '没有完成时限', 责任人: '丙', 完成时限: undefined },
    ]));
    const got = imp.errors.map((e) => [e.row, e.column]).sort((a, b) => a[0] - b[0]);
    assert.deepEqual(got, [[3, '责任人'], [4, '事项名称'], [5, '完成时限']], JSON.stringify(imp.errors));
    assert.equal(imp.valid_rows, 1);
    expectError(await office.post(`${API}/imports/${imp.id}/commit`), 409);
    assert.equal(await itemTotal(office, { cycle_id: cycle.id, project: '缺值' }), 0);
  });

  it('责任单位 by short name (简称): resolved within scope, ambiguous ones list candidates', async () => {
    const row = { 工作项目: '简称', 类别: '重点任务', 事项名称: '按简称导入', 责任单位: '区发改局', 责任人: '甲', 完成时限: '2026-06-30' };
    const amb = await check(office, await sheet([row]));
    assert.equal(amb.errors.length, 1, JSON.stringify(amb.errors));
    assert.equal(amb.errors[0].row, 2);
    assert.equal(amb.errors[0].column, '责任单位');
    const names = amb.errors[0].message.match(/[\u4e00-\u9fff]+区发展和改革局/g) || [];
    assert.ok(new Set(names).size >= 2, `the province office has many 区发改局; candidates listed: ${amb.errors[0].message}`);
    expectError(await office.post(`${API}/imports/${amb.id}/commit`), 409);

    const mine = await check(unitLeader, await sheet([row]));
    assert.deepEqual(mine.errors, [], `within 历下区发展和改革局 the short name is unique: ${JSON.stringify(mine.errors)}`);
    assert.equal((await commit(unitLeader, mine)).created, 1);
    const items = expectList(await office.get(`${API}/items${qs({ cycle_id: cycle.id, project: '简称' })}`));
    assert.equal(items[0].unit_name, LIXIA_FGJ);
  });

  it('a unit outside the importer\'s scope is an error on its row', async () => {
    const imp = await check(unitLeader, await sheet([
      { 工作项目: '越权导入', 类别: '重点任务', 事项名称: '本单位', 责任单位: LIXIA_FGJ, 责任人: '甲', 完成时限: '2026-06-30' },
      { 工作项目: '越权导入', 类别: '重点任务', 事项名称: '别的区', 责任单位: TIANQIAO_FGJ, 责任人: '乙', 完成时限: '2026-06-30' },
    ]));
    assert.deepEqual(imp.errors.map((e) => [e.row, e.column]), [[3, '责任单位']]);
    expectError(await unitLeader.post(`${API}/imports/${imp.id}/commit`), 409);
    assert.equal(await itemTotal(office, { cycle_id: cycle.id, project: '越权导入' }), 0, 'all or nothing');
  });

  it('a filler may not import', async () => {
    const r = await postFile(filler, `${API}/imports${qs({ cycle_id: cycle.id, filename: 'x.xlsx' })}`,
      await sheet([{ 工作项目: '填报员导入', 事项名称: '甲', 责任单位: LIXIA_FGJ, 责任人: '甲', 完成时限: '2026-06-30' }]), XLSX);
    expectError(r, 403, 'forbidden');
  });

  it('other file types answer 415 and files over 20 MiB answer 413', async () => {
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    expectError(await postFile(office, `${API}/imports${qs({ cycle_id: cycle.id, filename: 'x.html' })}`, html, 'text/html'),
      415, 'unsupported_media_type');
    const before = await itemTotal(office, { cycle_id: cycle.id });
    const r = await postLarge(office, `${API}/imports${qs({ cycle_id: cycle.id, filename: 'big.csv' })}`,
      20 * 1024 * 1024 + 1, 'text/csv', Buffer.from('工作项目,事项名称\n'));
    expectError(r, 413, 'payload_too_large');
    assert.equal(await itemTotal(office, { cycle_id: cycle.id }), before);
  });

  it('export.xlsx: header frozen, filters on, one row per item with the Chinese headers', async () => {
    const project = '导出项目';
    const rows = [LIXIA_FGJ, TIANQIAO_FGJ, HUAIYIN_FGJ, LIXIA_FGJ].map((u, i) => ({
      工作项目: project, 类别: '重点任务', 事项名称: `导出事项${i + 1}`, 责任单位: u, 责任人: `导出人${i + 1}`,
      开始日期: '2026-01-01', 完成时限: '2026-10-31',
    }));
    await commit(office, await check(office, await sheet(rows)));
    const listed = expectList(await office.get(`${API}/items${qs({ cycle_id: cycle.id, project, size: 200 })}`));
    assert.equal(listed.length, 4);

    const r = await getBytes(office, `${API}/items/export.xlsx${qs({ cycle_id: cycle.id, project })}`);
    assert.equal(r.status, 200, r.body.toString('utf8', 0, 200));
    assert.match(r.headers.get('content-disposition') || '', /^attachment\b/i);
    const wb = await readXlsx(r.body);
    const ws = wb.worksheets[0];
    const head = headerRow(ws);
    for (const h of [...HEADERS, ...EXPORT_EXTRA]) assert.ok(head.includes(h), `export has column ${h}: ${head}`);
    assert.equal(ws.views?.[0]?.state, 'frozen', `header frozen: ${JSON.stringify(ws.views)}`);
    assert.equal(ws.views[0].ySplit, 1);
    assert.ok(ws.autoFilter, 'filters are on');
    const col = (h) => head.indexOf(h) + 1;
    const body = [];
    ws.eachRow((row, n) => { if (n > 1) body.push(row); });
    assert.equal(body.length, 4, 'one row per item');
    const got = body.map((row) => [text(row.getCell(col('事项名称')).value), text(row.getCell(col('责任单位')).value),
      text(row.getCell(col('责任人')).value), Number(text(row.getCell(col('进度(%)')).value) || 0)]).sort();
    assert.deepEqual(got, listed.map((i) => [i.title, i.unit_name, i.responsible_person, i.progress]).sort());

    const fr = await getBytes(filler, `${API}/items/export.xlsx${qs({ cycle_id: cycle.id, project })}`);
    assert.equal(fr.status, 200);
    const fws = (await readXlsx(fr.body)).worksheets[0];
    const unitCol = headerRow(fws).indexOf('责任单位') + 1;
    const units = [];
    fws.eachRow((row, n) => { if (n > 1) units.push(text(row.getCell(unitCol).value)); });
    assert.deepEqual(units, [LIXIA_FGJ, LIXIA_FGJ], 'a filler exports only its own unit\'s items');
  });
});
