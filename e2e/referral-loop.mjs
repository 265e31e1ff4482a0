// Browser end-to-end test of the Flock referral loop (R1-R11) in a running nopCommerce store with PostgreSQL.
// Drives Debian's Chromium through playwright-core: admin, referrer A, friend B and a self-referral attempt.
//
//   FLOCK_E2E_BASE_URL=http://127.0.0.1:5080 FLOCK_E2E_ADMIN_EMAIL=admin@flock.test FLOCK_E2E_ADMIN_PASSWORD='Admin123!' \
//     node e2e/referral-loop.mjs
//
// Unset FLOCK_E2E_BASE_URL: prints one line and exits 0. Screenshots: docs/screenshots/e2e-NN-*.png (FLOCK_E2E_SHOTS).
// Prints one line per step (PASS/FAIL) and a summary; exit code 1 when a step failed.
import { BASE, adminLogin, launchBrowser, newPage as openPage } from './session.mjs';
import { addToCart, checkout } from './shop.mjs';
import { expect, stepRunner } from './steps.mjs';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

if (!BASE) {
  console.log('no store configured: skipped the browser end-to-end test (set FLOCK_E2E_BASE_URL, FLOCK_E2E_ADMIN_EMAIL, FLOCK_E2E_ADMIN_PASSWORD)');
  process.exit(0);
}
if (!/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(BASE)) {
  console.log(`FLOCK_E2E_BASE_URL must be a loopback address (was ${BASE})`);
  process.exit(2);
}
const SHOTS = process.env.FLOCK_E2E_SHOTS || join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');
mkdirSync(SHOTS, { recursive: true });

const stamp = Date.now().toString(36);
const campaignName = `E2E campaign ${stamp}`;
// FLOCK_E2E_CAMPAIGN_STATUS=Draft saves the new campaign without activating it (the loop then runs on the stock default campaign)
const campaignStatus = process.env.FLOCK_E2E_CAMPAIGN_STATUS || 'Active';
// phones and streets are new each run: Flock recognises the same person by normalised phone and address across e-mails
const unique = String(Date.now()).slice(-7);
const anna = { first: 'Anna', last: 'Referrer', email: `anna.${stamp}@flock.test`, city: 'Novosibirsk', street: `${unique} Lenina St`, zip: '630000', phone: `551${unique}` };
const boris = { first: 'Boris', last: 'Friend', email: `boris.${stamp}@flock.test`, city: 'Moscow', street: `${unique} Tverskaya St`, zip: '125009', phone: `552${unique}` };
// the self-referral attempt: Anna again, as a guest with a +alias of her e-mail and her own address and phone
const annaAgain = { ...anna, email: `anna.${stamp}+again@flock.test` };
// the same friend again, as a new guest with another mailbox (same phone and address): not a new customer
const borisAgain = { ...boris, email: `b.friend.${stamp}@other.test` };
const carl = { first: 'Carl', last: 'Existing', email: `carl.${stamp}@flock.test`, city: 'Tomsk', street: `${unique} Mira St`, zip: '634000', phone: `553${unique}` };
const dora = { first: 'Dora', last: 'Small', email: `dora.${stamp}@flock.test`, city: 'Kazan', street: `${unique} Baumana St`, zip: '420000', phone: `554${unique}` };

const facts = {};
const { results, step, shot } = stepRunner(SHOTS);

/** The text of the grid rows (nopCommerce DataTables) once they contain the needle. */
async function gridRowsContaining(page, gridSelector, needle, timeout = 20000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const rows = await page.$$eval(`${gridSelector} tbody tr`, trs => trs.map(tr => tr.innerText));
    const hits = rows.filter(r => needle instanceof RegExp ? needle.test(r) : r.includes(needle));
    if (hits.length) return hits;
    await page.waitForTimeout(500);
  }
  throw new Error(`no row of ${gridSelector} contains "${needle}"`);
}

const browser = await launchBrowser();
const newPage = async () => {
  const page = await openPage(browser);
  page.on('dialog', dialog => dialog.accept());
  return page;
};

