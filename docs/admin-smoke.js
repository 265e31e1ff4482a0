// Drives the Flock admin pages headless (playwright-core + Debian chromium). Run:
//   NODE_PATH=/work/nop/_tools/browser/node_modules node docs/admin-smoke.js [step...]
const { chromium } = require('playwright-core');
const B = process.env.BASE || 'http://127.0.0.1:5080';
const OUT = __dirname + '/screenshots/';
const steps = process.argv.slice(2);
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 1150 } });
  const page = await ctx.newPage();
  page.on('pageerror', e => console.log('PAGEERROR', e.message));
  page.on('console', m => { if (m.type() === 'error') console.log('CONSOLE', m.text()); });
  const shot = async (name, full = false) => { await page.mouse.move(1590, 1140); await page.waitForTimeout(400); return page.screenshot({ path: OUT + name + '.png', fullPage: full }); };
  async function login() {
    await page.goto(B + '/login?returnUrl=%2Fadmin');
    await page.fill('#Email', 'admin@flock.test');
    await page.fill('#Password', 'Admin123!');
    await Promise.all([page.waitForNavigation(), page.click('button.login-button')]);
  }
  async function visit(path) {
    const r = await page.goto(B + path);
    const title = await page.title();
    console.log(path, r.status(), title);
    return r;
  }
  try {
    await login();
    for (const s of steps) {
      if (s.startsWith('/')) { await visit(s); continue; }
      const fn = require(__dirname + '/smoke-steps.js')[s];
      await fn({ page, visit, shot, B });
    }
  } catch (e) { console.log('FAIL', e.message); await shot('failure'); process.exitCode = 1; }
  await browser.close();
})();
