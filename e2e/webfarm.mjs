// Web-farm hammer: two nopCommerce nodes on one PostgreSQL database (Redis as nopCommerce's distributed cache), both
// running Flock's inbox worker and its settle task. Creates N referrer/friend pairs through the store's own pages
// (orders alternate nodes), then fires at the same time on both nodes: mark-as-paid (several per node), "Run now" of the
// settle task, and for a subset of orders a cancel, a full offline refund or partial offline refunds racing them (also
// after the grant), while fresh guests keep opening referral links on both nodes. Then it drains the inbox, runs the
// task again on both nodes and checks the ledger straight in PostgreSQL:
//   a) no double grant: one reward per order and beneficiary, at most one reward coupon (FlockOffer kind 2 / Discount)
//      per reward, at most one active, reward points never above the reward's points;
//   b) no lost revocation: cancelled or fully refunded orders have only revoked (or never granted) rewards, and every
//      coupon of them is inactive, net points 0;
//   c) paid orders: the referrer reward is Granted once with one active coupon (or its points once);
//   d) partially refunded orders: the ledger follows the order's refunded total and the coupon value follows the ledger;
// and that landings create no discounts. Prints the counts as JSON; exit 1 when an invariant fails, 2 on a setup error.
//
//   FLOCK_FARM_A=http://127.0.0.1:5080 FLOCK_FARM_B=http://127.0.0.1:5081 \
//   FLOCK_E2E_ADMIN_EMAIL=admin@flock.test FLOCK_E2E_ADMIN_PASSWORD='Admin123!' node e2e/webfarm.mjs
//
// Knobs: FLOCK_FARM_N (pairs, 20), FLOCK_FARM_PAID_REPEAT (mark-as-paid requests per node per order, 3),
// FLOCK_FARM_WAVE (orders hammered at once, 10), FLOCK_FARM_LANDERS (landing loops, 4), FLOCK_FARM_SETUP_CONCURRENCY (4),
// FLOCK_FARM_PG (libpq URI for psql, postgresql://nop:nop@127.0.0.1:5432/nop480), FLOCK_FARM_MAX_SECONDS (900),
// FLOCK_FARM_OUT (JSON report, artifacts/webfarm-<stamp>.json). See e2e/webfarm.md for the two-node set-up.
import { request } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminLogin, launchBrowser, newPage } from './session.mjs';

const trim = u => (u || '').replace(/\/+$/, '');
const A = trim(process.env.FLOCK_FARM_A);
const B = trim(process.env.FLOCK_FARM_B);
if (!A || !B) {
  console.log('no web farm configured: skipped (set FLOCK_FARM_A and FLOCK_FARM_B)');
  process.exit(0);
}
for (const u of [A, B])
  if (!/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(u)) {
    console.log(`FLOCK_FARM_A/B must be loopback addresses (was ${u})`);
    process.exit(2);
  }
