// Speed of the two store paths Flock touches, measured in a running store over loopback, plugin on vs off:
//   (a) the thank-you page  GET /checkout/completed  (the latest order of the logged-in customer, with the share widget)
//   (b) order placement     POST /checkout/OpcConfirmOrder  (the confirm-order POST; Flock's OrderPlacedEvent consumer runs in it)
//   (c) the cart page       GET /cart  (one item; nopCommerce evaluates the store's discounts, Flock's cart notice renders)
//   (d) the catalog pages   GET of a product, a category and a search (Flock's capture of views and searches)
// "Off" is FlockSettings.Enabled = false through the plugin's settings page (the plugin stays installed: its widget
// zones and event consumers are still called and return at once). Uninstalling between runs would drop the Flock tables
// of a shared store, so it is not done here.
// Bounded: blocks on,off,on,off (FLOCK_MEASURE_PHASES) of FLOCK_MEASURE_N orders each (default 100) after 10 warm-up
// orders, each block at most FLOCK_MEASURE_MAX_SECONDS (default 600); then it restores the settings it changed and exits.
// Shoppers (FLOCK_MEASURE_SHOPPERS): first-time (default; a fresh guest per order) or returning (a pool of
// FLOCK_MEASURE_POOL registered customers, default 100, who each ordered once before the blocks and take turns).
//   FLOCK_E2E_BASE_URL=http://127.0.0.1:5080 node e2e/measure.mjs
import { BASE, adminLogin, launchBrowser, launchScenario, newPage as openPage } from './session.mjs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

