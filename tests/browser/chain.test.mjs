// The responsibility chain through the UI, the whole story: the office opens the 2026 cycle and
// moves it to 督责推进, imports a list from an .xlsx with Chinese headers, and decomposes one item
// to three counties' 发展和改革局; the 历下区 filler adopts it from the workbench and reports 50%
// with a PDF; the unit leader approves it from the review queue; the office sees the parent's
// rolled-up progress (50/3 ≈ 16.67%) and exports the list, which opens as a workbook.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { startServer } from '../lib/server.mjs';
import { launch, newPage, login, screenshotPath, confirmBox } from './_browser.mjs';

const HEADERS = ['工作项目', '类别', '事项名称', '责任单位', '责任人', '开始日期', '完成时限'];
const FGW = '山东省发展和改革委员会';
/* The item handed down the chain. Its unit is the province itself: the server takes
 * "below the item's unit" as the unit tree, and the counties' 发展和改革局 lie under the province
 * region, not under the province 发展和改革委员会 (see the report). */
const CHAIN_TITLE = '全省重点项目投资任务';
const ROWS = [
  ['扩大有效投资', '重点任务', CHAIN_TITLE, '山东省', '王建国', '2026-01-15', '2026-12-31'],
  ['扩大有效投资', '重点任务', '推进省重点项目开工建设', FGW, '张三', '2026/2/1', '2026年12月20日'],
  ['优化营商环境', '改革任务', '压减投资项目审批时限', FGW, '李四', new Date(Date.UTC(2026, 2, 1)), '2026-11-30'],
  ['优化营商环境', '改革任务', '完善投资项目在线审批监管平台', FGW, '赵敏', '', '2026-10-31'],
];
const COUNTIES = [
  { name: '历下区发展和改革局', path: '济南市 / 历下区' },
  { name: '市中区发展和改革局', path: '济南市 / 市中区' }, // 枣庄 has a 市中区 too
  { name: '槐荫区发展和改革局', path: '济南市 / 槐荫区' },
];

async function writeSheet(file) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('清单');
  ws.addRow(HEADERS);
  for (const r of ROWS) ws.addRow(r);
  await wb.xlsx.writeFile(file);
}

async function logout(page) {
  await page.locator('.topbar .logout').click();
  await page.waitForURL((u) => u.pathname === '/login');
}

/* The items table's row of one item, by its exact title. */
function itemRow(page, title) {
  return page.locator('.items-table .el-table__body tr.el-table__row', {
    has: page.locator('.item-link', { hasText: new RegExp(`^${title}$`) }),
  });
}

