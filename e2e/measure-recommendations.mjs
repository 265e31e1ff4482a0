// The product page with Flock's recommendation block against the same page with nopCommerce's own "Customers who bought
// this item also bought" block, in one run of a running store over loopback: blocks alternate (FLOCK_MEASURE_PHASES,
// default flock,nop,flock,nop) of FLOCK_MEASURE_N page loads each (default 300) after a warm-up, one returning guest
// (its cookie kept) asking for the product pages of the store in turn. "flock": Flock's block on, nopCommerce's off
// (Flock's "Hide nopCommerce's also-purchased block"); "nop": Flock's block off, nopCommerce's on. The settings changed are
// restored at the end. Prints mean, median and p95 per side and the ratios; writes artifacts/measure-recommendations.json.
//   FLOCK_E2E_BASE_URL=http://127.0.0.1:5080 node e2e/measure-recommendations.mjs
import { BASE, adminLogin, launchBrowser, newPage as openPage } from './session.mjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

if (!BASE) {
  console.log('no store configured: skipped the recommendation speed measurement (set FLOCK_E2E_BASE_URL)');
  process.exit(0);
}
const N = Number(process.env.FLOCK_MEASURE_N || 300);
const WARMUP = Number(process.env.FLOCK_MEASURE_WARMUP || 60);
const PHASES = (process.env.FLOCK_MEASURE_PHASES || 'flock,nop,flock,nop').split(',');
const PRODUCTS = (process.env.FLOCK_MEASURE_PRODUCTS || '/fahrenheit-451-by-ray-bradbury,/first-prize-pies,/pride-and-prejudice').split(',');
const OUT = process.env.FLOCK_MEASURE_OUT || join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts', 'measure-recommendations.json');
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

const browser = await launchBrowser();
const admin = await openPage(browser);
await adminLogin(admin);

async function setCheckbox(selector, on) {
  await admin.goto(BASE + '/Admin/Flock/Configure');
  const box = admin.locator(selector);
  const was = await box.isChecked();
  if (was !== on) {
    if (on) await box.check(); else await box.uncheck();
    await Promise.all([admin.waitForNavigation(), admin.click('button[name=save]')]);
    await admin.goto(BASE + '/Admin/Flock/Configure');
    if ((await admin.locator(selector).isChecked()) !== on) throw new Error(`${selector} was not saved`);
  }
  return was;
}

async function side(name) {
  await setCheckbox('#RecommendationsOnProductPage', name === 'flock');
  await setCheckbox('#HideAlsoPurchased', name === 'flock');
}

let cookie = '';
async function load(path) {
  const started = process.hrtime.bigint();
  const response = await fetch(BASE + path, { headers: { 'User-Agent': UA, Cookie: cookie }, redirect: 'manual' });
  const html = await response.text();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const set = response.headers.getSetCookie?.() || [];
  if (set.length) cookie = set.map(c => c.split(';')[0]).join('; ');
  if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
  return { ms, html };
}

const stats = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = q => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: values.length, mean: values.reduce((a, b) => a + b, 0) / values.length, median: at(0.5), p95: at(0.95) };
};

async function setValue(selector, value) {
  await admin.goto(BASE + '/Admin/Flock/Configure');
  const was = await admin.inputValue(selector);
  await admin.fill(selector, value);
  await Promise.all([admin.waitForNavigation(), admin.click('button[name=save]')]);
  return was;
}

// the measuring shopper must see the block: no holdout for the run (restored at the end)
const original = { holdout: await setValue('#RecommendationsHoldoutPercent', '0'),
  flock: await setCheckbox('#RecommendationsOnProductPage', true), hideNop: await setCheckbox('#HideAlsoPurchased', false) };
const samples = { flock: [], nop: [] };
try {
  for (const name of ['flock', 'nop']) {
    await side(name);
    for (let i = 0; i < WARMUP; i++) await load(PRODUCTS[i % PRODUCTS.length]);
  }
  // what each side shows: Flock's block, or nopCommerce's
  await side('flock');
  const flockPage = (await load(PRODUCTS[0])).html;
  await side('nop');
  const nopPage = (await load(PRODUCTS[0])).html;
  if (!flockPage.includes('flock-recommendations') || flockPage.includes('also-purchased-products-grid'))
    throw new Error('the "flock" side does not show Flock\'s block alone (is the model built and the product bought with others?)');
  if (!nopPage.includes('also-purchased-products-grid') || nopPage.includes('flock-recommendations'))
    throw new Error('the "nop" side does not show nopCommerce\'s block alone');

  for (const name of PHASES) {
    await side(name);
    for (let i = 0; i < 10; i++) await load(PRODUCTS[i % PRODUCTS.length]);
    for (let i = 0; i < N; i++) samples[name].push((await load(PRODUCTS[i % PRODUCTS.length])).ms);
    console.log(`${name}: ${N} product pages, median so far ${stats(samples[name]).median.toFixed(1)} ms`);
  }
} finally {
  await setCheckbox('#RecommendationsOnProductPage', original.flock);
  await setCheckbox('#HideAlsoPurchased', original.hideNop);
  await setValue('#RecommendationsHoldoutPercent', original.holdout);
  await browser.close();
}

const flock = stats(samples.flock), nop = stats(samples.nop);
const result = {
  at: new Date().toISOString(), base: BASE, products: PRODUCTS, phases: PHASES, perBlock: N, flock, nop,
  ratio: { mean: flock.mean / nop.mean, median: flock.median / nop.median, p95: flock.p95 / nop.p95 },
};
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(result, null, 2));
console.log(`product page, Flock's block vs nopCommerce's also-purchased: median ${flock.median.toFixed(1)} vs ${nop.median.toFixed(1)} ms ` +
  `(×${result.ratio.median.toFixed(3)}), mean ×${result.ratio.mean.toFixed(3)}, p95 ×${result.ratio.p95.toFixed(3)}`);
