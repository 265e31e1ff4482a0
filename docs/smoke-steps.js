// Steps for admin-smoke.js. Stable ids/classes used here are the ones the e2e test can rely on.
async function setField(page, condition, field, op) {
  await condition.locator('.flock-rule-field').selectOption(field);
  if (op) await page.locator(condition._sel ?? '').count(); // no-op keeps the signature simple
}
module.exports = {
  // create a campaign through the UI: rule with a nested group, one deliberate problem, then fix and save
  async create({ page, shot, B }) {
    await page.goto(B + '/Admin/FlockCampaign/Create');
    await page.fill('#Name', 'E2E spring referral');
    await page.fill('#Slug', 'e2e-spring');
    await page.selectOption('#Status', 'Active');
    await page.check('#TriggerOrderPaid');
    await page.click('#flock-rule-add-condition');
    let conds = page.locator('#flock-rule-root .flock-rule-condition');
    await conds.nth(0).locator('.flock-rule-field').selectOption('order.total');
    await page.locator('#flock-rule-root .flock-rule-condition').nth(0).locator('.flock-rule-operator').selectOption('gte');
    const v = page.locator('#flock-rule-root .flock-rule-condition').nth(0).locator('.flock-rule-input');
    await v.fill('1000'); await v.dispatchEvent('change');
    await page.click('#flock-rule-add-condition');
    await page.locator('#flock-rule-root .flock-rule-condition').nth(1).locator('.flock-rule-field').selectOption('order.product_ids');
    // leave the id list empty: the engine must report it next to this condition
    await page.click('#flock-rule-add-group');
    const group = page.locator('#flock-rule-root .flock-rule-group.depth-1').first();
    await group.locator('.flock-rule-match').selectOption('any');
    await group.locator('.flock-rule-add-condition').click();
    await group.locator('.flock-rule-condition .flock-rule-field').first().selectOption('customer.order_count');
    await group.locator('.flock-rule-condition .flock-rule-operator').first().selectOption('lte');
    const gv = group.locator('.flock-rule-condition .flock-rule-input').first();
    await gv.fill('1'); await gv.dispatchEvent('change');
    // channels: move telegram to the top, untick blog
    for (let i = 0; i < 5; i++) await page.click('#flock-channels li[data-channel=telegram] .flock-move-up');
    await page.uncheck('#Channels_blog');
    console.log('AudienceJson', await page.inputValue('#AudienceJson'));
    await shot('02-editor-rule-builder', true);
    await page.locator('#flock-card-audience').screenshot({ path: __dirname + '/screenshots/02b-rule-builder.png' });
    await Promise.all([page.waitForNavigation(), page.click('#flock-campaign-save-continue')]);
    const problems = await page.locator('#flock-campaign-problems li').allTextContents();
    console.log('problems after first save:', JSON.stringify(problems));
    console.log('rule errors:', JSON.stringify(await page.locator('.flock-rule-error').allTextContents()));
    await shot('03-editor-validation-errors', true);
    await page.locator('#flock-card-audience').screenshot({ path: __dirname + '/screenshots/03b-rule-builder-errors.png' });
    // fix: pick two products in the product picker (select2, search as you type), or fill a typed id list
    const picker = page.locator('.flock-rule-condition-wrap.has-error .flock-rule-picker[data-picker=product]').first();
    const list = page.locator('.flock-rule-condition-wrap.has-error .flock-rule-list').first();
    if (await picker.count()) {
      const wrap = page.locator('.flock-rule-condition-wrap.has-error').first();
      for (const name of ['Build your own computer', 'Digital Storm']) {
        await wrap.locator('.select2-search__field').click();
        await wrap.locator('.select2-search__field').pressSequentially(name.split(' ')[0].toLowerCase());
        await page.locator('.select2-results__option', { hasText: name }).first().click();
      }
      await page.keyboard.press('Escape');
    } else if (await list.count()) { await list.fill('1, 2'); await list.dispatchEvent('change'); }
    await Promise.all([page.waitForNavigation(), page.click('#flock-campaign-save-continue')]);
    const left = await page.locator('#flock-campaign-problems li').allTextContents();
    if (left.length) {
      console.log('problems after the fix:', JSON.stringify(left), 'slug error next to the field:', JSON.stringify(await page.locator('.flock-problem[data-path=slug]').allTextContents()));
      await page.fill('#Slug', 'e2e-spring-' + Date.now().toString(36));
      await Promise.all([page.waitForNavigation(), page.click('#flock-campaign-save-continue')]);
    }
    console.log('channels after save', await page.evaluate(() => Array.from(document.getElementsByName('Channels')).filter(e => e.checked).map(e => e.value).join(',')));
    console.log('after fix url', page.url(), 'problems', JSON.stringify(await page.locator('#flock-campaign-problems li').allTextContents()));
  },
  async preview({ page, shot, B }) {
    if (!/FlockCampaign\/Edit/.test(page.url())) await page.goto(B + '/Admin/FlockCampaign/Edit/1');
    await page.selectOption('#flock-preview-language', 'ru');
    await page.click('#flock-preview-button');
    await page.waitForFunction(() => document.getElementById('flock-preview-status').textContent.length > 0);
    console.log('preview status', await page.textContent('#flock-preview-status'), 'share', await page.textContent('#flock-preview-share'));
    console.log('preview problems', JSON.stringify(await page.locator('#flock-preview-problems li').allTextContents()));
    await page.locator('#flock-card-texts').screenshot({ path: __dirname + '/screenshots/04-preview.png' });
    // broken template: unclosed tag shows line:column
    await page.fill('#Texts_0__WidgetRu', 'Привет, {{ customer.first_name }\n{% if offer.percent %}');
    await page.click('#flock-preview-button');
    await page.waitForTimeout(1500);
    console.log('broken preview problems', JSON.stringify(await page.locator('#flock-preview-problems li').allTextContents()));
    await page.locator('#flock-card-texts').screenshot({ path: __dirname + '/screenshots/05-preview-template-error.png' });
  },
  async list({ page, shot, B }) {
    await page.goto(B + '/Admin/Flock/Campaigns');
    await page.waitForSelector('#flock-campaigns-grid tbody tr');
    await page.waitForTimeout(800);
    await shot('01-campaign-list');
  },
  async dashboard({ page, shot, B }) {
    await page.goto(B + '/Admin/Flock/Dashboard?Period=90');
    await page.waitForTimeout(1000);
    console.log('tiles', JSON.stringify(await page.locator('.flock-tile').allTextContents()));
    await shot('06-dashboard');
  },
  async referrals({ page, shot, B }) {
    await page.goto(B + '/Admin/Flock/Referrals');
    await page.waitForTimeout(1500);
    await shot('07-referrals');
  },
  async ledger({ page, shot, B }) {
    await page.goto(B + '/Admin/Flock/Rewards');
    await page.waitForTimeout(1500);
    await shot('08-rewards-ledger');
    const view = page.locator('.flock-reward-view').first();
    if (await view.count()) {
      await Promise.all([page.waitForNavigation(), view.click()]);
      await page.fill('#flock-approve-reason', 'checked by phone');
      await Promise.all([page.waitForNavigation(), page.click('#flock-approve')]);
      console.log('after approve', await page.textContent('#flock-reward-state'), JSON.stringify(await page.locator('.alert').allTextContents()));
      await page.fill('#flock-revoke-reason', 'self-referral confirmed');
      await Promise.all([page.waitForNavigation(), page.click('#flock-revoke')]);
      console.log('after revoke', await page.textContent('#flock-reward-state'));
      await page.fill('#flock-approve-reason', 'try again');
      await Promise.all([page.waitForNavigation(), page.click('#flock-approve')]);
      console.log('approve after revoke ->', JSON.stringify(await page.locator('.alert, .toast, [role=alert]').allTextContents()));
      await shot('09-reward-detail-approve-revoke');
    } else console.log('no rewards in the ledger');
  },
};
module.exports.validity = async ({ page, B }) => {
  await page.goto(B + '/Admin/FlockCampaign/Create');
  console.log(await page.evaluate(() => Array.from(document.querySelectorAll('#flock-campaign-form :invalid')).map(e => e.name + '=' + e.value + ' ' + e.validationMessage).join('\n')));
};
module.exports.clicksave = async ({ page, B, shot }) => {
  page.on('response', r => { if (r.status() >= 400) console.log('RESP', r.status(), r.url()); });
  await page.goto(B + '/Admin/FlockCampaign/Create');
  await page.fill('#Name', 'x');
  await page.click('#flock-campaign-save-continue');
  await page.waitForTimeout(3000);
  console.log(page.url());
  console.log(await page.evaluate(() => Array.from(document.querySelectorAll('.input-validation-error, .field-validation-error')).map(e => (e.name || e.id) + ': ' + e.textContent).join('\n')));
};
module.exports.checks = async ({ page, B }) => {
  await page.goto(B + '/Admin/FlockCampaign/Create');
  console.log(await page.evaluate(() => ['Channels', 'AttributionPriority', 'DaysOfWeek'].map(n => n + ':' + Array.from(document.getElementsByName(n)).filter(e => e.checked).map(e => e.value).join(',')).join(' | ')));
  console.log(await page.evaluate(() => document.querySelector('#flock-channels li').outerHTML));
};
module.exports.postdata = async ({ page, B }) => {
  await page.goto(B + '/Admin/FlockCampaign/Create');
  page.on('request', r => { if (r.method() === 'POST' && /FlockCampaign\/Create/.test(r.url())) console.log(decodeURIComponent(r.postData()).split('&').filter(x => /^(Channels|AttributionPriority|Trigger)/.test(x)).join(' ')); });
  await Promise.all([page.waitForNavigation(), page.click('#flock-add-picture')]);
  console.log(await page.evaluate(() => ['Channels', 'AttributionPriority'].map(n => n + ':' + Array.from(document.getElementsByName(n)).filter(e => e.checked).map(e => e.value).join(',')).join(' | ')));
};

