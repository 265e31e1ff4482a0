// Speed of the two store paths Flock touches, measured in a running store over loopback, plugin on vs off:
//   (a) the thank-you page  GET /checkout/completed  (the latest order of the logged-in customer, with the share widget)
//   (b) order placement     POST /checkout/OpcConfirmOrder  (the confirm-order POST; Flock's OrderPlacedEvent consumer runs in it)
// "Off" is FlockSettings.Enabled = false through the plugin's settings page (the plugin stays installed: its widget
// zones and event consumers are still called and return at once). Uninstalling between runs would drop the Flock tables
// of a shared store, so it is not done here.
// Bounded: FLOCK_MEASURE_N orders per phase (default 150) after 10 warm-up orders, and FLOCK_MEASURE_MAX_SECONDS per
// phase (default 600); then it restores the settings it changed and exits.
//   FLOCK_E2E_BASE_URL=http://127.0.0.1:5080 node e2e/measure.mjs
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BASE = (process.env.FLOCK_E2E_BASE_URL || '').replace(/\/+$/, '');
if (!BASE) {
  console.log('no store configured: skipped the speed measurement (set FLOCK_E2E_BASE_URL)');
  process.exit(0);
}
if (!/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(BASE)) {
  console.log(`FLOCK_E2E_BASE_URL must be a loopback address (was ${BASE})`);
  process.exit(2);
}
const N = Number(process.env.FLOCK_MEASURE_N || 150);
const WARMUP = Number(process.env.FLOCK_MEASURE_WARMUP || 10);
const MAX_SECONDS = Number(process.env.FLOCK_MEASURE_MAX_SECONDS || 600);
const PHASES = (process.env.FLOCK_MEASURE_PHASES || 'on,off').split(',');
const PRODUCT = process.env.FLOCK_E2E_PRODUCT || '/pride-and-prejudice';
const OUT = process.env.FLOCK_MEASURE_OUT || join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts', 'measure.json');
const stamp = Date.now().toString(36);

const browser = await chromium.launch({
  executablePath: process.env.FLOCK_E2E_CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync']
});
const newPage = async () => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
  page.setDefaultTimeout(60000);
  return page;
};

const admin = await newPage();
await admin.goto(BASE + '/login?returnUrl=%2Fadmin');
await admin.fill('#Email', process.env.FLOCK_E2E_ADMIN_EMAIL || 'admin@flock.test');
await admin.fill('#Password', process.env.FLOCK_E2E_ADMIN_PASSWORD || 'Admin123!');
await Promise.all([admin.waitForNavigation(), admin.click('button.login-button')]);

async function setField(path, selector, value) {
  await admin.goto(BASE + path);
  const el = admin.locator(selector);
  const old = (await el.getAttribute('type')) === 'checkbox' ? await el.isChecked() : await el.inputValue();
  if (typeof value === 'boolean') await el.setChecked(value); else await el.fill(String(value));
  await Promise.all([admin.waitForNavigation(), admin.locator('button[name=save]').first().click()]);
  return old;
}

// one customer places every order: nopCommerce's 30 s minimum interval between orders is set to 0 for the run
const oldInterval = await setField('/Admin/Setting/Order', '#MinimumOrderPlacementInterval', 0);
const oldEnabled = await setField('/Admin/Flock/Configure', '#Enabled', true);

const shopper = await newPage();
const email = `measure.${stamp}@flock.test`;
await shopper.goto(BASE + '/register');
await shopper.fill('#FirstName', 'Mera');
await shopper.fill('#LastName', 'Speed');
await shopper.fill('#Email', email);
await shopper.fill('#Password', 'Flock123!');
await shopper.fill('#ConfirmPassword', 'Flock123!');
await shopper.click('#register-button');
await shopper.waitForURL(/registerresult/);
await shopper.goto(BASE + PRODUCT);
const productId = Number((await shopper.content()).match(/addproducttocart\/details\/(\d+)/)[1]);

// the first order through the page creates the billing address that the measured orders reuse
await shopper.click('.add-to-cart-button');
await shopper.waitForSelector('.bar-notification.success', { state: 'visible' });
await shopper.goto(BASE + '/cart');
await shopper.check('#termsofservice');
await shopper.click('#checkout');
await shopper.waitForURL(/onepagecheckout/);
await shopper.fill('#BillingNewAddress_FirstName', 'Mera');
await shopper.fill('#BillingNewAddress_LastName', 'Speed');
await shopper.fill('#BillingNewAddress_Email', email);
await shopper.selectOption('#BillingNewAddress_CountryId', { label: 'United States of America' });
await shopper.waitForTimeout(1500);
if (await shopper.$('#BillingNewAddress_StateProvinceId option:nth-child(2)')) await shopper.selectOption('#BillingNewAddress_StateProvinceId', { index: 1 });
await shopper.fill('#BillingNewAddress_City', 'Omsk');
await shopper.fill('#BillingNewAddress_Address1', '9 Mira St');
await shopper.fill('#BillingNewAddress_ZipPostalCode', '644000');
await shopper.fill('#BillingNewAddress_PhoneNumber', '5553003');
await shopper.click('#billing-buttons-container .new-address-next-step-button');
await shopper.waitForSelector('#checkout-step-shipping-method', { state: 'visible' });
await shopper.click('#shipping-method-buttons-container .shipping-method-next-step-button');
await shopper.waitForSelector('#checkout-step-payment-info', { state: 'visible' });
await shopper.click('#payment-info-buttons-container .payment-info-next-step-button');
await shopper.waitForSelector('#checkout-step-confirm-order', { state: 'visible' });
await shopper.click('#confirm-order-buttons-container .confirm-order-next-step-button');
await shopper.waitForURL(/checkout\/completed/);

