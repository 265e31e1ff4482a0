// The audience rule builder's pickers in Chromium with nopCommerce's own admin widget (select2 from NOP_ROOT's
// wwwroot), without a store: the page and the product search endpoint are served by the browser's request routing.
//   NOP_ROOT=/path/to/nopCommerce node e2e/rule-builder-pickers.mjs      (FLOCK_E2E_SHOT=/tmp/x.png for a screenshot)
// Checks: a saved rule opens with names (products, categories), is written back unchanged, products are found by
// typing (paged GET with q and page), picked ids join the rule as numbers in the order picked, no page errors.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { launchBrowser, newPage } from './session.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const NOP_ROOT = process.env.NOP_ROOT;
if (!NOP_ROOT) { console.error('set NOP_ROOT to a nopCommerce 4.80 tree (its wwwroot has jQuery and select2)'); process.exit(2); }
const WWW = join(NOP_ROOT, 'Presentation/Nop.Web/wwwroot');
const ORIGIN = 'http://flock-builder.test';

const saved = {
  match: 'all',
  conditions: [
    { field: 'order.product_ids', operator: 'contains_any', value: [4, 77] },
    { field: 'order.category_ids', operator: 'contains_all', value: [3] },
    { field: 'customer.country', operator: 'eq', value: 'RU' },
  ],
};
const ids = ['contains_any', 'contains_all', 'contains_none', 'is_set', 'is_not_set'];
const audience = {
  fields: [
    { name: 'order.total', type: 'Money', label: 'Сумма заказа', group: 'Заказ', description: 'Итог заказа.', operators: ['eq', 'gte', 'between', 'is_set', 'is_not_set'], allowed: [], allowedLabels: [] },
    { name: 'order.product_ids', type: 'IdSet', label: 'Товары в заказе', group: 'Заказ', description: 'Товары.', operators: ids, allowed: [], allowedLabels: [], picker: 'product' },
    { name: 'order.category_ids', type: 'IdSet', label: 'Категории в заказе', group: 'Заказ', description: 'Категории.', operators: ids, allowed: [], allowedLabels: [], picker: 'category' },
    { name: 'customer.country', type: 'Text', label: 'Страна', group: 'Покупатель', description: 'Страна.', operators: ['eq', 'neq', 'in', 'not_in', 'is_set', 'is_not_set'], allowed: [], allowedLabels: [], picker: 'country' },
  ],
  operators: { contains_any: 'содержит любое из', contains_all: 'содержит все из', eq: '=' },
  texts: { pickerNotFound: 'не найдено', pickerSearch: 'Начните вводить название товара…' },
  pickers: {
    product: { known: [{ value: 4, text: 'Apple MacBook Pro 13-inch (AP_MBP_13)' }] },
    category: { options: [{ value: 1, text: 'Computers' }, { value: 2, text: 'Computers >> Desktops' }, { value: 3, text: 'Computers >> Notebooks' }] },
    country: { options: [{ value: 'US', text: 'United States (US)' }, { value: 'RU', text: 'Russia (RU)' }] },
  },
};
const products = [{ id: 1, text: 'Build your own computer (COMP_CUST)' }, { id: 2, text: 'Digital Storm VANQUISH 3 (DS_VA3_PC)' }];

const page = `<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/www/lib_npm/admin-lte/css/adminlte.min.css">
<link rel="stylesheet" href="/www/lib_npm/admin-lte/plugins/select2/css/select2.min.css">
<link rel="stylesheet" href="/flock/flock-admin.css">
<script src="/www/lib_npm/jquery/jquery.min.js"></script>
<script src="/www/lib_npm/admin-lte/plugins/select2/js/select2.full.min.js"></script>
<script src="/flock/flock-rule-builder.js"></script></head>
<body style="padding:16px"><input type="hidden" id="AudienceJson" value='${JSON.stringify(saved)}'><div id="flock-rule-builder"></div>
<script>
  var audience = ${JSON.stringify(audience)};
  audience.pickers.product.search = '/Admin/FlockCampaign/SearchProducts';
  $(function () {
    new FlockRuleBuilder(document.getElementById('flock-rule-builder'), document.getElementById('AudienceJson'),
      audience.fields, [], audience.texts, { operators: audience.operators, pickers: audience.pickers });
  });
</script></body></html>`;

