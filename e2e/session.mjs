// What every browser script here shares: the store address, Chromium as this machine runs it, and the admin login.
import { chromium } from 'playwright-core';

export const BASE = (process.env.FLOCK_E2E_BASE_URL || '').replace(/\/+$/, '');
export const ADMIN_EMAIL = process.env.FLOCK_E2E_ADMIN_EMAIL || 'admin@flock.test';
export const ADMIN_PASSWORD = process.env.FLOCK_E2E_ADMIN_PASSWORD || 'Admin123!';

/** Debian's headless Chromium with the flags this machine needs (no background networking). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.FLOCK_E2E_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  });
}

/** A fresh browser context and page with a generous timeout (the store may be warming up). */
export async function newPage(browser, options = {}) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 }, ...options })).newPage();
  page.setDefaultTimeout(60000);
  return page;
}

/** Logs the admin in through the store's login form and checks the admin area was reached. */
export async function adminLogin(page, base = BASE) {
  await page.goto(base + '/login?returnUrl=%2Fadmin');
  await page.fill('#Email', ADMIN_EMAIL);
  await page.fill('#Password', ADMIN_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('button.login-button')]);
  if (!/\/admin/i.test(page.url())) throw new Error(`admin login did not reach /Admin (at ${page.url()})`);
}

/**
 * On the admin's chain gallery (/Admin/Flock/Chains, already open): launches a ready scenario, or opens its chain when it
 * was launched before, and makes it live. Returns the chain's lifecycle as the chain page shows it.
 */
export async function launchScenario(admin, scenario) {
  const card = admin.locator(`.flock-scenario[data-scenario="${scenario}"]`);
  if (await card.locator('.flock-launch').count())
    await Promise.all([admin.waitForNavigation(), card.locator('.flock-launch').click()]);
  else
    await Promise.all([admin.waitForNavigation(), card.locator('a').first().click()]);
  await admin.waitForSelector('#flock-chain-lifecycle');
  if ((await admin.textContent('#flock-chain-lifecycle')).trim() !== 'Live')
    await Promise.all([admin.waitForNavigation(), admin.click('#flock-chain-to-live')]);
  return (await admin.textContent('#flock-chain-lifecycle')).trim();
}
