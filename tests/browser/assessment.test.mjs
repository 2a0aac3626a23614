// The year-end assessment (考责) through the UI, the whole story: the office opens the 2026 cycle,
// builds a small indicator tree (and meets the server's field error for a child too big for its
// branch), forms a peer group of two county 发展和改革局 with its quotas and settings; both units
// self-assess (历下's leader signs off); the office forms a panel of three reviewers, who score
// in the grid with the keyboard (the first is refused while cells are empty); the office adds a
// bonus line, moves the cycle to 考责评估, computes, opens one explanation and publishes; an
// anonymous visitor reads the public notice and files an objection (and meets the rate limit);
// the office answers it; finalizing is refused while the publicity period runs. Then a new cycle's
// tree comes from an Excel sheet: a bad one is refused cell by cell, a good one creates it all.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { startServer, cli, Client, PASSWORD } from '../lib/server.mjs';
import { launch, newPage, login, screenshotPath, confirmBox, pickUnit } from './_browser.mjs';

const LIXIA = '历下区发展和改革局';
const HUAIYIN = '槐荫区发展和改革局';
const GROUP = '县区发展改革部门';

/* Creates an account with the CLI; answers its user id (`created r1 (#11) as reviewer`). */
function addUser(db, username, role, scope) {
  const r = cli(['user', 'add', '--db', db, '--username', username, '--role', role, '--scope', scope, '--password-stdin'], `${PASSWORD}\n`);
  assert.equal(r.code, 0, r.stderr);
  const m = r.stdout.match(/\(#(\d+)\)/);
  assert.ok(m, r.stdout);
  return Number(m[1]);
}

/* Chooses an option of an el-select (not remote) by its exact label. */
async function choose(page, select, label) {
  await select.click();
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: label }).first().click();
}

/* Fills an el-input-number and lets it take the value. */
async function fillNumber(input, value) {
  await input.fill(String(value));
  await input.press('Tab');
}

/* Adds an indicator through the dialog, under `parent` (a row's name) or at the top. */
async function addIndicator(page, { parent, name, max, method, metric }) {
  if (parent) {
    const row = page.locator('.indicator-table tr.el-table__row', { has: page.getByText(parent, { exact: true }) });
    await row.locator('.indicator-add-child').click();
  } else {
    await page.locator('.indicator-add-root').click();
  }
  const dlg = page.locator('.indicator-form-dialog');
  await dlg.locator('input[name=name]').fill(name);
  await choose(page, dlg.locator('.indicator-method'), method);
  if (metric) await choose(page, dlg.locator('.indicator-metric-select'), metric);
  await fillNumber(dlg.locator('input[name=max_score]'), max);
  await dlg.locator('.dialog-save').click();
  return dlg;
}

async function moveCycle(page, url, phase) {
  await page.goto(`${url}/cycles`);
  await page.locator('.cycle-panel .cycle-forward', { hasText: phase }).click();
  await confirmBox(page);
  await page.locator('.cycle-panel .cycle-phase-tag', { hasText: phase }).waitFor();
}

/* One row of the self-assessment table, by indicator name. */
function selfRow(page, name) {
  return page.locator('.self-table tr.el-table__row', { has: page.locator('.self-name', { hasText: name }) });
}

async function selfAssess(page, scores) {
  for (const [name, score, text] of scores) {
    const row = selfRow(page, name);
    await fillNumber(row.locator('.self-score input'), score);
    await row.locator('.self-explanation textarea').fill(text);
  }
  await page.locator('.self-submit').click();
  await page.locator('.self-state', { hasText: '已提交' }).waitFor();
}

/* The grid's cell input by unit and indicator name. */
function cell(page, unit, indicator) {
  return page.locator(`tr[data-unit="${unit}"] input[data-indicator="${indicator}"]`);
}

