// 用户管理 through the UI: the system admin makes an account (the server's password rule shows
// next to the field), disables it; the security admin grants and revokes a role (三员分立).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, newPage, login, pickUnit, confirmBox, unique } from './_browser.mjs';

const STRONG = 'Taishan#Sunrise2026';

describe('users page', () => {
  let srv; let browser;
  before(async () => {
    srv = await startServer();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  async function findUser(page, username) {
    await page.locator('.user-search input').fill(username);
    await page.locator('.user-search input').press('Enter');
    const row = page.locator('.users-table .el-table__row', { hasText: username });
    await row.waitFor();
    return row;
  }

  it('sysadmin creates, disables and resets; secadmin grants and revokes', async () => {
    const username = unique('zhangsan');
    const sys = await newPage(browser);
    try {
      await login(sys.page, srv.url, 'sysadmin');
      await sys.page.goto(`${srv.url}/users`);
      await sys.page.locator('.user-create').click();
      const dialog = sys.page.locator('.user-form-dialog');
      await dialog.locator('input[name=username]').fill(username);
      await dialog.locator('input[name=display_name]').fill('张三');
      await pickUnit(sys.page, dialog.locator('.unit-select'), '历下区发展和改革局');
      await dialog.locator('input[name=password]').fill('abcdefghijklmnop');
      await dialog.locator('.dialog-save').click();
      // The server refuses the weak password; its reason shows under the password field.
      const pwItem = dialog.locator('.el-form-item', { has: sys.page.locator('input[name=password]') });
      const pwError = pwItem.locator('.el-form-item__error');
      await pwError.waitFor();
      assert.ok((await pwError.innerText()).trim().length > 0, 'a reason for the password');
      await dialog.locator('input[name=password]').fill(STRONG);
      await dialog.locator('.dialog-save').click();
      await dialog.waitFor({ state: 'hidden' });

      const row = await findUser(sys.page, username);
      await row.getByText('张三').waitFor();
      await row.getByText('历下区发展和改革局').waitFor();
      await row.locator('.user-toggle').click();
      await confirmBox(sys.page);
      await row.getByText('已停用').waitFor();
      await row.locator('.user-toggle').click();
      await row.getByText('正常').waitFor();

      await row.locator('.user-password').click();
      const pw = sys.page.locator('.password-dialog');
      await pw.locator('input[name=password]').fill('Mount#Tai2026Sunrise');
      await pw.locator('.dialog-save').click();
      await pw.waitFor({ state: 'hidden' });
      assert.deepEqual(sys.problems, []);
    } finally {
      await sys.context.close();
    }

    const sec = await newPage(browser);
    try {
      await login(sec.page, srv.url, 'secadmin');
      await sec.page.goto(`${srv.url}/users`);
      const row = await findUser(sec.page, username);
      await row.locator('.user-grants').click();
      const drawer = sec.page.locator('.grants-drawer');
      await drawer.getByText('暂无授权').waitFor();
      await drawer.locator('.grant-role').click();
      await sec.page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '填报员' }).click();
      await pickUnit(sec.page, drawer.locator('.grant-unit'), '历下区发展和改革局');
      await drawer.locator('.grant-add').click();
      const grant = drawer.locator('.grants-table .el-table__row', { hasText: '填报员' });
      await grant.waitFor();
      await grant.getByText('历下区发展和改革局').waitFor();
      await row.getByText('填报员').waitFor(); // the list behind follows
      await grant.locator('.grant-revoke').click();
      await confirmBox(sec.page);
      await grant.waitFor({ state: 'detached' });
      assert.deepEqual(sec.problems, []);
    } finally {
      await sec.context.close();
    }
  });
});