describe('responsibility chain story', () => {
  let srv; let browser; let dir;
  before(async () => {
    srv = await startServer();
    browser = await launch();
    dir = mkdtempSync(path.join(tmpdir(), 'liandong-chain-'));
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('assign, decompose, adopt, report with evidence, approve, roll up, export', async () => {
    const sheet = path.join(dir, '2026年责任清单.xlsx');
    await writeSheet(sheet);
    const pdf = path.join(dir, '佐证材料.pdf');
    writeFileSync(pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

    const { context, page, problems } = await newPage(browser);
    try {
      // ── The office opens 2026 and moves it to 督责推进.
      await login(page, srv.url, 'office');
      await page.locator('.side-menu').getByText('年度周期').click();
      await page.waitForURL(/\/cycles$/);
      await page.locator('.cycle-create').click();
      const form = page.locator('.cycle-form-dialog');
      await form.locator('input[name=year]').fill('2026');
      await form.locator('input[name=theme]').fill('担当作为 攻坚突破');
      await form.locator('input[name=goal-title-0]').fill('省重点项目开工率');
      await form.locator('input[name=goal-target-0]').fill('95%');
      await form.locator('input[name=goal-last-0]').fill('90%');
      await form.locator('.dialog-save').click();
      await form.waitFor({ state: 'hidden' });
      const panel = page.locator('.cycle-panel');
      await panel.locator('.cycle-title', { hasText: '2026 年度' }).waitFor();
      await panel.locator('.cycle-goals').getByText('省重点项目开工率').waitFor();
      await panel.locator('.cycle-forward', { hasText: '督责推进' }).click();
      await confirmBox(page);
      await panel.locator('.cycle-phase-tag', { hasText: '督责推进' }).waitFor();
      await panel.locator('.el-step__head.is-process').first().waitFor();
      await page.screenshot({ path: screenshotPath('chain-cycles.png'), fullPage: true });

      // ── Import the list through the wizard.
      await page.locator('.side-menu').getByText('责任清单').click();
      await page.waitForURL(/\/items$/);
      await page.locator('.item-import').click();
      await page.waitForURL(/\/items\/import$/);
      await page.locator('.import-upload .cycle-select').getByText('2026 年度').waitFor();
      await page.locator('.import-file-input').setInputFiles(sheet);
      await page.locator('.import-file-name', { hasText: '2026年责任清单.xlsx' }).waitFor();
      await page.locator('.import-upload-btn').click();
      await page.locator('.import-ready').getByText(`检查通过，共 ${ROWS.length} 行`).waitFor();
      await page.locator('.import-commit').click();
      await page.locator('.import-done').getByText(`新建 ${ROWS.length} 项，更新 0 项`).waitFor();
      await page.locator('.import-to-list').click();
      await page.waitForURL(/\/items$/);
      for (const r of ROWS) await itemRow(page, r[2]).waitFor();
      assert.match(await itemRow(page, ROWS[1][2]).innerText(), new RegExp(FGW));

      // ── Decompose the province item to three counties' 发展和改革局.
      await itemRow(page, CHAIN_TITLE).locator('.item-link').click();
      await page.waitForURL(/\/items\/\d+$/);
      const parentUrl = page.url();
      await page.locator('.item-title', { hasText: CHAIN_TITLE }).waitFor();
      await page.locator('.item-header .item-decompose').click();
      const dlg = page.locator('.decompose-dialog');
      const select = dlg.locator('.decompose-unit-select');
      for (const c of COUNTIES) {
        await select.locator('input').fill(c.name);
        await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: c.path }).first().click();
      }
      assert.equal(await select.locator('.el-tag').count(), 3, 'three units chosen');
      await dlg.locator('.dialog-save').click();
      await dlg.waitFor({ state: 'hidden' });
      await page.locator('.el-tabs__item', { hasText: '分解与汇总' }).click();
      const children = page.locator('.item-children .el-table__body tr.el-table__row');
      for (const c of COUNTIES) await children.filter({ hasText: c.name }).getByText('未认领').waitFor();
      assert.equal(await children.count(), 3);
      await logout(page);

      // ── The 历下区 filler adopts it from the workbench, then reports 50% with a PDF.
      await login(page, srv.url, 'filler');
      const adoptRow = page.locator('.wb-adopt-rows tr.el-table__row', { hasText: CHAIN_TITLE });
      await adoptRow.waitFor();
      await page.screenshot({ path: screenshotPath('chain-workbench.png'), fullPage: true });
      await adoptRow.locator('.wb-adopt-btn').click();
      const adopt = page.locator('.adopt-dialog');
      await adopt.locator('input[name=responsible_person]').fill('刘晓明');
      await adopt.locator('.dialog-save').click();
      await adopt.waitFor({ state: 'hidden' });
      await adoptRow.waitFor({ state: 'detached' });
      await page.locator('.wb-adopt').getByText('没有待认领的事项').waitFor();
      await page.locator('.wb-report-rows tr.el-table__row', { hasText: CHAIN_TITLE }).locator('.wb-fill-btn').click();
      await page.waitForURL(/\/items\/\d+\?/);
      const report = page.locator('.report-dialog');
      await report.locator('textarea[name=text]').fill('已完成项目储备和前期手续，12个项目开工。');
      const percent = report.locator('.report-progress .el-input-number input');
      await percent.fill('50');
      await percent.press('Enter');
      await report.locator('.report-file-input').setInputFiles(pdf);
      await report.locator('.report-file-pending', { hasText: '佐证材料.pdf' }).waitFor();
      await page.screenshot({ path: screenshotPath('chain-report.png') });
      await report.locator('.report-submit').click();
      await report.waitFor({ state: 'hidden' });
      const card = page.locator('.report-card').first();
      await card.locator('.report-state', { hasText: '待审核' }).waitFor();
      await card.getByText('进度 50%').waitFor();
      const link = card.locator('.report-attachment', { hasText: '佐证材料.pdf' });
      assert.match(await link.getAttribute('href'), /^\/api\/v1\/attachments\/\d+$/);
      await logout(page);

      // ── The unit leader approves it from the review queue.
      await login(page, srv.url, 'unit_leader');
      await page.locator('.side-menu').getByText('审核队列').click();
      await page.waitForURL(/\/reviews$/);
      const review = page.locator('.reviews-table .el-table__body tr.el-table__row', { hasText: CHAIN_TITLE });
      await review.getByText('50%').waitFor();
      await review.locator('.report-attachment', { hasText: '佐证材料.pdf' }).waitFor();
      await review.locator('.review-approve').click();
      await confirmBox(page);
      await review.waitFor({ state: 'detached' });
      await page.locator('.reviews-table').getByText('没有等待审核的进展').waitFor();
      await logout(page);

      // ── The office sees the roll-up: (50 + 0 + 0) / 3 ≈ 16.67%.
      await login(page, srv.url, 'office');
      await page.goto(`${srv.url}/items`);
      const row = itemRow(page, CHAIN_TITLE);
      await row.locator('.el-progress__text', { hasText: '16.67%' }).waitFor();
      await row.getByText('2 未认领').waitFor();
      await page.screenshot({ path: screenshotPath('chain-list.png'), fullPage: true });

      // Sorting is the server's and lives in the address.
      await page.locator('.items-table th', { hasText: '完成时限' }).locator('.sort-caret.ascending').click();
      await page.waitForURL(/[?&]sort=due_date/);
      await itemRow(page, ROWS[3][2]).waitFor();
      const first = page.locator('.items-table .el-table__body tr.el-table__row').first();
      assert.match(await first.innerText(), new RegExp(ROWS[3][2]), 'the earliest due date first');

      // Bulk: mark two items done at once.
      for (const r of [ROWS[2], ROWS[3]]) await itemRow(page, r[2]).locator('.el-checkbox').click();
      await page.locator('.items-bulk').getByText('已选 2 项').waitFor();
      await page.locator('.items-bulk .bulk-done').click();
      await confirmBox(page);
      for (const r of [ROWS[2], ROWS[3]]) await itemRow(page, r[2]).locator('.item-state', { hasText: '已完成' }).waitFor();

      // The export takes the list's filters and opens as a workbook with Chinese headers.
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.item-export').click()]);
      const saved = path.join(dir, 'export.xlsx');
      await download.saveAs(saved);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(saved);
      const ws = wb.worksheets[0];
      const header = ws.getRow(1).values.slice(1).map(String);
      for (const h of ['工作项目', '类别', '事项名称', '责任单位', '责任人', '完成时限', '进度(%)', '汇总进度(%)', '状态']) {
        assert.ok(header.includes(h), `export header ${h}: ${header}`);
      }
      const titleCol = header.indexOf('事项名称') + 1;
      const titles = [];
      ws.eachRow((r, n) => { if (n > 1) titles.push(String(r.getCell(titleCol).value)); });
      for (const r of ROWS) assert.ok(titles.includes(r[2]), `exported ${r[2]}: ${titles}`);

      // The detail page: the rolled-up progress, the children and who adopted.
      await page.goto(parentUrl + '?tab=chain');
      await page.locator('.item-header .item-header-progress .el-progress__text', { hasText: '16.67%' }).waitFor();
      const lixia = page.locator('.item-children tr.el-table__row', { hasText: '历下区发展和改革局' });
      await lixia.getByText('已认领').waitFor();
      await lixia.getByText('刘晓明').waitFor();
      await lixia.locator('.el-progress__text', { hasText: '50%' }).waitFor();
      await page.screenshot({ path: screenshotPath('chain-detail.png'), fullPage: true });

      // The child's timeline tells the story from decomposition to approval.
      await lixia.locator('.item-link').click();
      await page.locator('.el-tabs__item', { hasText: '变更记录' }).click();
      for (const s of ['由上级分解下达', '认领事项', '提交进展', '审核通过']) {
        await page.locator('.item-timeline').getByText(s).first().waitFor();
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('names every bad row of a sheet, and takes a cycle back a phase only with a reason', async () => {
    const bad = path.join(dir, '有错误的清单.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('清单');
    ws.addRow(HEADERS);
    ws.addRow(['扩大有效投资', '重点任务', '正确的一行', FGW, '张三', '2027-01-01', '2027-12-31']);
    ws.addRow(['扩大有效投资', '重点任务', '日期写错', FGW, '张三', '2027-01-01', '2027/13/40']);
    ws.addRow(['扩大有效投资', '重点任务', '单位不存在', '不存在的单位', '', '2027-01-01', '2027-12-31']);
    await wb.xlsx.writeFile(bad);

    const { context, page, problems } = await newPage(browser);
    try {
      await login(page, srv.url, 'office');
      await page.goto(`${srv.url}/cycles`);
      await page.locator('.cycle-create').click();
      const form = page.locator('.cycle-form-dialog');
      await form.locator('input[name=year]').fill('2027');
      await form.locator('input[name=theme]').fill('持续攻坚');
      await form.locator('.dialog-save').click();
      await form.waitFor({ state: 'hidden' });
      const panel = page.locator('.cycle-panel');
      await panel.locator('.cycle-title', { hasText: '2027 年度' }).waitFor();
      assert.equal(await panel.locator('.cycle-back').count(), 0, 'nothing before 明责部署');
      await panel.locator('.cycle-forward').click();
      await confirmBox(page);
      await panel.locator('.cycle-phase-tag', { hasText: '督责推进' }).waitFor();
      await panel.locator('.cycle-back', { hasText: '明责部署' }).click();
      const reason = page.locator('.reason-dialog');
      await reason.locator('.dialog-save').click();
      await reason.locator('.el-form-item__error').waitFor();
      await reason.locator('textarea[name=reason]').fill('责任清单需要调整');
      await reason.locator('.dialog-save').click();
      await reason.waitFor({ state: 'hidden' });
      await panel.locator('.cycle-phase-tag', { hasText: '明责部署' }).waitFor();
      await page.locator('.cycles-table').getByText('2026 年度').waitFor();

      // The 2027 cycle is now the current one: the wizard imports into it.
      await page.goto(`${srv.url}/items/import`);
      await page.locator('.import-upload .cycle-select').getByText('2027 年度').waitFor();
      await page.locator('.import-file-input').setInputFiles(bad);
      await page.locator('.import-upload-btn').click();
      const table = page.locator('.import-errors-table');
      await table.waitFor();
      const rows = await table.locator('.el-table__body tr').allInnerTexts();
      const cells = rows.map((r) => r.split('\t').map((c) => c.trim()));
      assert.ok(cells.some(([row, col, msg]) => row === '3' && col === '完成时限' && msg.includes('2027/13/40')), JSON.stringify(cells));
      assert.ok(cells.some(([row, col]) => row === '4' && col === '责任单位'), JSON.stringify(cells));
      assert.ok(cells.some(([row, col]) => row === '4' && col === '责任人'), JSON.stringify(cells));
      assert.ok(cells.every(([row]) => row !== '2'), 'the good row is not named');
      await page.screenshot({ path: screenshotPath('chain-import-errors.png'), fullPage: true });
      await page.locator('.import-again').click();
      await page.locator('.import-upload-btn').waitFor();

      // Nothing was imported.
      await page.goto(`${srv.url}/items?q=${encodeURIComponent('正确的一行')}`);
      await page.locator('.items-table').getByText('当前筛选下没有事项').waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
