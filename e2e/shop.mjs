// What the browser scripts do in the shop: put a product in the cart, check out with Check / Money Order.
import { BASE } from './session.mjs';

export const PRODUCT = process.env.FLOCK_E2E_PRODUCT || '/pride-and-prejudice';

export async function addToCart(page, product = PRODUCT) {
  await page.goto(BASE + product);
  await page.click('.add-to-cart-button');
  await page.waitForSelector('.bar-notification.success', { state: 'visible' });
}

/** One-page checkout with Check / Money Order; returns the order id from the thank-you page. */
export async function checkout(page, who, beforeConfirm) {
  await page.goto(BASE + '/cart');
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
    await page.fill('#BillingNewAddress_ZipPostalCode', who.zip);
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
  if (beforeConfirm) await beforeConfirm();
  await page.click('#confirm-order-buttons-container .confirm-order-next-step-button');
  await page.waitForURL(/checkout\/completed/);
  const href = await page.getAttribute('.details-link a', 'href');
  return parseInt(href.split('/').pop(), 10);
}

