// Queues the install or uninstall of a plugin through nopCommerce's admin (Configuration > Local plugins), the way a
// store owner does it. nopCommerce carries it out at the next start: the caller restarts the store.
//   node e2e/admin-plugin.mjs install|uninstall [Misc.Flock]     (FLOCK_E2E_BASE_URL, FLOCK_E2E_ADMIN_EMAIL/PASSWORD)
import { BASE as CONFIGURED, adminLogin, launchBrowser, newPage } from './session.mjs';

const [action, systemName = 'Misc.Flock'] = process.argv.slice(2);
if (!['install', 'uninstall'].includes(action)) {
  console.log('usage: node admin-plugin.mjs install|uninstall [SystemName]');
  process.exit(2);
}
const BASE = CONFIGURED || 'http://127.0.0.1:5080';
const browser = await launchBrowser();
try {
  const page = await newPage(browser);
  await adminLogin(page, BASE);
  await page.goto(BASE + '/Admin/Plugin/List');
  const button = page.locator(`button[name="${action}-plugin-link-${systemName}"]`);
  await button.waitFor({ timeout: 30000 });
  await Promise.all([page.waitForNavigation(), button.click()]);
  console.log(`${action} of ${systemName} queued; it takes effect at the next start of the store`);
} finally {
  await browser.close();
}
