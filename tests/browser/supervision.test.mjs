// Supervision (督责) through the UI, the story: on a pinned day (2026-09-28) the province
// office sees a red county item on the dashboard, drills down province → 济南市 → 历下区 → the
// county's 发展和改革局 by clicking the bars, follows a heat-table number to the red items behind
// it, opens the item and issues a supervision notice (督办单); the county filler finds it in the
// message centre, answers in writing with a PDF; the office closes it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, cli, Client } from '../lib/server.mjs';
import { launch, newPage, login, screenshotPath } from './_browser.mjs';

const TODAY = '2026-09-28';
/* 10:00 in Beijing on TODAY. */
const CLOCK = String(Date.UTC(2026, 8, 28, 2, 0, 0) / 1000);
const LIXIA_FGJ = '历下区发展和改革局';
const RED_TITLE = '推进历下区重点项目开工';
const NOTICE_TITLE = '关于重点项目开工滞后的督办单';
const API = '/api/v1';

/* The unit with exactly this name, found through the search the UI uses. */
async function unitNamed(c, name) {
  const r = await c.get(`${API}/units?q=${encodeURIComponent(name)}&size=50`);
  let hits = r.body.items.filter((u) => u.name === name);
  // some names repeat across the province (济南 and 枣庄 both have a 市中区): take 济南's
  if (hits.length > 1) hits = hits.filter((u) => (u.path_names || '').includes('济南市'));
  assert.equal(hits.length, 1, `unit ${name}: ${JSON.stringify(r.body).slice(0, 300)}`);
  return hits[0];
}

async function unitByCode(c, code) {
  const r = await c.get(`${API}/units/code/${code}`);
  assert.equal(r.status, 200, `unit ${code}`);
  return r.body;
}

/* A running 2026 cycle and items: one red in 历下区 (due ten days ago), the rest yellow or green
 * elsewhere, so that 济南市, 历下区 and the county's 发改局 each carry the most red at their level. */