module.exports.deleteCampaign = async ({ page, B }) => {
  page.on('dialog', d => d.accept());
  await page.goto(B + '/Admin/Flock/Campaigns');
  await page.waitForSelector('#flock-campaigns-grid tbody tr');
  const id = process.env.DELETE_ID;
  const btn = page.locator(`.flock-campaign-action[data-id="${id}"][data-action$="Delete"]`);
  await Promise.all([page.waitForNavigation(), btn.click()]);
  console.log('deleted', id, JSON.stringify(await page.locator('.alert').allTextContents()));
};
module.exports.experiments = async ({ page, shot, B }) => {
  await page.goto(B + '/Admin/FlockCampaign/Experiments/1');
  console.log('arms', JSON.stringify(await page.locator('#flock-experiment-arms tbody tr').allTextContents()));
  await shot('10-experiment-results');
};
module.exports.csv = async ({ page, B }) => {
  for (const u of ['/Admin/FlockReport/ExportReferrals', '/Admin/FlockReward/Export', '/Admin/FlockReport/ExportKpis?period=90']) {
    const r = await page.request.get(B + u);
    const body = await r.body();
    console.log(u, r.status(), r.headers()['content-type'], 'BOM', body.slice(0, 3).toString('hex'), JSON.stringify(body.slice(3, 160).toString('utf8')));
  }
};
module.exports.settings = async ({ page, shot, B }) => {
  await page.goto(B + '/Admin/Flock/Configure');
  await shot('11-settings');
};
module.exports.pause = async ({ page, B }) => {
  await page.goto(B + '/Admin/Flock/Campaigns');
  await page.waitForSelector('#flock-campaigns-grid tbody tr');
  const id = process.env.PAUSE_ID;
  await Promise.all([page.waitForNavigation(), page.locator(`.flock-campaign-action[data-id="${id}"][data-status="Paused"]`).click()]);
  console.log('paused', id, JSON.stringify(await page.locator('.alert').allTextContents()));
};
module.exports.creatives = async ({ page, B }) => {
  const id = process.env.EDIT_ID || '3';
  await page.goto(B + '/Admin/FlockCampaign/Edit/' + id);
  console.log('before', (await page.textContent('h1.float-left')).replace(/\s+/g, ' ').trim());
  await Promise.all([page.waitForNavigation(), page.click('#flock-add-motivation')]);
  console.log('motivations', await page.locator('.flock-motivation').count(), 'new id', await page.inputValue('#Motivations_1__Id'));
  await page.fill('#Motivations_1__Label', 'Friend 10%, you 300 points');
  await page.fill('#Motivations_1__OfferValue', '10');
  await page.selectOption('#Motivations_1__ReferrerReward_Type', 'Points');
  await page.fill('#Motivations_1__ReferrerReward_Value', '300');
  await Promise.all([page.waitForNavigation(), page.click('#flock-campaign-save-continue')]);
  console.log('after', (await page.textContent('h1.float-left')).replace(/\s+/g, ' ').trim(), JSON.stringify(await page.locator('#flock-campaign-problems li').allTextContents()));
};
module.exports.copy = async ({ page, B }) => {
  await page.goto(B + '/Admin/Flock/Campaigns');
  await page.waitForSelector('#flock-campaigns-grid tbody tr');
  await Promise.all([page.waitForNavigation(), page.locator(`.flock-campaign-action[data-id="${process.env.COPY_ID || 3}"][data-action$="Copy"]`).click()]);
  console.log('copied to', page.url(), (await page.textContent('h1.float-left')).replace(/\s+/g, ' ').trim());
};
module.exports.ledgerShot = async ({ page, shot, B }) => {
  await page.goto(B + '/Admin/Flock/Rewards');
  await page.waitForTimeout(1500);
  await shot('08-rewards-ledger');
};
