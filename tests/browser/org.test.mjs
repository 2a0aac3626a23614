// The organisation page as the province office sees it, end to end through the real server:
// login → tree → search → detail → language → logout.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, newPage, login, screenshotPath, treeNode, expandNode } from './_browser.mjs';

describe('organisation page (office)', () => {
  let srv; let browser;
  before(async () => {
    srv = await startServer();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('walks the tree, searches, opens a unit, switches language and logs out', async () => {
    const { context, page, problems } = await newPage(browser);
    try {
      // A deep link while logged out goes to the login page, and back after login.
      await page.goto(`${srv.url}/org`);
      await page.waitForURL((u) => u.pathname === "/login" && u.searchParams.get("redirect") === "/org");
      await login(page, srv.url, 'office');
      await page.waitForURL(/\/org$/);

      // Top bar and menu.
      await page.locator('.topbar .brand').getByText('链动').waitFor();
      await page.locator('.who-name').waitFor();
      const menu = await page.locator('.side-menu .el-menu-item').allTextContents();
      const entries = menu.map((s) => s.trim());
      for (const want of ['工作台', '年度周期', '责任清单', '审核队列', '督查看板', '指标体系', '考核结果', '组织机构']) {
        assert.ok(entries.includes(want), `office sees ${want}: ${entries}`);
      }
      assert.ok(!entries.includes('用户管理'), 'office sees no user administration');

      // The root of the office's scope, then its 16 cities.
      await treeNode(page, '山东省').waitFor();
      const shandong = await expandNode(page, '山东省');
      const cities = shandong.locator(':scope > .el-tree-node__children > .el-tree-node > .el-tree-node__content:has(.kind-region)');
      assert.equal(await cities.count(), 16, 'the 16 cities of Shandong');
      await treeNode(page, '济南市').waitFor();
      await treeNode(page, '青岛市').waitFor();
      assert.ok(await shandong.locator('.kind-organ').count() > 0, 'province organs follow the cities');

      // 济南市 → 历下区, and its detail.
      await expandNode(page, '济南市');
      await treeNode(page, '历下区').locator('.unit-node-name').click();
      await page.waitForURL(/[?&]unit=\d+/);
      const detail = page.locator('.unit-detail');
      await detail.locator('.unit-detail-name', { hasText: '历下区' }).waitFor();
      await detail.locator('.unit-fields').getByText('370102').waitFor();
      const crumbs = await detail.locator('.unit-breadcrumb .el-breadcrumb__item').allTextContents();
      assert.deepEqual(crumbs.map((s) => s.replace('/', '').trim()), ['山东省', '济南市', '历下区']);
      assert.equal((await detail.locator('.unit-add-child').count()), 1, 'the office may add units');
      await page.screenshot({ path: screenshotPath('org-tree.png'), fullPage: true });

      // Search by part of a name; every hit shows where it sits.
      await page.locator('.unit-search input').fill('发展和改革');
      const hits = page.locator('.unit-result');
      await hits.first().waitFor();
      const count = await hits.count();
      assert.ok(count > 0, 'some units match 发展和改革');
      for (let i = 0; i < count; i++) {
        assert.match(await hits.nth(i).locator('.unit-result-name').innerText(), /发展和改革/);
        assert.match(await hits.nth(i).locator('.unit-result-path').innerText(), /^山东省/);
      }
      const hit = hits.filter({ hasText: '历下区发展和改革局' }).first();
      await hit.click();
      await detail.locator('.unit-detail-name', { hasText: '历下区发展和改革局' }).waitFor();
      const crumbs2 = await detail.locator('.unit-breadcrumb .el-breadcrumb__item').allTextContents();
      assert.deepEqual(crumbs2.map((s) => s.replace('/', '').trim()), ['山东省', '济南市', '历下区', '历下区发展和改革局']);
      await page.screenshot({ path: screenshotPath('org-search.png'), fullPage: true });

      // Clearing the search brings the tree back as it was.
      await page.locator('.unit-search input').fill('');
      await treeNode(page, '历下区').waitFor();

      // English, kept over a reload; then back to Chinese.
      await page.locator('.topbar-lang').click();
      await page.locator('.el-dropdown-menu .lang-en').click();
      await page.locator('.side-menu').getByText('Organisation').waitFor();
      await page.reload();
      await page.locator('.side-menu').getByText('Organisation').waitFor();
      await detail.locator('.unit-fields').getByText('Short name').waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      await page.screenshot({ path: screenshotPath('org-english.png'), fullPage: true });
      await page.locator('.topbar-lang').click();
      await page.locator('.el-dropdown-menu .lang-zh-CN').click();
      await page.locator('.side-menu').getByText('组织机构').waitFor();

      // Log out: back on the login page, and the session is gone.
      await page.locator('.logout').click();
      await page.waitForURL(/\/login$/);
      await page.goto(`${srv.url}/org`);
      await page.waitForURL(/\/login/);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('shows the squares of the office', async () => {
    const { context, page, problems } = await newPage(browser);
    try {
      await page.goto(`${srv.url}/org?tab=squares`);
      await login(page, srv.url, 'office');
      await page.locator('.squares-table').waitFor();
      await page.locator('.square-create').waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
