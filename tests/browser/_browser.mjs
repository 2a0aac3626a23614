// Shared set-up of the browser tests: Debian's Chromium, headless, driven by playwright-core.
// No browser is ever downloaded; CHROMIUM may point at another binary.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { PASSWORD } from '../lib/server.mjs';

export const SCREENSHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/* A fresh page (own cookies and storage) that records uncaught errors, failed requests and
 * console errors, so that a test can assert the UI ran cleanly. */
export async function newPage(browser, { locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // The browser logs every 4xx answer as an error, and the UI's first GET /me is a 401 by
  // design; answers are judged by status instead: a 5xx is a problem.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console error: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`${r.status()} from ${r.request().method()} ${r.url()}`);
  });
  return { context, page, problems };
}

/* Logs in through the form and waits to leave the login page. A fresh page opens /login;
 * a page that was sent there (a deep link while logged out) is used as it is. */
export async function login(page, url, username, password = PASSWORD) {
  if (page.url() === 'about:blank') await page.goto(`${url}/login`);
  else await page.waitForURL((u) => u.pathname === '/login');
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.locator('.login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

export function screenshotPath(name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, name);
}

function exactly(name) {
  return new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/* The row (label line) of one tree node, found by its exact name. */
export function treeNode(page, name) {
  return page.locator('.unit-tree .el-tree-node__content', {
    has: page.locator('.unit-node-name', { hasText: exactly(name) }),
  });
}

/* The whole tree node (row and children) of one unit. */
export function treeItem(page, name) {
  return page.locator('.unit-tree .el-tree-node', {
    has: page.locator(':scope > .el-tree-node__content .unit-node-name', { hasText: exactly(name) }),
  });
}

/* Opens a tree node (loading its children) and waits until its children are shown. */
export async function expandNode(page, name) {
  await treeNode(page, name).locator('.el-tree-node__expand-icon').click();
  const node = treeItem(page, name);
  await node.locator(':scope > .el-tree-node__children > .el-tree-node').first().waitFor();
  return node;
}

/* Chooses a unit in a UnitSelect (remote search) by typing part of its name and clicking
 * the option with exactly that name. */
export async function pickUnit(page, select, name) {
  await select.locator('input').click();
  await select.locator('input').fill(name);
  const option = page.locator('.el-select-dropdown:visible .el-select-dropdown__item', {
    has: page.locator('span', { hasText: exactly(name) }),
  }).first();
  await option.click();
}

/* Answers yes to an ElMessageBox confirmation. */
export async function confirmBox(page) {
  const box = page.locator('.el-message-box');
  await box.waitFor();
  await box.locator('.el-message-box__btns .el-button--primary').click();
  await box.waitFor({ state: 'hidden' });
}

/* A name no other test run uses. */
export function unique(prefix) {
  return `${prefix}${process.pid}${Date.now() % 100000}`;
}
