// Uploads the plugin package the way a store admin does (Configuration > Local plugins > Upload plugin or theme) and
// checks that nopCommerce accepted it and lists Misc.Flock. Remove other copies of the plugin (Plugins/Misc.Flock from a
// developer build) first: nopCommerce refuses two plugins with one system name.
//   node e2e/upload-package.mjs artifacts/Misc.Flock.zip     (FLOCK_E2E_BASE_URL, FLOCK_E2E_ADMIN_EMAIL/PASSWORD)
import { BASE as CONFIGURED, adminLogin, launchBrowser, newPage } from './session.mjs';
import { resolve } from 'node:path';

const zip = process.argv[2];
if (!zip) {
  console.log('usage: node upload-package.mjs path/to/Misc.Flock.zip');
  process.exit(2);
}
const BASE = CONFIGURED || 'http://127.0.0.1:5080';
const browser = await launchBrowser();
try {
  const page = await newPage(browser);
  await adminLogin(page, BASE);
  await page.goto(BASE + '/Admin/Plugin/List');
  await page.click('button[name="uploadplugin"]');
  await page.setInputFiles('#archivefile', resolve(zip));
  await Promise.all([page.waitForNavigation(), page.click('#upload-plugin')]);
  const notice = (await page.locator('.alert').allInnerTexts()).join(' | ');
  // listed either as installable (first upload) or as installed (an update over an installed Flock)
  const listed = await page.locator('button[name="install-plugin-link-Misc.Flock"], button[name="uninstall-plugin-link-Misc.Flock"]').count();
  console.log(`upload notice: ${notice}`);
  if (!/success|uploaded/i.test(notice) || listed !== 1) {
    console.log('FAILED: the package was not accepted or Misc.Flock is not in the plugin list');
    process.exit(1);
  }
  console.log('Misc.Flock uploaded and listed; restart the store to load it (nopCommerce keeps uploads in Plugins/Uploaded)');
} finally {
  await browser.close();
}