await shopper.goto(BASE + '/onepagecheckout');
const html = await shopper.content();
const token = html.match(/name="__RequestVerificationToken" type="hidden" value="([^"]+)"/)?.[1]
  ?? html.match(/name="__RequestVerificationToken"[^>]*value="([^"]+)"/)[1];
const api = shopper.context().request;

async function post(path, form) {
  const res = await api.post(BASE + path, { form: { __RequestVerificationToken: token, ...form }, headers: { 'X-Requested-With': 'XMLHttpRequest' } });
  if (!res.ok()) throw new Error(`${path}: HTTP ${res.status()}`);
  return res;
}

let billingAddressId = 0;
let shippingOption = '';
async function prepareOrder() {
  await post(`/addproducttocart/catalog/${productId}/1/1`, {});
  if (!billingAddressId) {
    const page = await (await api.get(BASE + '/onepagecheckout')).text();
    billingAddressId = Number(page.match(/name="billing_address_id"[^>]*>\s*<option[^>]*value="(\d+)"/)?.[1]
      ?? page.match(/billing_address_id[^]*?value="(\d+)"/)[1]);
  }
  const billing = await (await post('/checkout/OpcSaveBilling', { billing_address_id: billingAddressId, ShipToSameAddress: 'true' })).json();
  if (!shippingOption) shippingOption = JSON.stringify(billing).match(/name=\\"shippingoption\\"[^>]*?value=\\"([^\\]+)\\"/)?.[1]
    ?? JSON.stringify(billing).match(/value=\\"([^\\"]+___Shipping[^\\"]*)\\"/)[1];
  await post('/checkout/OpcSaveShippingMethod', { shippingoption: shippingOption });
  await post('/checkout/OpcSavePaymentMethod', { paymentmethod: 'Payments.CheckMoneyOrder' }).catch(() => {});
  await post('/checkout/OpcSavePaymentInfo', {});
}

function stats(values) {
  const s = [...values].sort((x, y) => x - y);
  const at = q => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { n: s.length, median: +at(0.5).toFixed(1), p95: +at(0.95).toFixed(1), mean: +(s.reduce((a, b) => a + b, 0) / s.length).toFixed(1) };
}

const report = { base: BASE, n: N, warmup: WARMUP, phases: {} };
try {
  for (const phase of PHASES) {
    await setField('/Admin/Flock/Configure', '#Enabled', phase === 'on');
    const confirm = [], thankYou = [];
    const started = Date.now();
    for (let i = 0; i < WARMUP + N && (Date.now() - started) / 1000 < MAX_SECONDS; i++) {
      await prepareOrder();
      let t = performance.now();
      const placed = await (await post('/checkout/OpcConfirmOrder', {})).json();
      const tConfirm = performance.now() - t;
      if (placed.error || placed.update_section) throw new Error('order not placed: ' + JSON.stringify(placed).slice(0, 300));
      t = performance.now();
      const page = await api.get(BASE + '/checkout/completed');
      const body = await page.text();
      const tThank = performance.now() - t;
      if (!page.ok() || !body.includes('order-completed-page')) throw new Error(`thank-you page: HTTP ${page.status()}`);
      if (i === WARMUP) report.phases[phase] = { widgetShown: body.includes('flock-share') };
      if (i >= WARMUP) { confirm.push(tConfirm); thankYou.push(tThank); }
    }
    report.phases[phase] = { ...report.phases[phase], seconds: Math.round((Date.now() - started) / 1000),
      thankYouPage: stats(thankYou), confirmOrderPost: stats(confirm) };
    console.log(phase, JSON.stringify(report.phases[phase]));
  }
  if (report.phases.on && report.phases.off) {
    const r = k => +(report.phases.on[k].median / report.phases.off[k].median).toFixed(3);
    const r95 = k => +(report.phases.on[k].p95 / report.phases.off[k].p95).toFixed(3);
    report.ratioOnOff = { thankYouPageMedian: r('thankYouPage'), thankYouPageP95: r95('thankYouPage'),
      confirmOrderPostMedian: r('confirmOrderPost'), confirmOrderPostP95: r95('confirmOrderPost') };
    console.log('ratio on/off', JSON.stringify(report.ratioOnOff));
  }
} finally {
  await setField('/Admin/Flock/Configure', '#Enabled', oldEnabled);
  await setField('/Admin/Setting/Order', '#MinimumOrderPlacementInterval', oldInterval);
  await browser.close();
}
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(report, null, 2));
console.log(`written ${OUT}`);
