// Account security and the audit log: the auditor searches the log, opens a record and checks
// the chain; a user with an issued password must change it before anything else.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startServer, Client, PASSWORD } from '../lib/server.mjs';
import { launch, newPage, login, screenshotPath, unique } from './_browser.mjs';

/* The RFC 6238 code (SHA-1, 30 s, 6 digits) of a base32 secret at a time in seconds. */
function totp(base32, seconds) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.replace(/[\s=]/g, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const h = createHmac('sha1', key).update(counter).digest();
  const o = h[h.length - 1] & 0xf;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

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
      // the answer has arrived; the table shows it once Vue has rendered it
      await page.waitForFunction(() => {
        const cells = [...document.querySelectorAll('.audit-table .audit-row td:nth-child(5)')];
        return cells.length > 0 && cells.every((c) => c.textContent.trim().startsWith('session.login'));
      }, null, { timeout: 5000 }).catch(() => {});
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

  it('the office binds a second factor from the user menu, then logging in asks for its code', async () => {
    const { context, page, problems } = await newPage(browser);
    try {
      await login(page, srv.url, 'office');
      await page.locator('.user-menu .who').click();
      await page.locator('.menu-totp').click();
      await page.waitForURL((u) => u.pathname === '/account/totp');
      await page.locator('.totp-start').click();
      await page.locator('.totp-qr').waitFor();
      assert.match(await page.locator('.totp-qr').getAttribute('src'), /^data:image\/svg\+xml/);
      const secret = await page.locator('.totp-secret').innerText();
      await page.locator('input[name=code]').fill('000000' === totp(secret, Date.now() / 1000) ? '111111' : '000000');
      await page.locator('.totp-confirm').click();
      await page.locator('.el-form-item.is-error').waitFor();
      await page.locator('input[name=code]').fill(totp(secret, Date.now() / 1000));
      await page.locator('.totp-confirm').click();
      await page.locator('.totp-remove').waitFor();

      await page.locator('.account-back').click();
      await page.locator('.topbar .logout').click();
      await page.waitForURL((u) => u.pathname === '/login');
      await page.locator('input[name=username]').fill('office');
      await page.locator('input[name=password]').fill(PASSWORD);
      await page.locator('.login-submit').click();
      await page.locator('input[name=otp]').waitFor();
      assert.equal(await page.locator('.login-error').count(), 0, 'asking for the code is no error');
      // the code of the next step: the one of this step was used to confirm
      await page.locator('input[name=otp]').fill(totp(secret, Date.now() / 1000 + 30));
      await page.locator('.login-submit').click();
      await page.waitForURL(`${srv.url}/`);
      await page.locator('.workbench-title').first().waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