async function seed(url) {
  const office = new Client(url);
  assert.equal((await office.login('office')).status, 200);
  const c = await office.post(`${API}/cycles`, { year: 2026, theme: '督责推进年' });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const p = await office.post(`${API}/cycles/${c.body.id}/phase`, { phase: 'running' });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  const make = async (unitName, title, due) => {
    const u = await unitNamed(office, unitName);
    const r = await office.post(`${API}/items`, {
      cycle_id: c.body.id, unit_id: u.id, project: '扩大有效投资', category: '重点任务', title,
      responsible_person: '刘晓明', due_date: due,
    });
    assert.equal(r.status, 201, `${title}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const red = await make(LIXIA_FGJ, RED_TITLE, '2026-09-18');
  assert.equal(red.light, 'red', `the item is red: ${red.light_reason}`);
  await make(LIXIA_FGJ, '完善项目储备库', '2026-12-31');
  await make('市中区发展和改革局', '压减审批时限', '2026-09-30');
  await make('济南市财政局', '落实专项债资金', '2026-12-20');
  await make('青岛市发展和改革委员会', '推进港口项目', '2026-09-29');
  return { office, cycle: c.body, red };
}

/* Clicks the top bar of the dashboard's bar chart (the child with the most red): finds the
 * first pixel of the red series below the legend on the canvas and clicks just inside it. */
async function clickTopBar(page) {
  const canvas = page.locator('.dashboard-bars canvas').first();
  await canvas.waitFor();
  let point = null;
  for (let i = 0; i < 50 && !point; i += 1) {
    point = await canvas.evaluate((c) => {
      const ctx = c.getContext('2d');
      const dpr = c.width / c.clientWidth;
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      for (let y = Math.round(40 * dpr); y < c.height; y += 1) {
        for (let x = 0; x < c.width; x += 1) {
          const k = (y * c.width + x) * 4;
          if (Math.abs(data[k] - 217) < 10 && Math.abs(data[k + 1] - 48) < 10 && Math.abs(data[k + 2] - 38) < 10) {
            return { x: x / dpr + 4, y: y / dpr + 5 };
          }
        }
      }
      return null;
    });
    if (!point) await page.waitForTimeout(100);
  }
  assert.ok(point, 'a red bar is drawn');
  await canvas.click({ position: point });
}

async function logout(page) {
  await page.locator('.topbar .logout').click();
  await page.waitForURL((u) => u.pathname === '/login');
}

describe('supervision story (督责)', () => {
  let srv; let browser; let dir; let data;
  before(async () => {
    srv = await startServer({ extraArgs: ['--clock', CLOCK] });
    browser = await launch();
    dir = mkdtempSync(path.join(tmpdir(), 'liandong-sup-'));
    data = await seed(srv.url);
    // The daily job for the last days draws the trend; today's run comes last, so the lights
    // are today's again.
    for (const day of ['2026-09-24', '2026-09-25', '2026-09-26', '2026-09-27', TODAY]) {
      const r = cli(['jobs', 'run', '--db', srv.db, '--today', day]);
      assert.equal(r.code, 0, `jobs run ${day}: ${r.stderr}`);
    }
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('dashboard drill-down to a red county item, notice issued, answered with evidence, closed', async () => {
    const pdf = path.join(dir, '整改说明.pdf');
    writeFileSync(pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const jinan = await unitByCode(data.office, '370100');
    const lixia = await unitByCode(data.office, '370102');
    const fgj = await unitNamed(data.office, LIXIA_FGJ);

    const { context, page, problems } = await newPage(browser);
    try {
      // ── The province office opens the dashboard: one red item in the whole province.
      await page.setViewportSize({ width: 1440, height: 1500 });
      await login(page, srv.url, 'office');
      await page.locator('.side-menu').getByText('督查看板').click();
      await page.waitForURL(/\/dashboard$/);
      await page.locator('.drill-path').getByText('山东省').waitFor();
      await page.locator('.kpi-red .kpi-value', { hasText: /^1$/ }).waitFor();
      await page.locator('.kpi-total .kpi-value', { hasText: /^5$/ }).waitFor();
      await page.locator('.dashboard-asof', { hasText: TODAY }).waitFor();
      await page.locator('.sector-matrix .matrix-drill', { hasText: '济南市' }).waitFor();
      await page.locator('.overdue-table .overdue-link', { hasText: RED_TITLE }).waitFor();
      await page.locator('.dashboard-trend canvas').waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: screenshotPath('supervision-dashboard.png') });

      // ── Drill down by the bars: 济南市 → 历下区 → 历下区发展和改革局.
      await clickTopBar(page);
      await page.waitForURL(new RegExp(`/dashboard\\?unit_id=${jinan.id}$`));
      await page.locator('.drill-path .drill-current', { hasText: '济南市' }).waitFor();
      await page.locator('.drill-path .drill-step', { hasText: '山东省' }).waitFor();
      await page.locator('.kpi-total .kpi-value', { hasText: /^4$/ }).waitFor();
      await page.screenshot({ path: screenshotPath('supervision-dashboard-city.png') });

      await clickTopBar(page);
      await page.waitForURL(new RegExp(`/dashboard\\?unit_id=${lixia.id}$`));
      await page.locator('.drill-path .drill-current', { hasText: '历下区' }).waitFor();

      // A number of the heat table opens the list behind it: 历下区发改局's red items in 发改.
      const cell = page.locator('.sector-matrix tr', { has: page.locator('.matrix-drill', { hasText: LIXIA_FGJ }) })
        .locator('.matrix-cell[data-sector="发改"] .matrix-cell-red');
      await cell.click();
      await page.waitForURL((u) => u.pathname === '/items' && u.searchParams.get('light') === 'red'
        && u.searchParams.get('sector') === '发改' && u.searchParams.get('unit_id') === String(fgj.id));
      const rows = page.locator('.items-table .el-table__body tr.el-table__row');
      await rows.filter({ hasText: RED_TITLE }).locator('.light-red').waitFor();
      assert.equal(await rows.count(), 1, 'only the red item of that unit and sector');
      await page.goBack();
      await page.waitForURL(new RegExp(`/dashboard\\?unit_id=${lixia.id}$`));

      await clickTopBar(page);
      await page.waitForURL(new RegExp(`/dashboard\\?unit_id=${fgj.id}$`));
      await page.locator('.drill-path .drill-current', { hasText: LIXIA_FGJ }).waitFor();
      const crumbs = (await page.locator('.drill-path').innerText()).replace(/\s+/g, '');
      assert.equal(crumbs, `山东省›济南市›历下区›${LIXIA_FGJ}`);

      // ── The unit's longest-overdue item opens its page: red, 逾期 10 天.
      await page.locator('.overdue-table .overdue-link', { hasText: RED_TITLE }).click();
      await page.waitForURL(new RegExp(`/items/${data.red.id}$`));
      await page.locator('.item-header .item-light.light-red', { hasText: '逾期 10 天' }).waitFor();

      // ── 督办: a notice to the item's unit (the default), answer due 2026-10-09.
      await page.locator('.item-header .item-supervise').click();
      const dlg = page.locator('.notice-issue-dialog');
      await dlg.locator('.notice-target').getByText(LIXIA_FGJ).waitFor();
      await dlg.locator('input[name=title]').fill(NOTICE_TITLE);
      await dlg.locator('textarea[name=body]').fill('该事项已逾期 10 天，请说明原因并提出整改措施。');
      const due = dlg.locator('.notice-due input');
      await due.fill('2026-10-09');
      await due.press('Enter');
      await dlg.locator('.dialog-save').click();
      await page.waitForURL(/\/notices\/\d+$/);
      const noticeUrl = page.url();
      await page.locator('.notice-title', { hasText: NOTICE_TITLE }).waitFor();
      await page.locator('.notice-header .notice-state', { hasText: '待回复' }).waitFor();
      await page.locator('.notice-items .notice-item-link', { hasText: RED_TITLE }).waitFor();
      await logout(page);

      // ── The county filler sees it in the message centre (the bell counts it) and answers.
      await login(page, srv.url, 'filler');
      await page.locator('.message-bell .el-badge__content').waitFor();
      await page.locator('.message-bell').click();
      await page.waitForURL(/\/messages$/);
      const msg = page.locator('.messages-table tr.el-table__row', { hasText: NOTICE_TITLE });
      await msg.locator('.el-tag', { hasText: '督办' }).waitFor();
      await page.screenshot({ path: screenshotPath('supervision-messages.png') });
      await msg.locator('.message-open').click();
      await page.waitForURL(noticeUrl);
      const answer = page.locator('.notice-respond');
      await answer.locator('textarea[name=response]').fill('已制定整改计划，10月9日前全部开工。');
      await answer.locator('.report-file-input').setInputFiles(pdf);
      await answer.locator('.report-file-pending', { hasText: '整改说明.pdf' }).waitFor();
      await answer.locator('.notice-respond-submit').click();
      await page.locator('.notice-header .notice-state', { hasText: '已回复' }).waitFor();
      await page.locator('.notice-response-text', { hasText: '已制定整改计划' }).waitFor();
      const file = page.locator('.notice-attachment', { hasText: '整改说明.pdf' });
      assert.match(await file.getAttribute('href'), /^\/api\/v1\/attachments\/\d+$/);
      assert.equal(await page.locator('.notice-close').count(), 0, 'the target does not close its own notice');
      await logout(page);

      // ── The office finds it answered among the notices it issued, and closes it.
      await login(page, srv.url, 'office');
      await page.locator('.side-menu').getByText('督办单').click();
      await page.locator('.notices-mine').getByText('发出的').click();
      await page.waitForURL(/\/notices\?mine=issued$/);
      const row = page.locator('.notices-table tr.el-table__row', { hasText: NOTICE_TITLE });
      await row.locator('.notice-state', { hasText: '已回复' }).waitFor();
      await row.locator('.notice-link').click();
      await page.waitForURL(noticeUrl);
      await page.locator('.notice-close').click();
      await page.locator('.notice-header .notice-state', { hasText: '已办结' }).waitFor();
      await page.locator('.notice-light.light-green').waitFor();
      for (const s of ['发出督办单', '上传佐证材料', '书面回复', '办结']) {
        await page.locator('.notice-history').getByText(s, { exact: true }).waitFor();
      }
      assert.equal(await page.locator('.notice-reopen').count(), 1, 'a closed notice can be reopened');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