try {
  const admin = await newPage();
  const a = await newPage();
  const b = await newPage();

  await step('1 admin logs in', async () => {
    await adminLogin(admin);
    await shot(admin, 'admin-logged-in');
  }, admin);

  await step('2 admin sets the return window to 0 days (Flock settings)', async () => {
    await admin.goto(BASE + '/Admin/Flock/Configure');
    facts.oldReturnWindowDays = await admin.inputValue('#ReturnWindowDays');
    await admin.fill('#ReturnWindowDays', '0');
    // every shopper of this test comes from 127.0.0.1: lift the per-address landing limit for the run (restored after)
    facts.oldInvitationLimit = await admin.inputValue('#MaxInvitationsPerIpPerHour');
    await admin.fill('#MaxInvitationsPerIpPerHour', '0');
    await Promise.all([admin.waitForNavigation(), admin.click('button[name=save]')]);
    // read back from a fresh page: a refused form shows the typed values again without saving them
    await admin.goto(BASE + '/Admin/Flock/Configure');
    expect(await admin.inputValue('#ReturnWindowDays') === '0', 'the return window was not saved');
    await shot(admin, 'admin-settings-return-window-0');
  }, admin);

  await step(`3 admin creates a campaign in the campaign editor (status ${campaignStatus})`, async () => {
    await admin.goto(BASE + '/Admin/Flock/Campaigns');
    await Promise.all([admin.waitForNavigation(), admin.click('#flock-campaign-create')]);
    await admin.waitForSelector('#flock-campaign-form');
    await admin.fill('#Name', campaignName);
    // the editor starts from the default campaign, slug included; slugs must be unique across campaigns
    await admin.fill('#Slug', `e2e-${stamp}`);
    await admin.selectOption('#Status', campaignStatus);
    await admin.fill('#Priority', '100');
    await shot(admin, 'admin-campaign-editor');
    await Promise.all([admin.waitForNavigation(), admin.click('#flock-campaign-save')]);
    expect(!(await admin.isVisible('#flock-campaign-problems')), 'the editor reported problems: ' +
      ((await admin.$('#flock-campaign-problems')) ? await admin.textContent('#flock-campaign-problems') : ''));
    await admin.goto(BASE + '/Admin/Flock/Campaigns');
    const rows = await gridRowsContaining(admin, '#flock-campaigns-grid', campaignName);
    expect(rows[0].includes(campaignStatus), `the campaign is not ${campaignStatus}: ${rows[0]}`);
    // it competes with the stock default campaign (R9): a shopper below may get either; both run the same loop
    await shot(admin, 'admin-campaign-list');
    return campaignName;
  }, admin);

  await step('4 customer A registers (share popup on the result page), orders with Check / Money Order and sees the share widget with the personal link', async () => {
    await a.goto(BASE + '/register');
    await a.fill('#FirstName', anna.first);
    await a.fill('#LastName', anna.last);
    await a.fill('#Email', anna.email);
    await a.fill('#Password', 'Flock123!');
    await a.fill('#ConfirmPassword', 'Flock123!');
    await a.click('#register-button');
    await a.waitForURL(/registerresult/);
    // R1: registration is a useful action too; its result page invites A to share, as a closable popup
    await a.waitForSelector('#flock-share-popup .flock-share', { state: 'visible' });
    await shot(a, 'customer-a-registered-share-popup');
    await a.click('#flock-share-popup .flock-popup__close');
    await addToCart(a);
    facts.orderA = await checkout(a, anna);
    await a.waitForSelector('.flock-share', { state: 'visible' });
    const link = new URL(await a.inputValue('.flock-share input[readonly]'));
    // short: /r/CODE or /r/CODE/channel, no query (the marketing tags come with the redirect)
    expect(/^\/[a-z0-9-]+\/[A-Z0-9]{6,}(\/[a-z-]+)?$/i.test(link.pathname) && !link.search, `not a short personal referral link: ${link}`);
    // the link is built on the store's configured URL; a private test instance on another port follows it on its own origin
    facts.link = BASE + link.pathname + link.search;
    await a.locator('.flock-share').scrollIntoViewIfNeeded();
    await shot(a, 'customer-a-thank-you-widget');
    return `order ${facts.orderA}, link ${facts.link}`;
  }, a);

  await step('5 friend B opens A\'s link and sees who invited them and the offer', async () => {
    expect(facts.link, 'no link from step 4');
    await b.goto(facts.link);
    await b.waitForSelector('.flock-banner', { state: 'visible' });
    facts.banner = (await b.textContent('.flock-banner')).replace(/\s+/g, ' ').trim();
    expect(facts.banner.includes(anna.first), `the banner does not name the referrer: ${facts.banner}`);
    await shot(b, 'friend-b-landing-banner');
    return facts.banner;
  }, b);

  await step('6 friend B orders with the coupon applied (discount line in the cart and the order)', async () => {
    await addToCart(b);
    await b.goto(BASE + '/cart');
    await b.waitForSelector('.cart-footer');
    const cartTotals = (await b.textContent('.cart-footer')).replace(/\s+/g, ' ');
    expect(await b.isVisible('.order-subtotal-discount, .discount-total, .current-code'), `no discount line in the cart: ${cartTotals.slice(0, 300)}`);
    facts.friendCode = ((await b.textContent('.current-code').catch(() => '')) || '').match(/FLF[A-Z0-9]+/)?.[0];
    expect(await b.isVisible('.flock-cart-notice--ok'), 'the cart does not say the friend offer applies');
    await shot(b, 'friend-b-cart-with-coupon');
    facts.orderB = await checkout(b, boris, async () => {
      await b.locator('#checkout-step-confirm-order').scrollIntoViewIfNeeded();
      await shot(b, 'friend-b-confirm-order');
    });
    await b.goto(`${BASE}/orderdetails/${facts.orderB}`);
    const totals = (await b.textContent('.total-info')).replace(/\s+/g, ' ');
    expect(/discount/i.test(totals), `no discount in the order totals: ${totals}`);
    await shot(b, 'friend-b-order-details-discount');
    return `order ${facts.orderB}: ${totals.trim().slice(0, 160)}`;
  }, b);

  await step('7 admin marks B\'s order as paid', async () => {
    expect(facts.orderB, 'no order from step 6');
    await admin.goto(`${BASE}/Admin/Order/Edit/${facts.orderB}`);
    await admin.click('#markorderaspaid');
    const confirm = admin.locator('#markorderaspaid-action-confirmation-submit-button');
    await Promise.all([admin.waitForNavigation(), confirm.click()]);
    const info = (await admin.textContent('body')).replace(/\s+/g, ' ');
    expect(/Payment status:?\s*Paid/i.test(info) || !(await admin.isVisible('#markorderaspaid')), 'the order is not paid');
    await shot(admin, 'admin-order-marked-paid');
  }, admin);

  await step('8 the settle task runs (System > Schedule tasks > Run now)', async () => {
    await admin.goto(BASE + '/Admin/ScheduleTask/List');
    const row = admin.locator('#schedule-tasks-grid tbody tr', { hasText: 'Flock: settle rewards' });
    await row.first().waitFor();
    await Promise.all([admin.waitForNavigation(), row.first().locator('a.btn-success').click()]);
    await shot(admin, 'admin-settle-task-run-now');
  }, admin);

  await step('9 A sees the reward on the "Invite friends" page', async () => {
    await a.goto(BASE + '/customer/invite-friends');
    await a.waitForSelector('.flock-invite-page');
    const rewards = await a.$$eval('.flock-rewards tbody tr', trs => trs.map(tr => tr.innerText.replace(/\s+/g, ' ').trim()));
    expect(rewards.length > 0, 'no reward listed for A');
    await shot(a, 'customer-a-invite-friends-reward');
    return rewards.join(' | ');
  }, a);

  await step('10 admin sees the reward in the ledger', async () => {
    await admin.goto(BASE + '/Admin/Flock/Rewards');
    const rows = await gridRowsContaining(admin, '#flock-rewards-grid', new RegExp(`${anna.email.replace(/[.+]/g, '\\$&')}|${anna.first} ${anna.last}`));
    expect(rows.some(r => /Granted/i.test(r)), `the reward is not granted: ${rows.join(' | ')}`);
    await shot(admin, 'admin-rewards-ledger');
    return rows[0].replace(/\s+/g, ' ').slice(0, 200);
  }, admin);

  await step('11 A opening the own link gets no friend offer', async () => {
    await a.goto(facts.link);
    await a.waitForLoadState('load');
    const banner = await a.isVisible('.flock-banner');
    await shot(a, 'self-referral-own-link');
    expect(!banner, 'A was offered the friend discount on the own link');
  }, a);

  await step('12 a self-referral (A as a guest with an e-mail alias and the same address) is blocked, with the reason in the admin Referrals list', async () => {
    const c = await newPage();
    await c.goto(facts.link);
    await c.waitForLoadState('load');
    await addToCart(c);
    facts.orderSelf = await checkout(c, annaAgain);
    await admin.goto(BASE + '/Admin/Flock/Referrals');
    const rows = await gridRowsContaining(admin, '#flock-referrals-grid', `#${facts.orderSelf}`);
    const row = rows[0];
    expect(/Blocked/i.test(row), `the self-referral was not blocked: ${row}`);
    await shot(admin, 'admin-referrals-self-referral-blocked');
    return row.replace(/\s+/g, ' ').slice(0, 240);
  }, admin);
  await step('12b a second fresh guest session of the same friend (another e-mail, same phone and address) gets no discount, with the reason at checkout', async () => {
    const b2 = await newPage();
    await b2.goto(facts.link);
    await b2.waitForLoadState('load');
    await addToCart(b2);
    let notice = '';
    facts.orderB2 = await checkout(b2, borisAgain, async () => {
      await b2.waitForSelector('#checkout-step-confirm-order .flock-cart-notice--refused', { timeout: 15000 });
      notice = (await b2.textContent('#checkout-step-confirm-order .flock-cart-notice--refused')).trim();
      expect(!(await b2.isVisible('#checkout-step-confirm-order .order-subtotal-discount')), 'the confirm step still shows the friend discount');
      await b2.locator('#checkout-step-confirm-order').scrollIntoViewIfNeeded();
      await shot(b2, 'friend-b-second-session-refused');
    });
    expect(/new customer/i.test(notice), `unexpected reason: ${notice}`);
    await b2.goto(`${BASE}/orderdetails/${facts.orderB2}`).catch(() => null);
    return `order ${facts.orderB2} at full price: "${notice}"`;
  }, admin);

  await step('12c a stranger typing the friend offer code without an invitation is refused with the reason', async () => {
    expect(facts.friendCode, 'no friend offer code seen in step 6');
    const d = await newPage();
    await addToCart(d);
    await d.goto(BASE + '/cart');
    await d.fill('#discountcouponcode', facts.friendCode);
    await Promise.all([d.waitForNavigation(), d.click('#applydiscountcouponcode')]);
    const message = ((await d.textContent('.coupon-box .message-failure').catch(() => '')) || '').trim();
    await shot(d, 'stranger-typed-code-refused');
    expect(/invitation link/i.test(message), `no refusal for a typed code: "${message}"`);
    return `"${message}"`;
  }, admin);

  await step('12d an existing customer who opens the link is refused in the cart with the reason', async () => {
    const c = await newPage();
    await c.goto(BASE + '/register');
    await c.fill('#FirstName', carl.first);
    await c.fill('#LastName', carl.last);
    await c.fill('#Email', carl.email);
    await c.fill('#Password', 'Flock123!');
    await c.fill('#ConfirmPassword', 'Flock123!');
    await c.click('#register-button');
    await c.waitForURL(/registerresult/);
    await addToCart(c);
    await checkout(c, carl);
    await c.goto(facts.link);
    await c.waitForLoadState('load');
    await addToCart(c);
    await c.goto(BASE + '/cart');
    await c.waitForSelector('.flock-cart-notice--refused');
    const notice = (await c.textContent('.flock-cart-notice--refused')).trim();
    expect(/new customer/i.test(notice), `unexpected reason: ${notice}`);
    expect(!(await c.isVisible('.order-subtotal-discount')), 'the existing customer got the friend discount');
    await shot(c, 'existing-customer-refused-in-cart');
    return `"${notice}"`;
  }, admin);

  await step('12e the minimum order of the friend offer is enforced in the cart, with the amount missing', async () => {
    // both competing campaigns get a minimum of 5000 (A's link belongs to one of them), restored in the clean-up
    facts.minimumCampaigns = [];
    for (const name of [campaignName, 'Default referral campaign']) {
      await admin.goto(BASE + '/Admin/Flock/Campaigns');
      await gridRowsContaining(admin, '#flock-campaigns-grid', name);
      const edit = admin.locator('#flock-campaigns-grid tbody tr', { hasText: name }).locator('a.flock-campaign-link');
      await Promise.all([admin.waitForNavigation(), edit.first().click()]);
      await admin.fill('#Motivations_0__OfferMinimumSubtotal', '5000');
      await Promise.all([admin.waitForNavigation(), admin.click('#flock-campaign-save')]);
      facts.minimumCampaigns.push(name);
    }
    const e = await newPage();
    await e.goto(facts.link);
    await e.waitForLoadState('load');
    await addToCart(e);
    await e.goto(BASE + '/cart');
    await e.waitForSelector('.flock-cart-notice--refused');
    const notice = (await e.textContent('.flock-cart-notice--refused')).trim();
    await shot(e, 'friend-below-minimum-refused-in-cart');
    expect(/5000/.test(notice) && /more/i.test(notice), `unexpected reason: ${notice}`);
    expect(!(await e.isVisible('.order-subtotal-discount')), 'the discount applied below the minimum');
    return `"${notice}"`;
  }, admin);

  // leave the shared store as it was: the old return window, and the test campaign paused
  await step('13 clean-up: restore the return window, delete the test campaign', async () => {
    if (facts.oldReturnWindowDays !== undefined) {
      await admin.goto(BASE + '/Admin/Flock/Configure');
      await admin.fill('#ReturnWindowDays', facts.oldReturnWindowDays);
      if (facts.oldInvitationLimit !== undefined) await admin.fill('#MaxInvitationsPerIpPerHour', facts.oldInvitationLimit);
      await Promise.all([admin.waitForNavigation(), admin.click('button[name=save]')]);
    }
    for (const name of facts.minimumCampaigns || []) {
      await admin.goto(BASE + '/Admin/Flock/Campaigns');
      await gridRowsContaining(admin, '#flock-campaigns-grid', name);
      const edit = admin.locator('#flock-campaigns-grid tbody tr', { hasText: name }).locator('a.flock-campaign-link');
      await Promise.all([admin.waitForNavigation(), edit.first().click()]);
      await admin.fill('#Motivations_0__OfferMinimumSubtotal', '0');
      await Promise.all([admin.waitForNavigation(), admin.click('#flock-campaign-save')]);
    }
    await admin.goto(BASE + '/Admin/Flock/Campaigns');
    await gridRowsContaining(admin, '#flock-campaigns-grid', campaignName).catch(() => null);
    const remove = admin.locator('#flock-campaigns-grid tbody tr', { hasText: campaignName }).locator('.flock-campaign-action.btn-danger');
    if (await remove.count()) await Promise.all([admin.waitForNavigation(), remove.first().click()]);
    return `return window back to ${facts.oldReturnWindowDays} days; test campaign deleted or archived`;
  }, admin);
} finally {
  await browser.close();
}

const failed = results.filter(r => !r.ok);
console.log(`e2e: ${results.length - failed.length} passed, ${failed.length} failed; screenshots in ${SHOTS}`);
console.log(JSON.stringify({ facts, results }, null, 1));
process.exit(failed.length ? 1 : 0);
