// The audience rule builder without a browser: node --test Nop.Plugin.Misc.Flock.Tests/js/
// A minimal DOM (just what the builder uses) runs the real script; select2 is absent here, so the static pickers are
// plain <select> elements and the product picker falls back to typed ids (e2e/rule-builder-pickers.mjs runs select2).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

class Element {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.children = [];
    this.parent = null;
    this.attributes = {};
    this.listeners = {};
    this.textContent = '';
    this.className = '';
    this.selected = false;
    this.disabled = false;
    this.multiple = false;
    this._value = '';
  }
  appendChild(child) { child.parent = this; this.children.push(child); return child; }
  setAttribute(name, value) { this.attributes[name] = String(value); if (name === 'value') this._value = String(value); }
  getAttribute(name) { return this.attributes[name]; }
  addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); }
  dispatch(type) { (this.listeners[type] || []).forEach(fn => fn({ target: this })); }
  set innerHTML(html) { assert.equal(html, ''); this.children = []; }
  get options() { return this.tagName === 'SELECT' ? this.findAll(e => e.tagName === 'OPTION') : undefined; }
  get value() {
    if (this.tagName === 'OPTION') return this._value;
    if (this.tagName !== 'SELECT') return this._value;
    const chosen = this.options.find(o => o.selected) || (this.multiple ? null : this.options[0]);
    return chosen ? chosen.value : '';
  }
  set value(v) {
    if (this.tagName === 'SELECT') this.options.forEach(o => { o.selected = o.value === String(v); });
    else this._value = String(v);
  }
  set selectedIndex(i) { this.options.forEach((o, j) => { o.selected = j === i; }); }
  findAll(predicate, found = []) {
    this.children.forEach(c => { if (predicate(c)) found.push(c); c.findAll(predicate, found); });
    return found;
  }
  byClass(name) { return this.findAll(e => (' ' + e.className + ' ').includes(' ' + name + ' ')); }
}

const source = fs.readFileSync(path.join(__dirname, '../../Nop.Plugin.Misc.Flock/Content/admin/flock-rule-builder.js'), 'utf8');

function loadBuilder() {
  const window = {};
  const document = { createElement: tag => new Element(tag) };
  vm.runInNewContext(source, { window, document });
  return window.FlockRuleBuilder;
}

const catalog = [
  { name: 'order.total', type: 'Money', label: 'Order total', group: 'Order', description: 'Total of the order.', operators: ['eq', 'gte', 'between'], allowed: [] },
  { name: 'order.product_ids', type: 'IdSet', label: 'Products in the order', group: 'Order', description: 'Products.', operators: ['contains_any', 'contains_all', 'contains_none', 'is_set', 'is_not_set'], allowed: [], picker: 'product' },
  { name: 'order.category_ids', type: 'IdSet', label: 'Categories in the order', group: 'Order', description: 'Categories.', operators: ['contains_any', 'contains_all', 'contains_none', 'is_set', 'is_not_set'], allowed: [], picker: 'category' },
  { name: 'customer.gender', type: 'Enum', label: 'Gender', group: 'Customer', description: 'Gender.', operators: ['eq', 'neq', 'in', 'not_in'], allowed: ['female', 'male', 'unknown'], allowedLabels: ['женский', 'мужской', 'не указан'] },
  { name: 'customer.country', type: 'Text', label: 'Country', group: 'Customer', description: 'Country.', operators: ['eq', 'neq', 'in', 'not_in', 'is_set', 'is_not_set'], allowed: [], picker: 'country' },
  { name: 'customer.roles', type: 'TextSet', label: 'Customer roles', group: 'Customer', description: 'Roles.', operators: ['contains_any', 'contains_all', 'contains_none'], allowed: [], picker: 'role' },
  { name: 'customer.rfm_segment', type: 'Text', label: 'RFM segment', group: 'Customer', description: 'RFM.', operators: ['eq', 'neq', 'in', 'not_in', 'is_set', 'is_not_set'], allowed: [] },
  { name: 'store.id', type: 'Number', label: 'Store', group: 'Store', description: 'Store.', operators: ['eq', 'neq', 'gt', 'in', 'not_in'], allowed: [], picker: 'store' },
];
const pickers = {
  product: { known: [{ value: 4, text: 'Apple MacBook Pro' }] },
  category: { options: [{ value: 1, text: 'Computers' }, { value: 2, text: 'Computers >> Desktops' }, { value: 3, text: 'Computers >> Notebooks' }] },
  country: { options: [{ value: 'US', text: 'United States (US)' }, { value: 'RU', text: 'Russia (RU)' }] },
  role: { options: [{ value: 'Registered', text: 'Registered' }, { value: 'Vip', text: 'VIP (Vip)' }, { value: '#9', text: 'Wholesale (no system name)', disabled: true }] },
  store: { options: [{ value: 1, text: 'Main store' }, { value: 2, text: 'Outlet' }] },
};
const operators = { eq: '=', gte: '≥', between: 'между', contains_any: 'содержит любое из', contains_all: 'содержит все из', contains_none: 'не содержит ни одного из', in: 'одно из' };