describe('assessment story (考责)', () => {
  let srv; let browser; const reviewers = {};
  before(async () => {
    srv = await startServer();
    // Reviewers come from an organ outside the assessed units: one whose own unit is the
    // province region would be above every unit, and the panel rule (a reviewer never scores
    // their own unit or one below it) refuses them.
    for (const r of ['r1', 'r2', 'r3']) reviewers[r] = addUser(srv.db, r, 'reviewer', '山东省统计局');
    addUser(srv.db, 'hy_filler', 'filler', HUAIYIN);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('indicators, groups, self-assessment, review, compute, explain, publish, object, answer', async () => {
    const office = await newPage(browser);
    const { page } = office;
    const problems = [...office.problems];
    try {
      // ── The office opens 2026 and builds the indicator tree.
      await login(page, srv.url, 'office');
      await page.goto(`${srv.url}/cycles`);
      await page.locator('.cycle-create').click();
      const form = page.locator('.cycle-form-dialog');
      await form.locator('input[name=year]').fill('2026');
      await form.locator('input[name=theme]').fill('担当作为 争先创优');
      await form.locator('.dialog-save').click();
      await form.waitFor({ state: 'hidden' });

      await page.locator('.side-menu .assessment-menu').click();
      await page.locator('.side-menu').getByText('指标体系').click();
      await page.waitForURL(/\/assessment\/indicators$/);
      for (const spec of [
        { name: '工作实绩', max: 60, method: '分类' },
        { parent: '工作实绩', name: '重点任务', max: 40, method: '人工' },
        { parent: '工作实绩', name: '按时完成率', max: 20, method: '自动', metric: '按时完成率' },
        { name: '作风效能', max: 40, method: '分类' },
        { parent: '作风效能', name: '服务满意度', max: 35, method: '人工' },
        { parent: '作风效能', name: '创新加分', max: 5, method: '加分' },
      ]) {
        const dlg = await addIndicator(page, spec);
        await dlg.waitFor({ state: 'hidden' });
        await page.locator('.indicator-table .indicator-name', { hasText: spec.name }).waitFor();
      }
      // A child that would take its branch over its 40 points: the server's error on the field.
      const tooBig = await addIndicator(page, { parent: '作风效能', name: '群众评议', max: 10, method: '人工' });
      await tooBig.locator('.el-form-item__error', { hasText: '超过上级指标分值' }).waitFor();
      await tooBig.locator('.el-dialog__headerbtn').click();
      await tooBig.waitFor({ state: 'hidden' });
      await page.locator('.indicator-total', { hasText: '总分 100' }).waitFor();
      await page.screenshot({ path: screenshotPath('assessment-indicators.png'), fullPage: true });

      // ── A peer group of two units: 1 in 2 may be 优秀; one 示范集体 in all.
      await page.locator('.side-menu').getByText('考核类别').click();
      await page.waitForURL(/\/assessment\/groups$/);
      await page.locator('.group-create').click();
      const gdlg = page.locator('.group-form-dialog');
      await gdlg.locator('input[name=name]').fill(GROUP);
      await fillNumber(gdlg.locator('input[name=excellent_share]'), 50);
      await gdlg.locator('.dialog-save').click();
      await gdlg.waitFor({ state: 'hidden' });
      const card = page.locator(`.group-card[data-group="${GROUP}"]`);
      for (const unit of [LIXIA, HUAIYIN]) {
        await pickUnit(page, card.locator('.unit-select'), unit);
        await card.locator('.group-add').click();
        await card.locator('.group-members').getByText(unit).waitFor();
      }
      await card.getByText('优秀 ≤ 50%').waitFor();
      // A unit sits in one group per cycle: the server's 409 under the search box.
      await page.locator('.group-create').click();
      await gdlg.locator('input[name=name]').fill('其他单位');
      await gdlg.locator('.dialog-save').click();
      await gdlg.waitFor({ state: 'hidden' });
      const other = page.locator('.group-card[data-group="其他单位"]');
      await pickUnit(page, other.locator('.unit-select'), LIXIA);
      await other.locator('.group-add').click();
      await other.locator('.group-add-error').waitFor();
      await fillNumber(page.locator('.settings-form input[name=demo_total]'), 1);
      await page.locator('.settings-save').click();
      await page.locator('.el-message--success').last().waitFor();

      // ── Both units assess themselves; 历下's leader signs off.
      const filler = await newPage(browser);
      await login(filler.page, srv.url, 'filler');
      await filler.page.goto(`${srv.url}/assessment/self`);
      await selfAssess(filler.page, [['重点任务', 38, '全年开工项目 42 个'], ['服务满意度', 34, '群众满意度 98%']]);
      const leader = await newPage(browser);
      await login(leader.page, srv.url, 'unit_leader');
      await leader.page.goto(`${srv.url}/assessment/self`);
      await leader.page.locator('.self-sign').click();
      await leader.page.locator('.self-state', { hasText: '已签字确认' }).waitFor();
      const hy = await newPage(browser);
      await login(hy.page, srv.url, 'hy_filler');
      await hy.page.goto(`${srv.url}/assessment/self`);
      await selfAssess(hy.page, [['重点任务', 32, '完成年度任务'], ['服务满意度', 30, '']]);
      for (const p of [filler, leader, hy]) problems.push(...p.problems);
      await Promise.all([filler, leader, hy].map((p) => p.context.close()));

      // ── A panel of three reviewers, named by user id (the office cannot list accounts).
      await page.locator('.side-menu').getByText('评审组').click();
      await page.waitForURL(/\/assessment\/panels$/);
      await page.locator('.panel-create').click();
      const pdlg = page.locator('.panel-form-dialog');
      await pdlg.locator('input[name=name]').fill('第一评审组');
      await pdlg.locator('input[name=reviewer_ids]').fill(`${reviewers.r1}, ${reviewers.r2}, ${reviewers.r3}`);
      await pdlg.locator('.panel-add-group', { hasText: GROUP }).click();
      await pdlg.locator('.dialog-save').click();
      await pdlg.waitFor({ state: 'hidden' });
      await page.locator('.panels-table').getByText('r3 · r3').waitFor();

      // ── The reviewers score with the keyboard.
      const scores = {
        r1: { [LIXIA]: [38, 33], [HUAIYIN]: [30, 28] },
        r2: { [LIXIA]: [36, 34], [HUAIYIN]: [31, 29] },
        r3: { [LIXIA]: [37, 32], [HUAIYIN]: [32, 30] },
      };
      for (const name of ['r1', 'r2', 'r3']) {
        const rv = await newPage(browser);
        const p = rv.page;
        await login(p, srv.url, name);
        await p.goto(`${srv.url}/assessment/review`);
        const first = cell(p, LIXIA, '重点任务');
        await first.click();
        // Beside the focused cell: the unit's own score and explanation.
        await p.locator('.review-side .review-self-score', { hasText: '38' }).waitFor();
        await p.locator('.review-side').getByText('全年开工项目 42 个').waitFor();
        if (name === 'r1') {
          // Too high: clamped to the maximum when leaving the cell; Enter moves down.
          await p.keyboard.type('99');
          await p.keyboard.press('Enter');
          assert.equal(await first.inputValue(), '40');
          assert.equal(await p.evaluate(() => document.activeElement?.getAttribute('data-row')), '1');
          // Submitting with cells empty is refused, and the server's message stays.
          await p.locator('.review-submit').click();
          await p.locator('.review-submit-error', { hasText: '未填写' }).waitFor();
          await p.screenshot({ path: screenshotPath('assessment-review-empty.png'), fullPage: true });
          await first.click();
        }
        // Column by column: Enter goes down, and from the bottom to the top of the next column.
        const s = scores[name];
        for (const v of [s[LIXIA][0], s[HUAIYIN][0], s[LIXIA][1], s[HUAIYIN][1]]) {
          await p.keyboard.type(String(v));
          await p.keyboard.press('Enter');
        }
        assert.equal(await cell(p, HUAIYIN, '服务满意度').inputValue(), String(s[HUAIYIN][1]));
        // ArrowUp and ArrowLeft move too.
        await cell(p, HUAIYIN, '服务满意度').click();
        await p.keyboard.press('ArrowUp');
        await p.keyboard.press('ArrowLeft');
        assert.equal(await p.evaluate(() => document.activeElement?.getAttribute('aria-label')), `${LIXIA} 重点任务`);
        if (name === 'r1') await p.screenshot({ path: screenshotPath('assessment-review.png'), fullPage: true });
        await p.locator('.review-submit').click();
        await p.locator('.review-submitted').waitFor();
        problems.push(...rv.problems.filter((m) => !m.includes('409')));
        await rv.context.close();
      }

      // ── A bonus line for 历下, then 考责评估 and compute.
      await page.locator('.side-menu').getByText('加减分与否决').click();
      await page.waitForURL(/\/assessment\/adjustments$/);
      await choose(page, page.locator('.adjust-unit'), LIXIA);
      await choose(page, page.locator('.adjust-indicator'), '作风效能 / 创新加分');
      await fillNumber(page.locator('.adjust-form input[name=points]'), 3);
      await page.locator('.adjust-form textarea[name=reason]').fill('获评全省营商环境创新案例');
      await page.locator('.adjust-save').click();
      await page.locator('.adjust-table').getByText('获评全省营商环境创新案例').waitFor();

      await moveCycle(page, srv.url, '督责推进');
      await moveCycle(page, srv.url, '考责评估');
      await page.goto(`${srv.url}/assessment/results`);
      await page.locator('.results-compute').click();
      const summary = page.locator('.compute-summary');
      await summary.locator('.compute-digest').waitFor();
      assert.match(await summary.locator('.compute-digest').getAttribute('title'), /^[0-9a-f]{64}$/);
      await summary.locator('.compute-groups tr', { hasText: GROUP }).waitFor();
      const rows = page.locator(`.results-table[data-group="${GROUP}"] .el-table__body tr.el-table__row`);
      await rows.first().waitFor();
      // 历下: (38+36+37)/3 = 37 + 20 (no items due: 100% on time) + (33+34+32)/3 = 33 + 3 bonus = 93.
      assert.match(await rows.nth(0).innerText(), /1\s+历下区发展和改革局\s+示范集体\s+93\s+57\s+36\s+优秀/);
      assert.match(await rows.nth(1).innerText(), /2\s+槐荫区发展和改革局\s+80\s+51\s+29\s+良好/);
      await page.screenshot({ path: screenshotPath('assessment-results.png'), fullPage: true });

      // ── One explanation: every reviewer, the auto formula, the bonus line; it adds up.
      await rows.nth(0).locator('.result-explain').click();
      const drawer = page.locator('.explain-drawer');
      await drawer.locator('.explain-total', { hasText: '93' }).waitFor();
      const key = drawer.locator('.explain-node[data-indicator="重点任务"]');
      for (const r of ['r1 38', 'r2 36', 'r3 37']) await key.getByText(r).waitFor();
      await key.getByText('平均 37（3 人计入）').waitFor();
      await drawer.locator('.explain-node[data-indicator="按时完成率"] .explain-auto', { hasText: '0 / 0 = 100%' }).waitFor();
      await drawer.locator('.explain-node[data-indicator="创新加分"]').getByText('+3 获评全省营商环境创新案例').waitFor();
      assert.equal(await drawer.locator('.explain-sum-warning').count(), 0, 'the explanation adds up');
      // The drawer has slid in all the way before the picture is taken.
      await page.waitForFunction(() => {
        const r = document.querySelector('.explain-drawer')?.getBoundingClientRect();
        return !!r && Math.abs(r.right - window.innerWidth) < 1 && r.width > 600;
      });
      await page.screenshot({ path: screenshotPath('assessment-explain.png') });
      await drawer.locator('.el-drawer__close-btn').click();
      await drawer.waitFor({ state: 'hidden' });

      // The print view is a plain page with the same table.
      const print = await office.context.newPage();
      await print.goto(`${srv.url}/assessment/results/print`);
      await print.locator('.print-table').getByText(LIXIA).waitFor();
      assert.equal(await print.locator('.side-menu').count(), 0);
      await print.close();

      // ── Publish: the cycle moves to 结果公示 with its period.
      await page.locator('.results-publish').click();
      await confirmBox(page);
      await page.locator('.publicity-bar .publicity-period').waitFor();
      const period = await page.locator('.publicity-period').innerText();
      assert.match(period, /公示期 \d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/);
      const publicPath = await page.locator('.publicity-link').getAttribute('href');

      // ── An anonymous visitor reads the notice and objects.
      const anon = await newPage(browser);
      const a = anon.page;
      await a.goto(`${srv.url}${publicPath}`);
      assert.equal(new URL(a.url()).pathname, publicPath, 'no detour to the login page');
      await a.locator('.public-named-unit', { hasText: LIXIA }).waitFor();
      await a.locator(`.public-group[data-group="${GROUP}"] .public-table`).getByText(HUAIYIN).waitFor();
      assert.match(await a.locator('.public-period').innerText(), /公示期/);
      const objForm = a.locator('.objection-form');
      await objForm.locator('input[name=name]').fill('王某');
      await objForm.locator('input[name=contact]').fill('13800000000');
      await choose(a, objForm.locator('.objection-unit'), HUAIYIN);
      await objForm.locator('textarea[name=text]').fill('槐荫区的服务满意度评分偏低，请复核。');
      await objForm.locator('.objection-submit').click();
      await objForm.locator('.objection-done', { hasText: '异议已收到' }).waitFor();
      await a.screenshot({ path: screenshotPath('assessment-public.png'), fullPage: true });
      // Four more from the same address reach the limit; the next is refused with a 429.
      const api = `${srv.url}/api/v1${publicPath.replace('/public/results/', '/public/cycles/')}/objections`;
      for (let i = 0; i < 4; i++) {
        const r = await fetch(api, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: '甲', contact: '1', text: '复核' }) });
        assert.equal(r.status, 201);
      }
      await objForm.locator('input[name=name]').fill('王某');
      await objForm.locator('input[name=contact]').fill('13800000000');
      await objForm.locator('textarea[name=text]').fill('再次提交');
      await objForm.locator('.objection-submit').click();
      await objForm.locator('.objection-error', { hasText: '提交过于频繁' }).waitFor();
      problems.push(...anon.problems);
      await anon.context.close();

      // ── The office answers the objection.
      await page.reload();
      const objRow = page.locator('.objections-table tr.el-table__row', { hasText: '槐荫区的服务满意度评分偏低' });
      await objRow.getByText(HUAIYIN).waitFor();
      await objRow.locator('.objection-answer-btn').click();
      const answer = page.locator('.reason-dialog');
      await answer.locator('textarea[name=reason]').fill('经复核，评审员评分依据充分，维持原结果。');
      await answer.locator('.dialog-save').click();
      await answer.waitFor({ state: 'hidden' });
      await objRow.locator('.objection-answer', { hasText: '维持原结果' }).waitFor();

      // ── Finalizing is refused while the publicity period runs (five working days from today),
      // and the server's message stays on the page.
      await page.locator('.results-finalize').click();
      await confirmBox(page);
      await page.locator('.results-finalize-error', { hasText: '公示期' }).waitFor();
      await page.screenshot({ path: screenshotPath('assessment-publicising.png'), fullPage: true });

      // 409 answers are expected above (empty cells, finalize); nothing else went wrong.
      problems.push(...office.problems);
      assert.deepEqual(problems, []);
    } finally {
      await office.context.close();
    }
  });

  it('imports a new cycle\'s indicator tree from Excel, naming the bad cells first', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'liandong-assess-'));
    const { context, page, problems } = await newPage(browser);
    try {
      const api = new Client(srv.url);
      await api.login('office');
      assert.equal((await api.post('/api/v1/cycles', { year: 2027, theme: '导入测试' })).status, 201);
      const sheet = async (name, rows) => {
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('指标体系');
        ws.addRow(['一级指标', '二级指标', '三级指标', '分值', '评分方式', '评分标准', '自动指标']);
        for (const r of rows) ws.addRow(r);
        const file = path.join(dir, name);
        await wb.xlsx.writeFile(file);
        return file;
      };
      const bad = await sheet('坏表.xlsx', [['工作实绩', '', '', 60, '', '', ''], ['工作实绩', '项目建设', '', '二十五', '人工', '', '']]);
      const good = await sheet('指标体系.xlsx', [
        ['工作实绩', '', '', 60, '', '', ''],
        ['工作实绩', '项目建设', '', 40, '人工', '按开工情况评分', ''],
        ['工作实绩', '按时完成率', '', 20, '自动', '', '按时完成率'],
        ['作风效能', '', '', 40, '', '', ''],
        ['作风效能', '服务满意度', '', 40, '人工', '', ''],
      ]);

      await login(page, srv.url, 'office');
      await page.goto(`${srv.url}/assessment/indicators`);
      await page.locator('.assess-toolbar .cycle-select').getByText('2027 年度').waitFor();
      assert.match(await page.locator('.indicator-template').getAttribute('href'), /\/indicators\/template\.xlsx$/);
      await page.locator('.indicator-import-input').setInputFiles(bad);
      const errors = page.locator('.indicator-import-errors');
      await errors.locator('li', { hasText: 'row 3 分值' }).waitFor();
      await errors.locator('.el-dialog__headerbtn').click();
      await errors.waitFor({ state: 'hidden' });
      assert.equal(await page.locator('.indicator-table .indicator-name').count(), 0, 'all or nothing');
      await page.locator('.indicator-import-input').setInputFiles(good);
      await page.locator('.indicator-table .indicator-name', { hasText: '服务满意度' }).waitFor();
      await page.locator('.indicator-total', { hasText: '总分 100' }).waitFor();
      // A cycle with a tree takes no second import.
      assert.equal(await page.locator('.indicator-import').count(), 0);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