const types = { js: 'application/javascript', css: 'text/css', html: 'text/html' };
const browser = await launchBrowser();
const errors = [];
const searches = [];
try {
  const tab = await newPage(browser);
  tab.on('pageerror', e => errors.push(String(e)));
  tab.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  await tab.route(ORIGIN + '/**', route => {
    const url = new URL(route.request().url());
    if (url.pathname === '/') return route.fulfill({ contentType: types.html, body: page });
    if (url.pathname === '/Admin/FlockCampaign/SearchProducts') {
      searches.push({ method: route.request().method(), q: url.searchParams.get('q'), page: url.searchParams.get('page') });
      const q = (url.searchParams.get('q') || '').toLowerCase();
      const results = products.filter(p => p.text.toLowerCase().includes(q));
      return route.fulfill({ contentType: 'application/json', body: JSON.stringify({ results, pagination: { more: false } }) });
    }
    const file = url.pathname.startsWith('/www/') ? join(WWW, url.pathname.slice(5))
      : url.pathname.startsWith('/flock/') ? join(ROOT, 'Nop.Plugin.Misc.Flock/Content/admin', url.pathname.slice(7)) : null;
    if (!file) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ contentType: types[file.split('.').pop()] || 'application/octet-stream', body: readFileSync(file) });
  });
  await tab.goto(ORIGIN + '/');
  await tab.waitForSelector('#flock-rule-root .select2-container');

  const rule = async () => JSON.parse(await tab.inputValue('#AudienceJson'));
  assert.deepEqual(await rule(), saved, 'an untouched rule is written back unchanged');
  assert.equal(await tab.inputValue('#AudienceJson'), JSON.stringify(saved));

  const condition = n => tab.locator('#flock-rule-root .flock-rule-condition').nth(n);
  const chips = async n => (await condition(n).locator('.select2-selection__choice').allTextContents()).map(t => t.replace(/^×/, '').trim());
  assert.deepEqual(await chips(0), ['Apple MacBook Pro 13-inch (AP_MBP_13)', '#77 (не найдено)']);
  assert.deepEqual(await chips(1), ['Computers >> Notebooks']);
  assert.equal((await condition(2).locator('.select2-selection__rendered').textContent()).trim(), 'Russia (RU)');
  assert.equal(await condition(0).locator('.flock-rule-field option:checked').textContent(), 'Товары в заказе');

  // search as you type: a GET with the term and the page, the pick joins the rule as a number
  await condition(0).locator('.select2-search__field').click();
  const searched = tab.waitForResponse(r => r.url().includes('SearchProducts') && r.url().includes('q=build'));
  await condition(0).locator('.select2-search__field').pressSequentially('build');
  await searched;
  await tab.waitForFunction(() => !document.querySelector('.select2-results__option.loading-results'));
  await tab.locator('.select2-results__option', { hasText: 'Build your own computer' }).click();
  assert.deepEqual((await rule()).conditions[0].value, [4, 77, 1]);
  assert.ok(searches.some(s => s.method === 'GET' && s.q === 'build' && s.page === '1'), JSON.stringify(searches));

  // a category from the store's list, then a re-render (a new condition): the picked product keeps its name
  await condition(1).locator('.select2-search__field').click();
  await tab.locator('.select2-results__option', { hasText: 'Desktops' }).click();
  await tab.keyboard.press('Escape');
  assert.deepEqual((await rule()).conditions[1].value, [3, 2]);
  await tab.click('#flock-rule-add-condition');
  assert.deepEqual(await chips(0), ['Apple MacBook Pro 13-inch (AP_MBP_13)', '#77 (не найдено)', 'Build your own computer (COMP_CUST)']);
  assert.equal((await rule()).conditions.length, 4);

  // a single choice (country) replaces the value
  await condition(2).locator('.select2-selection').click();
  await tab.locator('.select2-results__option', { hasText: 'United States' }).click();
  assert.equal((await rule()).conditions[2].value, 'US');

  // removing the last product chip leaves the others in their order
  await condition(0).locator('.select2-selection__choice').nth(1).locator('.select2-selection__choice__remove').click();
  await tab.keyboard.press('Escape');
  assert.deepEqual((await rule()).conditions[0].value, [4, 1]);

  if (process.env.FLOCK_E2E_SHOT) await tab.locator('#flock-rule-builder').screenshot({ path: process.env.FLOCK_E2E_SHOT });
  assert.deepEqual(errors, [], 'no page errors');
  console.log('rule builder pickers: ok', JSON.stringify(await rule()));
} finally {
  await browser.close();
}