function build(rule, options = { operators, pickers }) {
  const FlockRuleBuilder = loadBuilder();
  const root = new Element('div');
  const hidden = new Element('input');
  hidden.value = rule === undefined ? '' : JSON.stringify(rule);
  const builder = new FlockRuleBuilder(root, hidden, catalog, [], { pickerNotFound: 'не найдено' }, options);
  const conditions = () => root.byClass('flock-rule-condition');
  return { builder, root, hidden, conditions, rule: () => (hidden.value ? JSON.parse(hidden.value) : null) };
}

const saved = {
  match: 'all',
  conditions: [
    { field: 'order.category_ids', operator: 'contains_any', value: [3, 1, 99] },
    { field: 'customer.country', operator: 'in', value: ['ru', 'US'] },
    { field: 'order.product_ids', operator: 'contains_all', value: [4, 7] },
    { match: 'any', conditions: [{ field: 'store.id', operator: 'eq', value: 2 }, { field: 'customer.roles', operator: 'contains_none', value: ['Vip'] }] },
    { field: 'customer.rfm_segment', operator: 'eq', value: 'best' },
  ],
};

test('a saved rule is written back unchanged, key for key and in its order', () => {
  const { hidden } = build(saved);
  assert.equal(hidden.value, JSON.stringify(saved));
});

test('fields show their labels in groups; the stored value is the engine key', () => {
  const { conditions } = build(saved);
  const fieldSelect = conditions()[0].byClass('flock-rule-field')[0];
  const groups = fieldSelect.children.map(g => g.attributes.label);
  assert.deepEqual(groups, ['Order', 'Customer', 'Store']);
  const chosen = fieldSelect.options.find(o => o.selected);
  assert.equal(chosen.textContent, 'Categories in the order');
  assert.equal(chosen.value, 'order.category_ids');
  assert.equal(conditions()[0].byClass('flock-rule-operator')[0].options.find(o => o.selected).textContent, 'содержит любое из');
});

test('category ids show as names; an id the store does not list is kept and marked', () => {
  const { conditions } = build(saved);
  const picker = conditions()[0].byClass('flock-rule-picker')[0];
  assert.equal(picker.multiple, true);
  assert.deepEqual(picker.options.filter(o => o.selected).map(o => o.textContent), ['Computers', 'Computers >> Notebooks', '#99 (не найдено)']);
});

test('codes match case-insensitively as the engine compares them, and keep their spelling until changed', () => {
  const { conditions, rule } = build(saved);
  const picker = conditions()[1].byClass('flock-rule-picker')[0];
  assert.deepEqual(picker.options.filter(o => o.selected).map(o => o.value), ['US', 'RU']);
  picker.dispatch('change');
  assert.deepEqual(rule().conditions[1].value, ['ru', 'US']);
});

test('picking more keeps the chosen order and adds the new ids as numbers', () => {
  const { conditions, rule } = build(saved);
  const picker = conditions()[0].byClass('flock-rule-picker')[0];
  picker.options.find(o => o.value === '2').selected = true;
  picker.options.find(o => o.value === '1').selected = false;
  picker.dispatch('change');
  assert.deepEqual(rule().conditions[0].value, [3, 99, 2]);
});

test('a single choice stores the typed value of the option (store ids are numbers)', () => {
  const { root, rule } = build(saved);
  const store = root.findAll(e => e.attributes['data-picker'] === 'store')[0];
  assert.equal(store.multiple, false);
  assert.equal(store.options.find(o => o.selected).textContent, 'Outlet');
  store.value = '1';
  store.dispatch('change');
  assert.strictEqual(rule().conditions[3].conditions[0].value, 1);
});

