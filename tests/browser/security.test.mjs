// Account security and the audit log: the auditor searches the log, opens a record and checks
// the chain; a user with an issued password must change it before anything else.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { launch, newPage, login, screenshotPath, unique } from './_browser.mjs';

describe('account security and the audit log', () => {
  let srv; let browser;
  before(async () => {
    srv = await startServer();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('the auditor filters the log to session.login, opens a record and finds the chain intact', async () => {
    const { context, page, problems } = await newPage(browser);
    try {
      await login(page, srv.url, 'auditor');
      const menu = await page.locator('.side-menu .el-menu-item').allTextContents();
      assert.deepEqual(menu.map((s) => s.trim()), ['工作台', '审计日志']);
      await page.locator('.side-menu .el-menu-item', { hasText: '审计日志' }).click();
      await page.waitForURL(`${srv.url}/audit`);
      await page.locator('.audit-table .audit-row').first().waitFor();

      await page.locator('input[name=action]').fill('session.login');
      const listed = page.waitForResponse((r) => r.url().includes('/api/v1/audit?') && r.url().includes('action=session.login'));
      await page.locator('.audit-search').click();
      assert.equal((await listed).status(), 200);
      const actions = await page.locator('.audit-table .audit-row td:nth-child(5)').allTextContents();
      assert.ok(actions.length > 0, 'some logins are listed');
      assert.ok(actions.every((a) => a.trim().startsWith('session.login')), actions.join(','));
      const href = await page.locator('.audit-export').getAttribute('href');
      assert.equal(href, '/api/v1/audit.xlsx?action=session.login');

      await page.locator('.audit-table .audit-row').first().click();
      const drawer = page.locator('.audit-drawer');
      await drawer.getByText('session.login').first().waitFor();
      await drawer.locator('.audit-before').waitFor();
      await drawer.locator('.audit-after').waitFor();
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });

      await page.locator('.audit-verify').click();
      const ok = page.locator('.chain-ok');
      await ok.waitFor();
      assert.match(await ok.innerText(), /\d+ 条记录，链完整/);
      assert.match(await ok.locator('code').innerText(), /^\d+:[0-9a-f]{64}$/);
      await page.screenshot({ path: screenshotPath('audit.png'), fullPage: true });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('a user with an issued password changes it first, then reaches the workbench', async () => {
    const sys = new Client(srv.url);
    const me = await sys.login('sysadmin');
    assert.equal(me.status, 200);
    const username = unique('sec');
    const issued = 'Issued#Password2026';
    const created = await sys.post('/api/v1/users', { username, display_name: '新同事', unit_id: me.body.user.unit_id, password: issued });
    assert.equal(created.status, 201, JSON.stringify(created.body));

    const { context, page, problems } = await newPage(browser);
    try {
      await page.goto(`${srv.url}/messages`);
      await login(page, srv.url, username, issued);
      await page.waitForURL((u) => u.pathname === '/account/password');
      await page.locator('.password-notice').waitFor();

      // too short: the server's reason at the new password's field
      await page.locator('input[name=current_password]').fill(issued);
      await page.locator('input[name=new_password]').fill('short');
      await page.locator('input[name=repeat_password]').fill('short');
      await page.locator('.password-submit').click();
      await page.locator('.el-form-item.is-error').first().waitFor();
      assert.equal(page.url().includes('/account/password'), true);

      const next = 'Changed#Password2026';
      await page.locator('input[name=new_password]').fill(next);
      await page.locator('input[name=repeat_password]').fill(next);
      await page.locator('.password-submit').click();
      await page.waitForURL(`${srv.url}/messages`);
      await page.goto(`${srv.url}/`);
      await page.locator('.side-menu').waitFor();
      assert.equal(new URL(page.url()).pathname, '/');

      const again = new Client(srv.url);
      assert.equal((await again.post('/api/v1/session', { username, password: next })).status, 200);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
