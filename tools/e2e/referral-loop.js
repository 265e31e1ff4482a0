// Walks the referral loop in a running nopCommerce store with the Flock plugin (playwright-core + Debian chromium):
// A registers and orders -> share block on the thank-you page; B opens A's link -> banner + coupon in the cart -> orders.
// Prints JSON with the link and the order ids; screenshots go to SHOTS (default docs/screenshots).
// Run: NODE_PATH=/path/to/node_modules node tools/e2e/referral-loop.js
const { chromium } = require('playwright-core');
const B = process.env.STORE_URL || 'http://127.0.0.1:5080';
const SHOTS = process.env.SHOTS || require('path').join(__dirname, '../../docs/screenshots');
const stamp = Date.now().toString(36);
const result = {};

async function checkout(page, who) {
  await page.goto(B + '/pride-and-prejudice');
  await page.click('.add-to-cart-button');
  await page.waitForSelector('.bar-notification.success', { state: 'visible' });
  await page.goto(B + '/cart');
  await page.check('#termsofservice');
  await page.click('#checkout');
  await page.waitForURL(/login\/checkoutasguest|onepagecheckout/);
  if (page.url().includes('checkoutasguest')) await page.click('.checkout-as-guest-button');
  await page.waitForURL(/onepagecheckout/);
  if (await page.isVisible('#BillingNewAddress_FirstName')) {
    await page.fill('#BillingNewAddress_FirstName', who.first);
    await page.fill('#BillingNewAddress_LastName', who.last);
    await page.fill('#BillingNewAddress_Email', who.email);
    await page.selectOption('#BillingNewAddress_CountryId', { label: 'United States of America' });
    await page.waitForTimeout(1500);
    if (await page.$('#BillingNewAddress_StateProvinceId option:nth-child(2)')) await page.selectOption('#BillingNewAddress_StateProvinceId', { index: 1 });
    await page.fill('#BillingNewAddress_City', who.city);
    await page.fill('#BillingNewAddress_Address1', who.street);
    await page.fill('#BillingNewAddress_ZipPostalCode', '10001');
    await page.fill('#BillingNewAddress_PhoneNumber', who.phone);
  }
  await page.click('#billing-buttons-container .new-address-next-step-button');
  await page.waitForSelector('#checkout-step-shipping-method', { state: 'visible' });
  await page.click('#shipping-method-buttons-container .shipping-method-next-step-button');
  await page.waitForSelector('#checkout-step-payment-method:visible, #checkout-step-payment-info:visible');
  if (await page.isVisible('#checkout-step-payment-method')) {
    await page.check('input[name=paymentmethod][value="Payments.CheckMoneyOrder"]');
    await page.click('#payment-method-buttons-container .payment-method-next-step-button');
  }
  await page.waitForSelector('#checkout-step-payment-info', { state: 'visible' });
  await page.click('#payment-info-buttons-container .payment-info-next-step-button');
  await page.waitForSelector('#checkout-step-confirm-order', { state: 'visible' });
  await page.click('#confirm-order-buttons-container .confirm-order-next-step-button');
  await page.waitForURL(/checkout\/completed/);
  const href = await page.getAttribute('.details-link a', 'href');
  return parseInt(href.split('/').pop(), 10);
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const viewport = { width: 1280, height: 1000 };
  try {
    // A registers and orders
    const a = await (await browser.newContext({ viewport })).newPage();
    a.setDefaultTimeout(60000);
    const emailA = `anna.${stamp}@flock.test`;
    await a.goto(B + '/register');
    await a.fill('#FirstName', 'Anna');
    await a.fill('#LastName', 'Referrer');
    await a.fill('#Email', emailA);
    await a.fill('#Password', 'Flock123!');
    await a.fill('#ConfirmPassword', 'Flock123!');
    await a.click('#register-button');
    await a.waitForURL(/registerresult/);
    result.referrerEmail = emailA;
    result.referrerOrderId = await checkout(a, { first: 'Anna', last: 'Referrer', email: emailA, city: 'Novosibirsk', street: '1 Lenina St', phone: '5551001' });
    await a.waitForSelector('.flock-share', { state: 'visible' });
    result.link = await a.inputValue('.flock-share input[readonly]');
    result.buttons = await a.$$eval('.flock-share [data-flock-channel]', els => els.map(e => e.getAttribute('data-flock-channel')));
    await a.click('.flock-share__buttons [data-flock-channel="copy"]'); // share-click analytics (POST with antiforgery)
    await a.waitForTimeout(800);
    await a.click('.flock-share__qr summary');
    await a.locator('.flock-share').scrollIntoViewIfNeeded();
    await a.screenshot({ path: `${SHOTS}/thank-you-widget.png`, fullPage: true });

    // B opens A's link
    const bctx = await browser.newContext({ viewport });
    const b = await bctx.newPage();
    b.setDefaultTimeout(60000);
    await b.goto(result.link);
    await b.waitForSelector('.flock-banner', { state: 'visible' });
    result.banner = (await b.textContent('.flock-banner__text')).trim();
    await b.screenshot({ path: `${SHOTS}/landing-banner.png` });
    const emailB = `boris.${stamp}@flock.test`;
    await b.goto(B + '/pride-and-prejudice');
    await b.click('.add-to-cart-button');
    await b.waitForSelector('.bar-notification.success', { state: 'visible' });
    await b.goto(B + '/cart');
    result.cartDiscountShown = await b.isVisible('.order-subtotal-discount, .discount-total, .current-code');
    await b.screenshot({ path: `${SHOTS}/friend-cart-coupon.png`, fullPage: true });
    result.friendOrderId = await checkout(b, { first: 'Boris', last: 'Friend', email: emailB, city: 'Moscow', street: '7 Tverskaya St', phone: '5552002' });

    // A's invite page (same browser context as A: still logged in)
    await a.goto(B + '/customer/invite-friends');
    await a.waitForSelector('.flock-invite-page');
    await a.screenshot({ path: `${SHOTS}/invite-friends.png`, fullPage: true });
    result.ok = true;
  } catch (e) {
    result.error = e.message.split('\n')[0];
    process.exitCode = 1;
  } finally {
    console.log(JSON.stringify(result, null, 2));
    await browser.close();
  }
})();