test('a role without a system name is listed but cannot be chosen', () => {
  const { root } = build(saved);
  const roles = root.findAll(e => e.attributes['data-picker'] === 'role')[0];
  const wholesale = roles.options.find(o => o.textContent.startsWith('Wholesale'));
  assert.equal(wholesale.disabled, true);
  assert.deepEqual(roles.options.filter(o => o.selected).map(o => o.value), ['Vip']);
});

test('without select2 the product field falls back to typed ids', () => {
  const { conditions, rule } = build(saved);
  const list = conditions()[2].byClass('flock-rule-list')[0];
  assert.equal(list.value, '4, 7');
  list.value = '4, 7, 12';
  list.dispatch('change');
  assert.deepEqual(rule().conditions[2].value, [4, 7, 12]);
});

test('comparisons on a picked field stay typed (store.id > 1)', () => {
  const { conditions, rule } = build({ match: 'all', conditions: [{ field: 'store.id', operator: 'gt', value: 1 }] });
  const row = conditions()[0];
  assert.equal(row.byClass('flock-rule-picker').length, 0);
  assert.equal(row.byClass('flock-rule-input')[0].value, '1');
  assert.deepEqual(rule().conditions[0], { field: 'store.id', operator: 'gt', value: 1 });
});

test('choosing a picked field starts from a valid value: the first option, or an empty list', () => {
  const { conditions, rule } = build({ match: 'all', conditions: [{ field: 'order.total', operator: 'gte', value: 100 }] });
  const fieldSelect = conditions()[0].byClass('flock-rule-field')[0];
  fieldSelect.value = 'store.id';
  fieldSelect.dispatch('change');
  assert.deepEqual(rule().conditions[0], { field: 'store.id', operator: 'eq', value: 1 });
  const again = conditions()[0].byClass('flock-rule-field')[0];
  again.value = 'order.category_ids';
  again.dispatch('change');
  assert.deepEqual(rule().conditions[0], { field: 'order.category_ids', operator: 'contains_any', value: [] });
});

test('enum values show their labels and store the engine names', () => {
  const { conditions, rule } = build({ match: 'all', conditions: [{ field: 'customer.gender', operator: 'eq', value: 'male' }] });
  const input = conditions()[0].byClass('flock-rule-input')[0];
  assert.deepEqual(input.options.map(o => o.textContent), ['женский', 'мужской', 'не указан']);
  input.value = 'female';
  input.dispatch('change');
  assert.equal(rule().conditions[0].value, 'female');
});

test('an older catalog (no labels, no pickers, no options) still renders and edits', () => {
  const FlockRuleBuilder = loadBuilder();
  const root = new Element('div');
  const hidden = new Element('input');
  hidden.value = JSON.stringify(saved);
  const bare = catalog.map(f => ({ name: f.name, type: f.type, description: f.description, operators: f.operators, allowed: f.allowed }));
  new FlockRuleBuilder(root, hidden, bare, [], {});
  assert.equal(hidden.value, JSON.stringify(saved));
  assert.equal(root.byClass('flock-rule-picker').length, 0);
  assert.equal(root.byClass('flock-rule-field')[0].options.find(o => o.selected).textContent, 'order.category_ids');
});

test('mergeSelection keeps survivors in place and appends the new', () => {
  const FlockRuleBuilder = loadBuilder();
  const merge = (previous, chosen) => JSON.parse(JSON.stringify(FlockRuleBuilder.mergeSelection(previous, chosen)));
  assert.deepEqual(merge([5, 2, 9], [2, 9, 5]), [5, 2, 9]);
  assert.deepEqual(merge([5, 2, 9], [9, 1]), [9, 1]);
  assert.deepEqual(merge(['ru'], ['RU', 'US']), ['ru', 'US']);
  assert.deepEqual(merge(undefined, [3, 3]), [3]);
});

test('an invalid value is left for the engine to report, not rewritten by the picker', () => {
  const invalid = { match: 'all', conditions: [{ field: 'order.category_ids', operator: 'contains_any', value: 2 }] };
  const { hidden, conditions } = build(invalid);
  assert.equal(hidden.value, JSON.stringify(invalid));
  assert.deepEqual(conditions()[0].byClass('flock-rule-picker')[0].options.filter(o => o.selected).map(o => o.textContent), ['Computers >> Desktops']);
});