const NODES = [A, B];
const N = Number(process.env.FLOCK_FARM_N || 20);
const PAID_REPEAT = Number(process.env.FLOCK_FARM_PAID_REPEAT || 3);
const WAVE = Number(process.env.FLOCK_FARM_WAVE || 10);
const LANDERS = Number(process.env.FLOCK_FARM_LANDERS || 4);
const SETUP_CONCURRENCY = Number(process.env.FLOCK_FARM_SETUP_CONCURRENCY || 4);
const PG = process.env.FLOCK_FARM_PG || 'postgresql://nop:nop@127.0.0.1:5432/nop480';
const MAX_SECONDS = Number(process.env.FLOCK_FARM_MAX_SECONDS || 900);
const PRODUCT = process.env.FLOCK_E2E_PRODUCT || '/pride-and-prejudice';
const stamp = Date.now().toString(36);
const OUT = process.env.FLOCK_FARM_OUT || join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts', `webfarm-${stamp}.json`);
const started = Date.now();
const deadline = started + MAX_SECONDS * 1000;
const log = (...a) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s]`, ...a);
const sleep = ms => new Promise(r => setTimeout(r, ms));
const timeLeft = () => deadline - Date.now();

// ---------- PostgreSQL, read only ----------
/** Rows of a SELECT as JSON objects (psql, no driver needed). */
function q(sql) {
  const out = execFileSync('psql', [PG, '-XAtq', '-v', 'ON_ERROR_STOP=1', '-c', `select coalesce(json_agg(t), '[]'::json) from (${sql}) t`],
    { encoding: 'utf8', timeout: 60000, maxBuffer: 64 << 20 });
  return JSON.parse(out.trim() || '[]');
}
const one = sql => Object.values(q(sql)[0] ?? {})[0];
const ids = list => (list.length ? list.join(',') : '-1');

// ---------- counters ----------
const sent = {};   // kind -> { sent, byOutcome: {outcome: n} }
function count(kind, outcome) {
  const k = (sent[kind] ??= { sent: 0, outcomes: {} });
  k.sent++;
  k.outcomes[outcome] = (k.outcomes[outcome] || 0) + 1;
}

// ---------- admin session (browser login; its request context shares the cookie, which both nodes accept) ----------
const browser = await launchBrowser();
const admin = await newPage(browser);
admin.on('dialog', d => d.accept());
const settings = {};
let api, token, taskId, exitCode = 0;
const report = { nodes: NODES, n: N, paidRepeat: PAID_REPEAT, wave: WAVE, landers: LANDERS, stamp };

async function configure(base, values) {
  await admin.goto(base + '/Admin/Flock/Configure');
  const old = {};
  for (const [id, value] of Object.entries(values)) {
    old[id] = await admin.inputValue('#' + id);
    await admin.fill('#' + id, String(value));
  }
  await Promise.all([admin.waitForNavigation(), admin.locator('button[name=save]').first().click()]);
  return old;
}
async function readConfig(base, fields) {
  await admin.goto(base + '/Admin/Flock/Configure');
  const seen = {};
  for (const id of fields) seen[id] = await admin.inputValue('#' + id);
  return seen;
}

/** An admin POST to the order edit page (nopCommerce answers 302 when the action went through, 200 with the error otherwise). */
async function adminPost(kind, base, path, form) {
  try {
    const res = await api.post(base + path, { form: { __RequestVerificationToken: token, ...form }, maxRedirects: 0, timeout: 120000 });
    const status = res.status();
    let outcome = status === 302 ? 'done' : `http${status}`;
    if (status === 200) {
      const body = await res.text();
      outcome = /RefreshPage|window\.opener/i.test(body) && !/alert-danger|error-notification/i.test(body) ? 'done' : 'refused';
    }
    count(kind, outcome);
    return outcome;
  } catch (e) {
    count(kind, 'error:' + e.message.split('\n')[0].slice(0, 60));
    return 'error';
  }
}
const markPaid = (base, id) => adminPost('markPaid', base, `/Admin/Order/Edit/${id}`, { markorderaspaid: '' });
const cancel = (base, id) => adminPost('cancel', base, `/Admin/Order/Edit/${id}`, { cancelorder: '' });
const refund = (base, id) => adminPost('fullRefund', base, `/Admin/Order/Edit/${id}`, { refundorderoffline: '' });
const partial = (base, id, amount) => adminPost('partialRefund', base, `/Admin/Order/PartiallyRefundOrderPopup?id=${id}&online=false`,
  { AmountToRefund: amount.toFixed(2), partialrefundorder: '' });
async function runNow(base, kind = 'settleRunNow') {
  try {
    const res = await api.get(`${base}/Admin/ScheduleTask/RunNow/${taskId}`, { maxRedirects: 0, timeout: 300000 });
    count(kind, res.status() === 302 ? 'done' : `http${res.status()}`);
  } catch (e) {
    count(kind, 'error:' + e.message.split('\n')[0].slice(0, 60));
  }
}
const later = (ms, fn) => sleep(ms).then(fn);
// every admin action leaves a notification in nopCommerce's TempData cookie; unread, it would grow past the header limit
const clearNotifications = () => admin.context().clearCookies({ name: '.Nop.TempData' }).catch(() => {});

// ---------- shoppers (fresh guests through HTTP, as e2e/measure.mjs does) ----------
let productId, productForm, cartForm, countryId, stateId, shippingOption = '';
const unique = String(Date.now()).slice(-6);
function person(role, i) {
  const n = `${unique}${String(i).padStart(3, '0')}`;
  return {
    first: role === 'ref' ? 'Rita' : 'Fred', last: `${role === 'ref' ? 'Referrer' : 'Friend'}${i}`,
    email: `farm.${stamp}.${role}${i}@flock.test`, city: role === 'ref' ? 'Omsk' : 'Tomsk',
    street: `${n} ${role === 'ref' ? 'Lenina' : 'Mira'} St`, zip: role === 'ref' ? '644000' : '634000',
    phone: `${role === 'ref' ? '56' : '57'}${n}`
  };
}
async function guest() {
  return request.newContext({ timeout: 120000 });
}
function tokenOf(html) {
  return html.match(/name="__RequestVerificationToken" type="hidden" value="([^"]+)"/)?.[1]
    ?? html.match(/name="__RequestVerificationToken"[^>]*value="([^"]+)"/)?.[1];
}
/** Cart → one-page checkout → confirm on node `base`, for a guest context that may have landed elsewhere; returns the order id. */
async function checkoutAs(ctx, base, who) {
  const html = await (await ctx.get(base + PRODUCT)).text();
  const tk = tokenOf(html);
  const post = async (path, form) => {
    const res = await ctx.post(base + path, { form: { __RequestVerificationToken: tk, ...form }, headers: { 'X-Requested-With': 'XMLHttpRequest' } });
    if (!res.ok()) throw new Error(`${base}${path}: HTTP ${res.status()}`);
    return res;
  };
  const added = await (await post(`/addproducttocart/details/${productId}/1`, Object.fromEntries(productForm))).json();
  if (!added.success) throw new Error('add to cart: ' + JSON.stringify(added).slice(0, 200));
  const cart = await (await ctx.get(base + '/cart')).text();
  const friendOfferShown = cart.includes('flock-cart-notice--ok');
  await post('/cart', { ...Object.fromEntries(cartForm), checkout: 'checkout', termsofservice: 'on' });
  const billing = await (await post('/checkout/OpcSaveBilling', {
    'BillingNewAddress.FirstName': who.first, 'BillingNewAddress.LastName': who.last, 'BillingNewAddress.Email': who.email,
    'BillingNewAddress.CountryId': countryId, 'BillingNewAddress.StateProvinceId': stateId, 'BillingNewAddress.City': who.city,
    'BillingNewAddress.Address1': who.street, 'BillingNewAddress.ZipPostalCode': who.zip, 'BillingNewAddress.PhoneNumber': who.phone,
    ShipToSameAddress: 'true'
  })).text();
  if (!shippingOption) shippingOption = billing.match(/name=\\"shippingoption\\"[^>]*?value=\\"([^\\]+)\\"/)?.[1]
    ?? billing.match(/value=\\"([^\\"]+___Shipping[^\\"]*)\\"/)?.[1];
  if (!shippingOption) throw new Error('no shipping option in ' + billing.slice(0, 300));
  await post('/checkout/OpcSaveShippingMethod', { shippingoption: shippingOption });
  await post('/checkout/OpcSavePaymentMethod', { paymentmethod: 'Payments.CheckMoneyOrder' }).catch(() => {});
  await post('/checkout/OpcSavePaymentInfo', {});
  const placed = await (await post('/checkout/OpcConfirmOrder', {})).json();
  if (placed.error || placed.update_section) throw new Error('order not placed: ' + JSON.stringify(placed).slice(0, 300));
  const done = await (await ctx.get(base + '/checkout/completed')).text();
  const orderId = Number(done.match(/\/orderdetails\/(\d+)/)?.[1]);
  if (!orderId) throw new Error('no order id on the thank-you page');
  return { orderId, thankYou: done, friendOfferShown };
}
function shareLinkOf(html) {
  const block = html.slice(html.indexOf('flock-share__link'));
  const value = block.match(/value="([^"]+)"/)?.[1];
  if (!value) return null;
  const url = new URL(value.replace(/&amp;/g, '&'));
  return url.pathname + url.search;
}
/** The referrer: a guest order on `base`; the thank-you page gives the personal link (asked again while the worker prepares it). */
async function makeReferrer(i, base) {
  const ctx = await guest();
  try {
    const { orderId, thankYou } = await checkoutAs(ctx, base, person('ref', i));
    let link = shareLinkOf(thankYou);
    // the page is faster than the worker: a placeholder, which flock.js fills from its own URL (that request waits for the
    // prepared block, then decides itself)
    const pending = thankYou.match(/data-flock-pending="([^"]+)"/)?.[1]?.replace(/&amp;/g, '&');
    for (let t = 0; !link && t < 10; t++) {
      if (t) await sleep(1000);
      link = shareLinkOf(pending ? await (await ctx.get(base + pending)).text() : await (await ctx.get(base + '/checkout/completed')).text());
    }
    if (!link) throw new Error(`referrer ${i}: no share link on the thank-you page of order ${orderId}`);
    return { orderId, link };
  } finally {
    await ctx.dispose();
  }
}
/** The friend: a fresh guest opens the link on `landOn`, then orders on `orderOn` with the friend offer. */
async function makeFriend(i, link, landOn, orderOn) {
  const ctx = await guest();
  try {
    const landing = await ctx.get(landOn + link);
    if (!landing.ok()) throw new Error(`friend ${i}: landing HTTP ${landing.status()}`);
    const { orderId, friendOfferShown } = await checkoutAs(ctx, orderOn, person('fr', i));
    return { orderId, friendOfferShown };
  } finally {
    await ctx.dispose();
  }
}
async function pool(items, size, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) {
      const k = next++;
      results[k] = await fn(items[k], k);
    }
  }));
  return results;
}

// ---------- inbox ----------
async function drainInbox(label, maxMs = 180000) {
  const until = Date.now() + Math.min(maxMs, Math.max(10000, timeLeft()));
  let last = -1, stableSince = Date.now(), open = 0;
  while (Date.now() < until) {
    open = Number(one(`select count(*) from "FlockInboxItem" where "DoneOnUtc" is null`));
    if (open === 0) break;
    if (open !== last) { last = open; stableSince = Date.now(); }
    else if (Date.now() - stableSince > 20000) break;
    await sleep(1000);
  }
  const left = q(`select "Id","Kind","EntityId","Discriminator","Attempts","LastError","DueOnUtc" from "FlockInboxItem" where "DoneOnUtc" is null order by "Id" limit 20`);
  log(`inbox ${label}: ${open} open item(s)`);
  return { open, left };
}

// nopCommerce's enums (Nop.Core.Domain.Orders.OrderStatus, Nop.Core.Domain.Payments.PaymentStatus)
const PAYMENT = { paid: 30, partiallyRefunded: 35, refunded: 40, voided: 50 };
const CANCELLED = 40;
// FlockReferral.Decision of a friend order whose rewards are recorded without an admin (engine FriendOrderOutcome)
const REWARDED = 'Rewarded';

try {
  // ---------- 0. both nodes up ----------
  for (const base of NODES) {
    const ctx = await guest();
    const res = await ctx.get(base + '/', { timeout: 180000 });
    await ctx.dispose();
    if (!res.ok()) throw new Error(`${base}: HTTP ${res.status()}`);
  }
  taskId = Number(one(`select "Id" from "ScheduleTask" where "Type" like 'Nop.Plugin.Misc.Flock.Services.SettleRewardsTask%' order by "Id" limit 1`));
  if (!taskId) throw new Error('no Flock settle task in ScheduleTask');
  const logFrom = one(`select coalesce(max("Id"),0) from "Log"`);

  await adminLogin(admin, A);
  api = admin.context().request;
  // the admin cookie of node A works on node B (shared data-protection keys)
  await admin.goto(B + '/Admin/Flock/Configure');
  if (!/\/Admin\/Flock\/Configure/i.test(admin.url())) throw new Error(`node B did not accept node A's admin cookie (at ${admin.url()})`);
  token = tokenOf(await admin.content());
  if (!token) throw new Error('no antiforgery token on the admin page');

  // ---------- 1. settings (changed on A; node B must see them through the shared cache) ----------
  Object.assign(settings, await configure(A, { ReturnWindowDays: 0, MaxInvitationsPerIpPerHour: 0 }));
  report.settingsBefore = { ...settings };
  await sleep(1500);
  report.settingsSeenOnB = await readConfig(B, ['ReturnWindowDays', 'MaxInvitationsPerIpPerHour']);
  log('settings: was', JSON.stringify(settings), '- node B now sees', JSON.stringify(report.settingsSeenOnB));
  if (report.settingsSeenOnB.ReturnWindowDays !== '0') throw new Error('node B does not see ReturnWindowDays = 0 set on node A');

  // ---------- 2. the product, checkout attributes, country and state (one checkout walk in the browser) ----------
  const probe = await newPage(browser);
  await probe.goto(A + PRODUCT);
  productId = Number((await probe.content()).match(/addproducttocart\/details\/(\d+)/)[1]);
  productForm = new URLSearchParams(await probe.$eval('#product-details-form', f => new URLSearchParams(new FormData(f)).toString()));
  productForm.delete('__RequestVerificationToken');
  await probe.click('.add-to-cart-button');
  await probe.waitForSelector('.bar-notification.success', { state: 'visible' });
  await probe.goto(A + '/cart');
  cartForm = new URLSearchParams(await probe.$eval('#shopping-cart-form', f => new URLSearchParams(new FormData(f)).toString()));
  for (const key of [...cartForm.keys()]) if (!key.startsWith('checkout_attribute_')) cartForm.delete(key);
  await probe.check('#termsofservice');
  await probe.click('#checkout');
  await probe.waitForURL(/login\/checkoutasguest|onepagecheckout/);
  if (probe.url().includes('checkoutasguest')) await probe.click('.checkout-as-guest-button');
  await probe.waitForURL(/onepagecheckout/);
  await probe.selectOption('#BillingNewAddress_CountryId', { label: 'United States of America' });
  await probe.waitForTimeout(1500);
  countryId = await probe.inputValue('#BillingNewAddress_CountryId');
  stateId = await probe.$eval('#BillingNewAddress_StateProvinceId', el => (el.options[1] || el.options[0]).value);
  await probe.context().close();

  // ---------- 3. N referrer/friend pairs ----------
  const kinds = ['paid', 'cancel', 'refund', 'partial', 'paid', 'lateCancel', 'lateRefund', 'latePartial'];
  const pairs = Array.from({ length: N }, (_, i) => ({ i, kind: kinds[i % kinds.length] }));
  const setupStarted = Date.now();
  const setupErrors = [];
  await pool(pairs, SETUP_CONCURRENCY, async p => {
    const refNode = NODES[p.i % 2], landOn = NODES[p.i % 2], orderOn = NODES[(p.i + 1) % 2];
    try {
      const r = await makeReferrer(p.i, refNode);
      p.referrerOrderId = r.orderId;
      p.link = r.link;
      const f = await makeFriend(p.i, r.link, landOn, orderOn);
      p.orderId = f.orderId;
      p.friendOfferShown = f.friendOfferShown;
      p.landedOn = landOn;
      p.orderedOn = orderOn;
    } catch (e) {
      setupErrors.push(`pair ${p.i}: ${e.message.split('\n')[0]}`);
    }
  });
  const made = pairs.filter(p => p.orderId);
  log(`pairs: ${made.length}/${N} friend orders placed in ${((Date.now() - setupStarted) / 1000).toFixed(0)} s; friend offer shown in ${made.filter(p => p.friendOfferShown).length} carts`);
  report.setupErrors = setupErrors;
  if (!made.length) throw new Error('no friend order placed: ' + setupErrors.slice(0, 3).join(' | '));
  const orderIds = made.map(p => p.orderId);
  report.setupInbox = await drainInbox('after the orders');
  const referrals = q(`select "OrderId","Decision","Reason","ReferrerCustomerId" from "FlockReferral" where "OrderId" in (${ids(orderIds)})`);
  const byOrder = Object.fromEntries(referrals.map(r => [r.OrderId, r]));
  for (const p of made) p.decision = byOrder[p.orderId]?.Decision ?? 'none';
  const accepted = made.filter(p => p.decision === REWARDED);
  if (!accepted.length) throw new Error('no friend order was rewarded: ' + JSON.stringify(referrals.slice(0, 3)));
  log(`referrals: ${accepted.length} rewarded of ${made.length}`, made.filter(p => p.decision !== REWARDED).map(p => `#${p.orderId} ${p.decision} ${byOrder[p.orderId]?.Reason ?? ''}`).join('; '));
  const totals = Object.fromEntries(q(`select "Id","OrderTotal" from "Order" where "Id" in (${ids(orderIds)})`).map(o => [o.Id, Number(o.OrderTotal)]));

  // ---------- 4. the hammer ----------
  const maxDiscountBefore = Number(one(`select coalesce(max("Id"),0) from "Discount"`));
  const activeBefore = Number(one(`select count(*) from "Discount" where "IsActive"`));
  const visitsBefore = Number(one(`select count(*) from "FlockVisit"`));
  let landing = true;
  const links = made.map(p => p.link);
  const landingLoops = Array.from({ length: LANDERS }, async (_, w) => {
    let k = 0;
    while (landing && timeLeft() > 0) {
      const base = NODES[(w + k) % 2];
      const link = links[(w * 7 + k) % links.length];
      k++;
      const ctx = await guest();
      try {
        // the landing itself is the /r/ request (visit, invitation, cookie, coupon code); its redirect target is the home page
        const res = await ctx.get(base + link, { timeout: 60000, maxRedirects: 0 });
        count('landing', `http${res.status()}`);
      } catch (e) {
        count('landing', 'error:' + e.message.split('\n')[0].slice(0, 60));
      } finally {
        await ctx.dispose();
      }
    }
  });

  const hammerStarted = Date.now();
  const action = (p, late) => {
    const id = p.orderId, k = late ? p.kind.replace(/^late/, '').toLowerCase() : p.kind;
    if (k === 'cancel') return [cancel(A, id), cancel(B, id), later(150, () => cancel(A, id)), later(300, () => cancel(B, id))];
    if (k === 'refund') return [refund(B, id), later(50, () => refund(A, id)), later(150, () => refund(B, id)), later(400, () => refund(A, id)), later(800, () => refund(B, id))];
    if (k === 'partial') {
      const amount = Math.max(0.01, Math.floor(totals[id] * 5) / 100); // 5 % of the order total per request
      return [partial(A, id, amount), partial(B, id, amount), later(200, () => partial(A, id, amount)), later(500, () => partial(B, id, amount))];
    }
    return [];
  };
  const burst = (p, late) => {
    const reqs = [];
    for (let r = 0; r < PAID_REPEAT; r++) for (const base of NODES) reqs.push(r === 0 ? markPaid(base, p.orderId) : later(r * 40, () => markPaid(base, p.orderId)));
    for (const base of NODES) reqs.push(runNow(base));
    if (late || !p.kind.startsWith('late')) reqs.push(...action(p, late));
    return Promise.all(reqs);
  };
  for (let w = 0; w < made.length && timeLeft() > 0; w += WAVE) {
    await clearNotifications();
    await Promise.all(made.slice(w, w + WAVE).map(p => burst(p, false)));
  }
  report.roundOneInbox = await drainInbox('after round 1');
  const lateOnes = made.filter(p => p.kind.startsWith('late'));
  await clearNotifications();
  await Promise.all(NODES.map(base => runNow(base)));
  const grantedBeforeLate = lateOnes.length ? q(`select "OrderId","State" from "FlockReward" where "OrderId" in (${ids(lateOnes.map(p => p.orderId))})`) : [];
  report.lateActionsAfterGrant = grantedBeforeLate.filter(r => r.State === 'Granted').length;
  log(`round 2: ${lateOnes.length} late cancel/refund order(s), ${report.lateActionsAfterGrant} of their rewards already Granted`);
  for (let w = 0; w < lateOnes.length && timeLeft() > 0; w += WAVE) {
    await clearNotifications();
    await Promise.all(lateOnes.slice(w, w + WAVE).map(p => burst(p, true)));
  }
  report.hammerSeconds = Math.round((Date.now() - hammerStarted) / 1000);
  landing = false;
  await Promise.all(landingLoops);
  const maxDiscountAfterLandings = Number(one(`select coalesce(max("Id"),0) from "Discount"`));
  log(`hammer done in ${report.hammerSeconds} s`);

  // ---------- 5. settle again on both nodes (twice), drain ----------
  report.afterHammerInbox = await drainInbox('after the hammer');
  for (let t = 0; t < 2; t++) {
    await clearNotifications();
    await Promise.all(NODES.map(base => runNow(base, 'settleRunNowFinal')));
  }
  report.finalInbox = await drainInbox('final');

  // ---------- 6. invariants, straight from the database ----------
  const orders = q(`select "Id","OrderStatusId","PaymentStatusId","OrderTotal","RefundedAmount" from "Order" where "Id" in (${ids(orderIds)})`);
  const rewards = q(`select "Id","CauseKey","BeneficiaryCustomerId","OrderId","State","GrantedDiscountId","GrantedCouponCode","PointsEntries","NeedsFulfilment","LastError","EntryJson" from "FlockReward" where "OrderId" in (${ids(orderIds)})`);
  const rewardIds = rewards.map(r => r.Id);
  const offers = q(`select "Id","RewardId","DiscountId","CouponCode" from "FlockOffer" where "KindId" = 2 and "RewardId" in (${ids(rewardIds)})`);
  const codes = rewards.map(r => r.GrantedCouponCode).filter(Boolean);
  const codeList = codes.length ? codes.map(c => `'${c.replace(/'/g, "''")}'`).join(',') : `''`;
  const discounts = q(`select d."Id", d."Name", d."CouponCode", d."IsActive", d."UsePercentage", d."DiscountPercentage", d."DiscountAmount" from "Discount" d
     where d."CouponCode" in (${codeList}) or d."Id" in (select "DiscountId" from "FlockOffer" where "KindId" = 2 and "RewardId" in (${ids(rewardIds)}))
        or d."Id" in (${ids(rewards.map(r => r.GrantedDiscountId).filter(Boolean))})
        or exists (select 1 from unnest(array[${codeList}]::text[]) c where c <> '' and d."Name" like '%' || c || '%')`);
  const points = q(`select "Id","CustomerId","Points","Message" from "RewardPointsHistory" where "Message" like '%[flock:%' and "CustomerId" in (${ids(rewards.map(r => r.BeneficiaryCustomerId))})`);
  // nopCommerce saves the whole order row: an action racing another can be overwritten (a lost update in the store, not
  // in Flock); its order notes still tell what happened, so such orders are reported apart
  const orderNotes = q(`select "OrderId","Note" from "OrderNote" where "OrderId" in (${ids(orderIds)})`);
  const noted = (id, re) => orderNotes.filter(n => n.OrderId === id && re.test(n.Note)).length;
  const nopLostUpdates = [];
  const referralsNow = Object.fromEntries(q(`select "OrderId","Decision","ReferrerCustomerId" from "FlockReferral" where "OrderId" in (${ids(orderIds)})`).map(r => [r.OrderId, r]));

  const failures = [];
  const notes = [];
  const perOrder = [];
  const outcome = { paid: 0, cancelled: 0, refunded: 0, partiallyRefunded: 0, unpaid: 0 };
  let rewardsGranted = 0, doubleGrants = 0, lostRevocations = 0, missingGrants = 0, partialMismatches = 0;
  const magnitude = v => (v?.type === 'points' ? Number(v.points ?? 0) : v?.type === 'gift' ? Number(v.quantity ?? 0) : Number(v?.value ?? 0));
  for (const o of orders) {
    const p = made.find(x => x.orderId === o.Id);
    // the refunded amount decides, as Flock's live-order view does: a lost update in the store can leave "Paid" beside a
    // refunded amount (reported in nopLostUpdates)
    const refundedAmount = Number(o.RefundedAmount), total = Number(o.OrderTotal);
    const cancelled = o.OrderStatusId === CANCELLED, voided = o.PaymentStatusId === PAYMENT.voided;
    const fullyRefunded = !cancelled && (o.PaymentStatusId === PAYMENT.refunded || (refundedAmount > 0 && refundedAmount >= total));
    const partly = !cancelled && !fullyRefunded && !voided && (o.PaymentStatusId === PAYMENT.partiallyRefunded || (o.PaymentStatusId === PAYMENT.paid && refundedAmount > 0));
    const paid = o.PaymentStatusId === PAYMENT.paid && !cancelled && !partly && !fullyRefunded;
    if (o.PaymentStatusId === PAYMENT.paid && refundedAmount > 0)
      nopLostUpdates.push(`order ${o.Id}: payment status Paid beside a refunded amount of ${refundedAmount} of ${total} (a refund's status overwritten by a concurrent mark-as-paid); judged as ${fullyRefunded ? 'refunded' : 'partially refunded'}`);
    const ended = cancelled ? 'cancelled' : fullyRefunded ? 'refunded' : voided ? 'voided' : partly ? 'partiallyRefunded' : paid ? 'paid' : 'unpaid';
    outcome[ended] = (outcome[ended] || 0) + 1;
    const mine = rewards.filter(r => r.OrderId === o.Id);
    const cancelNotes = noted(o.Id, /cancel/i), refundNotes = noted(o.Id, /refund/i);
    const row = { order: o.Id, kind: p?.kind, cancelNotes, refundNotes, decision: referralsNow[o.Id]?.Decision ?? 'none', ended, refunded: Number(o.RefundedAmount), total: Number(o.OrderTotal), rewards: [] };
    // a) one reward per order, beneficiary and policy (CauseKey is unique; a second row for the same beneficiary is a double)
    const perBeneficiary = {};
    for (const r of mine) perBeneficiary[r.BeneficiaryCustomerId] = (perBeneficiary[r.BeneficiaryCustomerId] || 0) + 1;
    for (const [who, n] of Object.entries(perBeneficiary)) if (n > 1) { doubleGrants++; failures.push(`a) order ${o.Id}: ${n} reward rows for customer ${who}`); }
    for (const r of mine) {
      const entry = JSON.parse(r.EntryJson);
      const myOffers = offers.filter(x => x.RewardId === r.Id);
      const myDiscounts = discounts.filter(d => (r.GrantedCouponCode && (d.CouponCode === r.GrantedCouponCode || (d.Name || '').includes(r.GrantedCouponCode)))
        || myOffers.some(x => x.DiscountId === d.Id) || d.Id === r.GrantedDiscountId);
      const active = myDiscounts.filter(d => d.IsActive);
      const marked = points.filter(h => h.CustomerId === r.BeneficiaryCustomerId && h.Message.includes(`[flock:${r.Id}:`));
      const netPoints = marked.reduce((s, h) => s + h.Points, 0);
      const grantedPoints = marked.filter(h => h.Points > 0).reduce((s, h) => s + h.Points, 0);
      const type = entry.earned?.type;
      const info = { id: r.Id, role: entry.role, state: r.State, type, earned: magnitude(entry.earned), current: magnitude(entry.current),
        ledgerRefunded: Number(entry.orderRefunded ?? 0), ledgerOrderAmount: Number(entry.orderAmount ?? 0), offers: myOffers.length,
        discounts: myDiscounts.map(d => ({ id: d.Id, active: d.IsActive, value: Number(d.UsePercentage ? d.DiscountPercentage : d.DiscountAmount) })),
        netPoints, needsFulfilment: r.NeedsFulfilment, lastError: r.LastError };
      row.rewards.push(info);
      if (r.State === 'Granted' || r.State === 'PartiallyRevoked') rewardsGranted++;
      if (r.NeedsFulfilment) notes.push(`order ${o.Id} reward ${r.Id}: still NeedsFulfilment (${r.LastError ?? 'no error'})`);
      if (r.LastError) notes.push(`order ${o.Id} reward ${r.Id}: LastError ${r.LastError}`);
      // a) at most one coupon per reward, at most one active; points never above the reward's
      if (myOffers.length > 1) { doubleGrants++; failures.push(`a) reward ${r.Id} (order ${o.Id}): ${myOffers.length} reward-coupon offers`); }
      if (active.length > 1) { doubleGrants++; failures.push(`a) reward ${r.Id} (order ${o.Id}): ${active.length} active coupon discounts ${active.map(d => d.Id)}`); }
      if (myDiscounts.length > 1) notes.push(`reward ${r.Id} (order ${o.Id}): ${myDiscounts.length} discounts carry its code (${myDiscounts.map(d => `${d.Id}${d.IsActive ? '' : ' inactive'}`)})`);
      if (type === 'points' && (grantedPoints > magnitude(entry.earned) || netPoints > magnitude(entry.current))) {
        doubleGrants++; failures.push(`a) reward ${r.Id} (order ${o.Id}): ${grantedPoints} points granted, net ${netPoints}, reward ${magnitude(entry.current)}`);
      }
      if (type !== 'points' && marked.length) { doubleGrants++; failures.push(`a) reward ${r.Id} (order ${o.Id}) is a ${type} but has points entries`); }
      // b) cancelled / fully refunded / voided: revoked, nothing active, no points left
      if (cancelled || fullyRefunded || voided) {
        if (r.State !== 'Revoked' && (entry.granted || r.State !== 'Pending')) { lostRevocations++; failures.push(`b) order ${o.Id} ${ended}: reward ${r.Id} is ${r.State}`); }
        else if (r.State === 'Pending') notes.push(`b) order ${o.Id} ${ended}: reward ${r.Id} still Pending (never granted)`);
        if (active.length) { lostRevocations++; failures.push(`b) order ${o.Id} ${ended}: reward ${r.Id} coupon discount(s) ${active.map(d => d.Id)} still active`); }
        if (netPoints > 0) { lostRevocations++; failures.push(`b) order ${o.Id} ${ended}: reward ${r.Id} still has ${netPoints} points`); }
      }
      // c) paid: granted once, one active coupon of the reward's value (or the points once)
      const lostInStore = paid && r.State === 'Revoked' && (cancelNotes > 0 || refundNotes > 0);
      if (lostInStore) nopLostUpdates.push(`order ${o.Id} ended ${ended} (refunded ${o.RefundedAmount}) though its notes record ${cancelNotes} cancel and ${refundNotes} refund note(s): reward ${r.Id} stays Revoked`);
      if (paid && row.decision === REWARDED && !lostInStore) {
        if (r.State !== 'Granted') { missingGrants++; failures.push(`c) order ${o.Id} paid: reward ${r.Id} is ${r.State}`); }
        if (type === 'coupon' && (active.length !== 1 || myOffers.length !== 1)) { missingGrants++; failures.push(`c) order ${o.Id} paid: reward ${r.Id} has ${active.length} active coupon(s), ${myOffers.length} offer row(s)`); }
        if (type === 'coupon' && active.length === 1 && Number(active[0].UsePercentage ? active[0].DiscountPercentage : active[0].DiscountAmount) !== magnitude(entry.current)) {
          failures.push(`c) order ${o.Id} paid: reward ${r.Id} coupon value ${active[0].DiscountPercentage}/${active[0].DiscountAmount} ≠ ledger ${magnitude(entry.current)}`);
        }
        if (type === 'points' && netPoints !== magnitude(entry.current)) { missingGrants++; failures.push(`c) order ${o.Id} paid: reward ${r.Id} net points ${netPoints} ≠ ${magnitude(entry.current)}`); }
      }
      // d) partially refunded: the ledger knows the order's refunded total; the coupon follows the ledger
      if (partly && row.decision === REWARDED) {
        const ledgerRefunded = Number(entry.orderRefunded ?? 0), storeRefunded = Number(o.RefundedAmount);
        const known = Math.max(ledgerRefunded, storeRefunded);
        const expected = entry.orderAmount > 0 ? Math.floor(Math.round(magnitude(entry.earned) * Math.min(1, Math.max(0, (entry.orderAmount - known) / entry.orderAmount)) * (type === 'coupon' ? 100 : 1) * 1e6) / 1e6) / (type === 'coupon' ? 100 : 1) : null;
        info.expectedCurrent = expected;
        if (ledgerRefunded + 0.0001 < storeRefunded) {
          partialMismatches++; failures.push(`d) order ${o.Id}: order refunded ${storeRefunded}, ledger only ${ledgerRefunded} (reward ${r.Id} ${r.State}): a refund lost`);
        } else if (ledgerRefunded > storeRefunded + 0.0001) {
          nopLostUpdates.push(`order ${o.Id}: the ledger saw ${ledgerRefunded} refunded, the order now says ${storeRefunded} (${refundNotes} refund notes): a refund lost in the store's order row`);
        }
        if (!['Granted', 'PartiallyRevoked', 'Revoked'].includes(r.State)) { partialMismatches++; failures.push(`d) order ${o.Id}: reward ${r.Id} is ${r.State}`); }
        if (expected !== null && r.State !== 'Revoked' && Math.abs(magnitude(entry.current) - expected) > 0.0001) {
          partialMismatches++; failures.push(`d) order ${o.Id}: reward ${r.Id} current ${magnitude(entry.current)} ≠ ${expected}`);
        }
        if (type === 'coupon' && r.State !== 'Revoked') {
          if (active.length !== 1) { partialMismatches++; failures.push(`d) order ${o.Id}: reward ${r.Id} has ${active.length} active coupon(s)`); }
          else if (Math.abs(Number(active[0].UsePercentage ? active[0].DiscountPercentage : active[0].DiscountAmount) - magnitude(entry.current)) > 0.0001) {
            partialMismatches++; failures.push(`d) order ${o.Id}: reward ${r.Id} coupon value ${active[0].DiscountPercentage} ≠ ledger ${magnitude(entry.current)}`);
          }
        }
      }
    }
    if ((paid || partly) && row.decision === REWARDED && !mine.some(r => JSON.parse(r.EntryJson).role === 'Referrer')) {
      missingGrants++; failures.push(`c) order ${o.Id} ${ended}: no referrer reward row`);
    }
    perOrder.push(row);
  }

  // landings: no discount is made for a visit (new Discount rows during the hammer are all reward coupons)
  const newDiscounts = q(`select d."Id", d."Name", d."IsActive", exists(select 1 from "FlockOffer" f where f."DiscountId" = d."Id" and f."KindId" = 2) as "RewardCoupon"
    from "Discount" d where d."Id" > ${maxDiscountBefore} and d."Id" <= ${maxDiscountAfterLandings}`);
  const nonReward = newDiscounts.filter(d => !d.RewardCoupon && !/^Flock reward|FLR/i.test(d.Name || ''));
  if (nonReward.length) failures.push(`landings: ${nonReward.length} discount(s) made during the hammer that are no reward coupon: ${nonReward.map(d => `${d.Id} ${d.Name}`).join(', ')}`);
  const activeAfter = Number(one(`select count(*) from "Discount" where "IsActive"`));
  const activeRewardCoupons = Number(one(`select count(*) from "Discount" d join "FlockOffer" f on f."DiscountId" = d."Id" and f."KindId" = 2 where d."IsActive" and f."RewardId" in (${ids(rewardIds)})`));

  // Flock's log entries on both nodes (the nopCommerce Log table is shared)
  const logRows = q(`select "Id","LogLevelId","ShortMessage","CreatedOnUtc" from "Log" where "Id" > ${logFrom} and ("ShortMessage" ilike '%flock%' or "FullMessage" ilike '%flock%') order by "Id"`);
  const flockErrors = logRows.filter(l => l.LogLevelId >= 30);
  if (flockErrors.length) notes.push(`${flockErrors.length} Flock warning/error log row(s): ${flockErrors.slice(0, 5).map(l => `#${l.Id} ${l.ShortMessage.slice(0, 160)}`).join(' | ')}`);
  const allErrors = q(`select "LogLevelId", left("ShortMessage", 140) as "ShortMessage", count(*)::int as "Count" from "Log" where "Id" > ${logFrom} and "LogLevelId" >= 40 group by 1, 2 order by 3 desc limit 10`);

  Object.assign(report, {
    ordersPlaced: made.length, referralsRewarded: accepted.length, decisions: made.reduce((m, p) => ({ ...m, [p.decision]: (m[p.decision] || 0) + 1 }), {}),
    friendOfferShownInCart: made.filter(p => p.friendOfferShown).length,
    intended: made.reduce((m, p) => ({ ...m, [p.kind]: (m[p.kind] || 0) + 1 }), {}),
    ended: outcome, requests: sent, rewardRows: rewards.length,
    rewardStates: rewards.reduce((m, r) => ({ ...m, [r.State]: (m[r.State] || 0) + 1 }), {}),
    rewardsGranted, doubleGrants, lostRevocations, missingGrants, partialMismatches, nopLostUpdates,
    landings: sent.landing?.sent ?? 0, visitsRecorded: Number(one(`select count(*) from "FlockVisit"`)) - visitsBefore,
    discounts: { activeBefore, activeAfter, createdDuringHammer: newDiscounts.length, rewardCouponsAmongThem: newDiscounts.length - nonReward.length,
      createdByLandings: nonReward.length, activeRewardCouponsOfThisRun: activeRewardCoupons },
    inboxLeft: report.finalInbox.open, flockLogRows: logRows.length, flockWarningsOrErrors: flockErrors.length, errorLogTop: allErrors,
    failures, notes, perOrder
  });
  if (failures.length) exitCode = 1;
} catch (e) {
  report.setupError = e.stack || String(e);
  console.log('SETUP ERROR', e.message);
  exitCode = 2;
} finally {
  if (Object.keys(settings).length) {
    try {
      await configure(A, settings);
      await sleep(1500);
      report.settingsRestored = settings;
      report.settingsSeenOnBAfterRestore = await readConfig(B, Object.keys(settings));
    } catch (e) {
      console.log('could not restore the Flock settings', settings, e.message);
      exitCode = exitCode || 2;
    }
  }
  await browser.close();
}
report.seconds = Math.round((Date.now() - started) / 1000);
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(report, null, 1));
const { perOrder, ...summary } = report;
console.log(JSON.stringify(summary, null, 1));
console.log(`${exitCode === 0 ? 'PASS' : 'FAIL'} web farm: ${report.ordersPlaced ?? 0} orders, ${report.rewardsGranted ?? 0} rewards granted, ` +
  `${report.doubleGrants ?? '?'} double grants, ${report.lostRevocations ?? '?'} lost revocations, ${report.landings ?? 0} landings, ` +
  `${report.discounts?.createdByLandings ?? '?'} discounts by landings; report ${OUT}`);
process.exit(exitCode);
