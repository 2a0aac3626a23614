// Logging in: the server's refusal is shown; roles decide the menu; unknown pages say so.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, newPage, login } from './_browser.mjs';

describe('login and menus', () => {
  let srv; let browser;
  before(async () => {
    srv = await startServer();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('a wrong password shows the server\'s message and stays on the login page', async () => {
    const { context, page } = await newPage(browser);
    try {
      await page.goto(`${srv.url}/`);
      await page.waitForURL(/\/login/);
      await page.locator('input[name=username]').fill('leader');
      await page.locator('input[name=password]').fill('Wrong@password1');
      await page.locator('.login-submit').click();
      const error = page.locator('.login-error');
      await error.waitFor();
      assert.ok((await error.innerText()).trim().length > 0, 'an error message is shown');
      assert.match(page.url(), /\/login/);
      assert.equal(await page.locator('input[name=password]').inputValue(), '', 'the password is cleared');
    } finally {
      await context.close();
    }
  });

  it('empty fields are caught before asking the server', async () => {
    const { context, page } = await newPage(browser);
    try {
      await page.goto(`${srv.url}/login`);
      await page.locator('.login-submit').click();
      await page.locator('.el-form-item__error').first().waitFor();
      assert.equal(await page.locator('.login-error').count(), 0);
    } finally {
      await context.close();
    }
  });

  it('the home page greets the user with their roles: the workbench for the office', async () => {
    const { context, page, problems } = await newPage(browser);
    try {
      await login(page, srv.url, 'office');
      await page.waitForURL(`${srv.url}/`);
      await page.locator('.workbench-title').getByText('欢迎').waitFor();
      await page.locator('.workbench-roles').getByText('工委管理员 · 山东省').waitFor();
      // No cycle in the demo data yet: the office is told to open one.
      await page.locator('.workbench-no-cycle').getByText('新建年度').first().waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('an auditor sees only the workbench; the organisation page sends them home', async () => {
    const { context, page } = await newPage(browser);
    try {
      await login(page, srv.url, 'auditor');
      const menu = await page.locator('.side-menu .el-menu-item').allTextContents();
      assert.deepEqual(menu.map((s) => s.trim()), ['工作台', '审计日志']);
      await page.goto(`${srv.url}/org`);
      await page.waitForURL(`${srv.url}/`);
    } finally {
      await context.close();
    }
  });

  it('the system admin sees user administration with account buttons and no grant buttons', async () => {
    const { context, page, problems } = await newPage(browser);
    try {
      await login(page, srv.url, 'sysadmin');
      const menu = await page.locator('.side-menu .el-menu-item').allTextContents();
      assert.deepEqual(menu.map((s) => s.trim()), ['工作台', '组织机构', '用户管理']);
      // No business role: the home page is the greeting with the grants, not a workbench.
      await page.locator('.home-welcome').waitFor();
      await page.locator('.home-roles').getByText('系统管理员').waitFor();
      await page.locator('.side-menu').getByText('用户管理').click();
      await page.waitForURL(/\/users$/);
      await page.locator('.users-table').getByText('county_filler', { exact: true }).waitFor();
      assert.ok(await page.locator('.user-create').count() === 1, 'sysadmin creates accounts');
      assert.ok(await page.locator('.users-table .user-password').count() > 0, 'sysadmin resets passwords');
      assert.equal(await page.locator('.users-table .user-grants').count(), 0, 'grants are the security admin\'s');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('the security admin sees grant buttons and no account buttons', async () => {
    const { context, page, problems } = await newPage(browser);
    try {
      await login(page, srv.url, 'secadmin');
      await page.goto(`${srv.url}/users`);
      await page.locator('.users-table').getByText('county_filler', { exact: true }).waitFor();
      assert.equal(await page.locator('.user-create').count(), 0);
      assert.equal(await page.locator('.users-table .user-password').count(), 0);
      const grants = page.locator('.users-table .el-table__row', { hasText: 'county_filler' }).locator('.user-grants');
      await grants.click();
      const drawer = page.locator('.grants-drawer');
      await drawer.locator('.grants-table').getByText('填报员').waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('an unknown page shows 404 inside the layout', async () => {
    const { context, page } = await newPage(browser);
    try {
      await login(page, srv.url, 'office');
      await page.goto(`${srv.url}/no/such/page`);
      await page.locator('.el-result').getByText('页面不存在', { exact: true }).waitFor();
      await page.locator('.side-menu').waitFor();
    } finally {
      await context.close();
    }
  });
});
