// 联建方阵 through the UI: the office creates a square, manages its members, deletes it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, newPage, login, pickUnit, confirmBox, unique } from './_browser.mjs';

describe('squares page (office)', () => {
  let srv; let browser;
  before(async () => {
    srv = await startServer();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('creates a square, adds and removes a member, changes the lead and deletes it', async () => {
    const { context, page, problems } = await newPage(browser);
    try {
      await page.goto(`${srv.url}/login?redirect=${encodeURIComponent('/org?tab=squares')}`);
      await login(page, srv.url, 'office');
      await page.locator('.squares-table').waitFor();

      // Create, with the lead unit picked by searching.
      const name = unique('投资联建方阵');
      await page.locator('.square-create').click();
      const dialog = page.locator('.square-form-dialog');
      await dialog.locator('input[name=name]').fill(name);
      await dialog.locator('textarea[name=description]').fill('省市县发改系统投资处室');
      await pickUnit(page, dialog.locator('.square-lead-select'), '山东省发展和改革委员会');
      await dialog.locator('.dialog-save').click();
      await dialog.waitFor({ state: 'hidden' });

      // The new square opens in the drawer.
      const drawer = page.locator('.square-drawer');
      await drawer.locator('.el-drawer__title', { hasText: name }).waitFor();
      await drawer.locator('.square-lead', { hasText: '山东省发展和改革委员会' }).waitFor();
      await page.waitForURL(/[?&]square=\d+/);

      // Add a member from another level.
      const members = drawer.locator('.square-members');
      await pickUnit(page, drawer.locator('.square-add-member'), '济南市发展和改革委员会');
      await drawer.locator('.square-add-member .el-button--primary').click();
      const jinan = members.locator('.el-table__row', { hasText: '济南市发展和改革委员会' });
      await jinan.waitFor();

      // Make it the lead: the lead line follows.
      await jinan.getByRole('button', { name: '设为牵头' }).click();
      await drawer.locator('.square-lead', { hasText: '济南市发展和改革委员会' }).waitFor();

      // Back to the province lead, then remove the Jinan member.
      await drawer.locator('.square-edit').click();
      const edit = page.locator('.square-form-dialog');
      await pickUnit(page, edit.locator('.square-lead-select'), '山东省发展和改革委员会');
      await edit.locator('.dialog-save').click();
      await edit.waitFor({ state: 'hidden' });
      await drawer.locator('.square-lead', { hasText: '山东省发展和改革委员会' }).waitFor();
      await jinan.getByRole('button', { name: '移除' }).click();
      await confirmBox(page);
      await jinan.waitFor({ state: 'detached' });

      // The list shows it; then delete it.
      const row = page.locator('.squares-table .el-table__row', { hasText: name });
      await row.waitFor();
      await drawer.locator('.square-delete').click();
      await confirmBox(page);
      await drawer.waitFor({ state: 'hidden' });
      await row.waitFor({ state: 'detached' });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('a unit\'s detail lists its squares and opens them', async () => {
    const { context, page, problems } = await newPage(browser);
    try {
      await login(page, srv.url, 'office');
      // Make a square led by 历下区发展和改革局 through the UI's own API client.
      const name = unique('历下方阵');
      const made = await page.evaluate(async (squareName) => {
        const me = await (await fetch('/api/v1/me')).json();
        const hits = await (await fetch(`/api/v1/units?q=${encodeURIComponent('历下区发展和改革局')}`)).json();
        const unit = hits.items.find((u) => u.name === '历下区发展和改革局');
        const r = await fetch('/api/v1/squares', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
          body: JSON.stringify({ name: squareName, lead_unit_id: unit.id }),
        });
        return { status: r.status, unitId: unit.id };
      }, name);
      assert.equal(made.status, 201);
      await page.goto(`${srv.url}/org?unit=${made.unitId}`);
      const tag = page.locator('.unit-detail .unit-square', { hasText: name });
      await tag.waitFor();
      assert.match(await tag.innerText(), /牵头/);
      await tag.click();
      await page.locator('.square-drawer .el-drawer__title', { hasText: name }).waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