if (!BASE) {
  console.log('no store configured: skipped the speed measurement (set FLOCK_E2E_BASE_URL)');
  process.exit(0);
}
if (!/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(BASE)) {
  console.log(`FLOCK_E2E_BASE_URL must be a loopback address (was ${BASE})`);
  process.exit(2);
}
const N = Number(process.env.FLOCK_MEASURE_N || 100);
const WARMUP = Number(process.env.FLOCK_MEASURE_WARMUP || 10);
const MAX_SECONDS = Number(process.env.FLOCK_MEASURE_MAX_SECONDS || 600);
// blocks alternate so that load from elsewhere on the machine falls on both sides alike
const PHASES = (process.env.FLOCK_MEASURE_PHASES || 'on,off,on,off').split(',');
const PRODUCT = process.env.FLOCK_E2E_PRODUCT || '/pride-and-prejudice';
const CATEGORY = process.env.FLOCK_E2E_CATEGORY || '/books';
const SEARCH = process.env.FLOCK_E2E_SEARCH || 'pride';
// a pause between the confirm POST and the thank-you GET (0: at once, as the checkout's script does): with a pause the
// worker has prepared the block before the page asks, which shows what the page costs without the worker's concurrent work
const THANKYOU_DELAY_MS = Number(process.env.FLOCK_MEASURE_THANKYOU_DELAY_MS || 0);
// extra GETs of the same thank-you page after the first (block prepared by then): the render path alone, without the worker
const REPEAT = Number(process.env.FLOCK_MEASURE_REPEAT || 0);
// the store's process id (optional): its CPU time per order (user + system, all threads, the worker's included) per block
const STORE_PID = process.env.FLOCK_MEASURE_STORE_PID;
const TICKS_PER_MS = 100 / 1000; // Linux USER_HZ
function storeCpuMs() {
  if (!STORE_PID) return 0;
  const fields = readFileSync(`/proc/${STORE_PID}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_MS; // utime, stime (fields 14 and 15 of stat)
}
const OUT = process.env.FLOCK_MEASURE_OUT || join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts', 'measure.json');
const stamp = Date.now().toString(36);

const browser = await launchBrowser();
const newPage = () => openPage(browser);

const admin = await newPage();
await adminLogin(admin);

async function setField(path, selector, value) {
  await admin.goto(BASE + path);
  const el = admin.locator(selector);
  const old = (await el.getAttribute('type')) === 'checkbox' ? await el.isChecked() : await el.inputValue();
  if (typeof value === 'boolean') await el.setChecked(value); else await el.fill(String(value));
  await Promise.all([admin.waitForNavigation(), admin.locator('button[name=save]').first().click()]);
  return old;
}

// A first-time shopper is a fresh guest per order (its own cookies), so nopCommerce's minimum interval between two
// orders of one customer (OrderSettings.MinimumOrderPlacementInterval, 1 minute, not editable in the admin) never applies.
const oldEnabled = await setField('/Admin/Flock/Configure', '#Enabled', true);

// one checkout through the pages finds the product, the country and state ids the measured orders reuse
const probe = await newPage();
await probe.goto(BASE + PRODUCT);
const productId = Number((await probe.content()).match(/addproducttocart\/details\/(\d+)/)[1]);
// the product page's own form (attribute defaults such as gift wrapping included), as its add-to-cart button posts it
const productForm = new URLSearchParams(await probe.$eval('#product-details-form', f => new URLSearchParams(new FormData(f)).toString()));
productForm.delete('__RequestVerificationToken');
await probe.click('.add-to-cart-button');
await probe.waitForSelector('.bar-notification.success', { state: 'visible' });
await probe.goto(BASE + '/cart');
// the cart's checkout attributes (the sample store requires "Gift wrapping"), as the cart's checkout button posts them
const cartForm = new URLSearchParams(await probe.$eval('#shopping-cart-form', f => new URLSearchParams(new FormData(f)).toString()));
for (const key of [...cartForm.keys()]) if (!key.startsWith('checkout_attribute_')) cartForm.delete(key);
await probe.check('#termsofservice');
await probe.click('#checkout');
await probe.waitForURL(/login\/checkoutasguest|onepagecheckout/);
if (probe.url().includes('checkoutasguest')) await probe.click('.checkout-as-guest-button');
await probe.waitForURL(/onepagecheckout/);
await probe.selectOption('#BillingNewAddress_CountryId', { label: 'United States of America' });
await probe.waitForTimeout(1500);
const countryId = await probe.inputValue('#BillingNewAddress_CountryId');
const stateId = await probe.$eval('#BillingNewAddress_StateProvinceId', el => (el.options[1] || el.options[0]).value);
await probe.context().close();

let shippingOption = '';
// first-time: every order by a fresh guest; returning: a pool of registered customers who each ordered before (and hold
// a referral code by then), taking turns so nopCommerce's minimum interval between two orders of one customer never applies
const SHOPPERS = process.env.FLOCK_MEASURE_SHOPPERS || 'first-time';
if (!['first-time', 'returning'].includes(SHOPPERS)) throw new Error(`FLOCK_MEASURE_SHOPPERS must be first-time or returning (was ${SHOPPERS})`);
const POOL = Number(process.env.FLOCK_MEASURE_POOL || 100);
const pool = [];
let turn = 0;

/** A registered customer, logged in in a context of their own. */
async function registerShopper(k) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = `returning.${stamp}.${k}@flock.test`;
  await page.goto(BASE + '/register');
  await page.fill('#FirstName', 'Vera');
  await page.fill('#LastName', `Return${k}`);
  await page.fill('#Email', email);
  await page.fill('#Password', 'Flock123!');
  await page.fill('#ConfirmPassword', 'Flock123!');
  await page.click('#register-button');
  await page.waitForURL(/registerresult/);
  await page.close();
  return { context, email };
}

/** The next shopper: a fresh guest, or the next registered customer of the pool in turn. */
async function nextShopper() {
  if (SHOPPERS === 'first-time') return { context: await browser.newContext(), fresh: true };
  const shopper = pool[turn++ % pool.length];
  const wait = (shopper.lastOrderAt ?? 0) + MIN_ORDER_INTERVAL_MS - Date.now();
  if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait));
  return shopper;
}
// nopCommerce refuses a customer's second order within OrderSettings.MinimumOrderPlacementInterval (1 minute in the sample store)
const MIN_ORDER_INTERVAL_MS = 61_000;

/** The shopper (see nextShopper) with one item in the cart, billing/shipping/payment chosen: ready for the confirm-order POST. */
async function prepareOrder(i, shopper) {
  const { context } = shopper;
  const api = context.request;
  // the catalog pages Flock's capture listens on (views and searches feed the browse chains while one is live)
  let started = performance.now();
  const html = await (await api.get(BASE + PRODUCT)).text();
  const tProduct = performance.now() - started;
  started = performance.now();
  const categoryPage = await api.get(BASE + CATEGORY);
  await categoryPage.text();
  const tCategory = performance.now() - started;
  started = performance.now();
  const searchPage = await api.get(BASE + '/search?q=' + encodeURIComponent(SEARCH));
  await searchPage.text();
  const tSearch = performance.now() - started;
  if (!categoryPage.ok() || !searchPage.ok()) throw new Error(`catalog pages: HTTP ${categoryPage.status()} / ${searchPage.status()}`);
  const token = html.match(/name="__RequestVerificationToken" type="hidden" value="([^"]+)"/)?.[1]
    ?? html.match(/name="__RequestVerificationToken"[^>]*value="([^"]+)"/)[1];
  const post = async (path, form) => {
    const res = await api.post(BASE + path, { form: { __RequestVerificationToken: token, ...form }, headers: { 'X-Requested-With': 'XMLHttpRequest' } });
    if (!res.ok()) throw new Error(`${path}: HTTP ${res.status()}`);
    return res;
  };
  const added = await (await post(`/addproducttocart/details/${productId}/1`, Object.fromEntries(productForm))).json();
  if (!added.success) throw new Error('add to cart: ' + JSON.stringify(added).slice(0, 200));
  const cartStarted = performance.now();
  const cartPage = await api.get(BASE + '/cart');
  await cartPage.text();
  const tCart = performance.now() - cartStarted;
  if (!cartPage.ok()) throw new Error(`cart page: HTTP ${cartPage.status()}`);
  await post('/cart', { ...Object.fromEntries(cartForm), checkout: 'checkout', termsofservice: 'on' });
  const billing = await (await post('/checkout/OpcSaveBilling', {
    'BillingNewAddress.FirstName': 'Mera', 'BillingNewAddress.LastName': `Speed${i}`,
    'BillingNewAddress.Email': shopper.email ?? `measure.${stamp}.${i}@flock.test`, 'BillingNewAddress.CountryId': countryId,
    'BillingNewAddress.StateProvinceId': stateId, 'BillingNewAddress.City': 'Omsk', 'BillingNewAddress.Address1': `${i} Mira St`,
    'BillingNewAddress.ZipPostalCode': '644000', 'BillingNewAddress.PhoneNumber': `555${String(i).padStart(4, '0')}`, ShipToSameAddress: 'true'
  })).text();
  if (!shippingOption) shippingOption = billing.match(/name=\\"shippingoption\\"[^>]*?value=\\"([^\\]+)\\"/)?.[1]
    ?? billing.match(/value=\\"([^\\"]+___Shipping[^\\"]*)\\"/)?.[1];
  if (!shippingOption) throw new Error('no shipping option in ' + billing.slice(0, 300));
  await post('/checkout/OpcSaveShippingMethod', { shippingoption: shippingOption });
  await post('/checkout/OpcSavePaymentMethod', { paymentmethod: 'Payments.CheckMoneyOrder' }).catch(() => {});
  await post('/checkout/OpcSavePaymentInfo', {});
  return { api, post, tCart, tCatalog: { product: tProduct, category: tCategory, search: tSearch } };
}

function stats(values) {
  const s = [...values].sort((x, y) => x - y);
  const at = q => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { n: s.length, median: +at(0.5).toFixed(1), p95: +at(0.95).toFixed(1), mean: +(s.reduce((a, b) => a + b, 0) / s.length).toFixed(1) };
}

// FLOCK_MEASURE_BROWSE=1: the browse scenarios (category, product, search) are launched from the chain gallery first, so
// the capture of views and searches is on while Flock is (left live afterwards; pause them in the admin)
if (process.env.FLOCK_MEASURE_BROWSE === '1') {
  for (const scenario of ['abandoned-browse', 'abandoned-product', 'abandoned-search']) {
    await admin.goto(BASE + '/Admin/Flock/Chains');
    console.log(`${scenario}: ${await launchScenario(admin, scenario)}`);
  }
}

// the returning shoppers register and place their first order before any block is measured
if (SHOPPERS === 'returning') {
  for (let k = 0; k < POOL; k++) pool.push(await registerShopper(k));
  for (const shopper of pool) {
    const { post } = await prepareOrder(900000 + pool.indexOf(shopper), shopper);
    const placed = await (await post('/checkout/OpcConfirmOrder', {})).json();
    shopper.lastOrderAt = Date.now();
    if (placed.error || placed.update_section) throw new Error('first order of a returning shopper not placed: ' + JSON.stringify(placed).slice(0, 300));
  }
  console.log(`${POOL} returning shoppers registered, each with a first order`);
}

const report = { base: BASE, shoppers: SHOPPERS, blocks: PHASES, ordersPerBlock: N, warmupPerBlock: WARMUP, thankYouDelayMs: THANKYOU_DELAY_MS, phases: {} };
const samples = {};
try {
  for (const phase of PHASES) {
    await setField('/Admin/Flock/Configure', '#Enabled', phase === 'on');
    const data = (samples[phase] ??= { confirm: [], thankYou: [], thankYouRepeat: [], cart: [], blockFetch: [], blockShown: 0, inlineShown: 0, seconds: 0, cpuMs: 0, cpuOrders: 0,
      catalog: { product: [], category: [], search: [] } });
    const { confirm, thankYou, cart } = data;
    const started = Date.now();
    let cpuAtWarm = storeCpuMs(), measured = 0;
    for (let i = 0; i < WARMUP + N && (Date.now() - started) / 1000 < MAX_SECONDS; i++) {
      if (i === WARMUP) cpuAtWarm = storeCpuMs();
      const shopper = await nextShopper();
      const { api, post, tCart, tCatalog } = await prepareOrder(`${phase}${i}`.length + i * 2 + (phase === 'on' ? 0 : 1), shopper);
      let t = performance.now();
      const placed = await (await post('/checkout/OpcConfirmOrder', {})).json();
      const tConfirm = performance.now() - t;
      shopper.lastOrderAt = Date.now();
      if (placed.error || placed.update_section) throw new Error('order not placed: ' + JSON.stringify(placed).slice(0, 300));
      if (THANKYOU_DELAY_MS > 0) await new Promise(resolve => setTimeout(resolve, THANKYOU_DELAY_MS));
      t = performance.now();
      const page = await api.get(BASE + '/checkout/completed');
      const body = await page.text();
      const tThank = performance.now() - t;
      // the block itself, when the page carried its placeholder (prepared a moment after placement, fetched by flock.js)
      const pending = body.match(/data-flock-pending="([^"]+)"/)?.[1];
      if (pending) {
        t = performance.now();
        const block = await api.get(BASE + pending.replace(/&amp;/g, '&'), { headers: { 'X-Requested-With': 'XMLHttpRequest' } });
        const blockHtml = await block.text();
        if (i >= WARMUP) { data.blockFetch.push(performance.now() - t); if (blockHtml.includes('flock-share')) data.blockShown++; }
      } else if (i >= WARMUP && body.includes('class="flock-share')) data.inlineShown++;
      for (let r = 0; r < REPEAT; r++) {
        t = performance.now();
        const again = await api.get(BASE + '/checkout/completed');
        await again.text();
        if (i >= WARMUP) data.thankYouRepeat.push(performance.now() - t);
      }
      if (shopper.fresh) await shopper.context.close();
      if (!page.ok() || !body.includes('order-completed-page')) throw new Error(`thank-you page: HTTP ${page.status()}`);
      if (i === WARMUP) data.widgetShown = body.includes('flock-share');  // the block or its placeholder
      if (i >= WARMUP) measured++;
      if (i >= WARMUP) for (const [page, ms] of Object.entries(tCatalog)) data.catalog[page].push(ms);
      if (i >= WARMUP) { confirm.push(tConfirm); thankYou.push(tThank); cart.push(tCart); }
    }
    data.seconds += Math.round((Date.now() - started) / 1000);
    await new Promise(resolve => setTimeout(resolve, 3000)); // the worker finishes the block's last orders
    data.cpuMs += storeCpuMs() - cpuAtWarm; data.cpuOrders += measured;
    console.log(`block ${phase}: ${confirm.length} orders so far (${data.seconds} s)`);
  }
  for (const [phase, data] of Object.entries(samples)) {
    report.phases[phase] = { widgetShown: data.widgetShown, seconds: data.seconds,
      thankYouPage: stats(data.thankYou), thankYouPageAgain: data.thankYouRepeat.length ? stats(data.thankYouRepeat) : null, confirmOrderPost: stats(data.confirm), cartPage: stats(data.cart),
      blockInPage: data.inlineShown, blockByPlaceholder: data.blockShown,
      placeholderFetch: data.blockFetch.length ? stats(data.blockFetch) : null,
      productPage: stats(data.catalog.product), categoryPage: stats(data.catalog.category), searchPage: stats(data.catalog.search),
      ...(STORE_PID ? { storeCpuMsPerOrder: +(data.cpuMs / data.cpuOrders).toFixed(1) } : {}) };
    console.log(phase, JSON.stringify(report.phases[phase]));
  }
  if (report.phases.on && report.phases.off) {
    const r = k => +(report.phases.on[k].median / report.phases.off[k].median).toFixed(3);
    const r95 = k => +(report.phases.on[k].p95 / report.phases.off[k].p95).toFixed(3);
    report.ratioOnOff = { thankYouPageMedian: r('thankYouPage'), thankYouPageP95: r95('thankYouPage'),
      ...(REPEAT ? { thankYouPageAgainMedian: r('thankYouPageAgain') } : {}),
      confirmOrderPostMedian: r('confirmOrderPost'), confirmOrderPostP95: r95('confirmOrderPost'),
      cartPageMedian: r('cartPage'), cartPageP95: r95('cartPage'),
      productPageMedian: r('productPage'), categoryPageMedian: r('categoryPage'), searchPageMedian: r('searchPage') };
    console.log('ratio on/off', JSON.stringify(report.ratioOnOff));
  }
} finally {
  for (const shopper of pool) await shopper.context.close().catch(() => {});
  await setField('/Admin/Flock/Configure', '#Enabled', oldEnabled);
  await browser.close();
}
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(report, null, 2));
console.log(`written ${OUT}`);
