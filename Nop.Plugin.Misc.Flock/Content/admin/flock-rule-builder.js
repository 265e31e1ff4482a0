/* Flock audience rule builder: groups (all / any / not), conditions and nested groups, field catalog from the engine
   (Flock.Engine.Targeting.TargetingFields.Default, labelled in the admin's language by AudienceBuilderFactory),
   type-appropriate operators and value inputs, and pickers (the store's categories, manufacturers, products, roles,
   stores, countries, languages) for fields whose values are ids or codes. Serialises to the engine's RuleJson shape into
   a hidden field: the state is the rule, the DOM only edits it, so an untouched rule is written back exactly as read.
   No framework; select2 (nopCommerce's admin widget) when the page has it. All text is inserted with textContent. */
(function (window, document) {
  'use strict';

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'className') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }

  function option(value, label, selected) {
    var o = el('option', { value: value, text: label });
    if (selected) o.selected = true;
    return o;
  }

  var OP_LABELS = {
    eq: '=', neq: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤', between: 'between', in: 'is one of', not_in: 'is not one of',
    contains_any: 'contains any of', contains_all: 'contains all of', contains_none: 'contains none of',
    is_set: 'is set', is_not_set: 'is not set', before: 'before', after: 'after'
  };

  // operators whose value a picker offers: one choice, or a list
  var SINGLE_OPS = { eq: true, neq: true };
  var MULTI_OPS = { in: true, not_in: true, contains_any: true, contains_all: true, contains_none: true };

  function select2Available() {
    var $ = window.jQuery;
    return !!($ && $.fn && $.fn.select2);
  }

  // select2 reports changes through jQuery's trigger, which addEventListener does not see
  function onChange(element, handler) {
    if (window.jQuery) window.jQuery(element).on('change', handler);
    else element.addEventListener('change', handler);
  }

  // how the engine compares picker values: ids as numbers, codes trimmed and case-insensitively
  function valueKey(value) { return String(value).trim().toLowerCase(); }

  /* The list after an edit of a multi-select: what stays keeps its place (and its exact spelling), what is new follows
     in the order chosen, so an untouched list is serialised exactly as it was read. */
  function mergeSelection(previous, chosen) {
    var chosenKeys = {};
    chosen.forEach(function (v) { chosenKeys[valueKey(v)] = true; });
    var result = [];
    var seen = {};
    (Array.isArray(previous) ? previous : []).forEach(function (v) {
      var k = valueKey(v);
      if (chosenKeys[k] && !seen[k]) { seen[k] = true; result.push(v); }
    });
    chosen.forEach(function (v) {
      var k = valueKey(v);
      if (!seen[k]) { seen[k] = true; result.push(v); }
    });
    return result;
  }

  function FlockRuleBuilder(root, hidden, catalog, problems, texts, options) {
    this.root = root;
    this.hidden = hidden;
    this.catalog = catalog;
    this.byName = {};
    var self = this;
    catalog.forEach(function (f) { self.byName[f.name] = f; });
    this.texts = texts || {};
    options = options || {};
    this.operatorLabels = options.operators || {};
    this.pickers = options.pickers || {};
    // names of the products a rule mentions: the saved ones from the server, the picked ones as they are picked
    this.productNames = {};
    var product = this.pickers.product;
    ((product && product.known) || []).forEach(function (o) { self.productNames[valueKey(o.value)] = o.text; });
    this.enhancements = [];
    this.problems = (problems || []).filter(function (p) { return p.path === 'audience' || p.path.indexOf('audience.') === 0; })
      .map(function (p) { return { path: p.path === 'audience' ? '' : p.path.substring('audience.'.length), message: p.message }; });
    var state = null;
    if (hidden.value && hidden.value.trim()) {
      try { state = JSON.parse(hidden.value); } catch (e) { state = null; }
    }
    if (!state) state = { match: 'all', conditions: [] };
    if (!state.conditions) state = { match: 'all', conditions: [state] };
    this.state = state;
    this.render();
  }

  FlockRuleBuilder.prototype.t = function (key, fallback) { return this.texts[key] || fallback; };

  FlockRuleBuilder.prototype.render = function () {
    if (select2Available()) {
      window.jQuery(this.root).find('select.flock-rule-picker').each(function () {
        var $select = window.jQuery(this);
        if ($select.data('select2')) $select.select2('destroy');
      });
    }
    this.root.innerHTML = '';
    this.enhancements = [];
    this.root.appendChild(this.renderGroup(this.state, null, '', 0));
    // select2 measures its element, so it is applied once the tree is in the page
    this.enhancements.forEach(function (enhance) { enhance(); });
    this.enhancements = [];
    this.serialise();
  };

  FlockRuleBuilder.prototype.operatorLabel = function (op) { return this.operatorLabels[op] || OP_LABELS[op] || op; };

  FlockRuleBuilder.prototype.serialise = function () {
    this.hidden.value = this.state.conditions.length === 0 && this.state.match === 'all' ? '' : JSON.stringify(this.state);
  };

  FlockRuleBuilder.prototype.problemsFor = function (path) {
    var self = this;
    return this.problems.filter(function (p) {
      if (p.path === path) return true;
      if (p.path.indexOf(path === '' ? '' : path + '.') !== 0) return false;
      var rest = path === '' ? p.path : p.path.substring(path.length + 1);
      // belongs to a deeper node? then that node shows it
      return !/^conditions\[\d+\]/.test(rest) || !self.nodeExists(path === '' ? rest.match(/^conditions\[\d+\]/)[0] : path + '.' + rest.match(/^conditions\[\d+\]/)[0]);
    });
  };

  FlockRuleBuilder.prototype.nodeExists = function (path) {
    var node = this.state;
    var parts = path.match(/conditions\[(\d+)\]/g) || [];
    for (var i = 0; i < parts.length; i++) {
      var idx = parseInt(parts[i].match(/\d+/)[0], 10);
      if (!node.conditions || !node.conditions[idx]) return false;
      node = node.conditions[idx];
    }
    return true;
  };

  FlockRuleBuilder.prototype.errorBox = function (path) {
    var list = this.problemsFor(path);
    if (!list.length) return null;
    var box = el('div', { className: 'flock-rule-error text-danger', 'data-path': 'audience' + (path ? '.' + path : '') });
    list.forEach(function (p) { box.appendChild(el('div', { text: (p.path ? p.path + ': ' : '') + p.message })); });
    return box;
  };

  FlockRuleBuilder.prototype.renderGroup = function (group, parent, path, depth) {
    var self = this;
    var box = el('div', { className: 'flock-rule-group depth-' + Math.min(depth, 3), 'data-path': path });
    var match = el('select', { className: 'form-control form-control-sm flock-rule-match', 'aria-label': 'match' }, [
      option('all', self.t('all', 'ALL of these are true'), group.match === 'all'),
      option('any', self.t('any', 'ANY of these is true'), group.match === 'any'),
      option('not', self.t('not', 'NONE of these is true'), group.match === 'not')
    ]);
    match.addEventListener('change', function () { group.match = match.value; self.serialise(); });
    var head = el('div', { className: 'flock-rule-group-head' }, [match]);
    if (parent) {
      var rm = el('button', { type: 'button', className: 'btn btn-sm btn-outline-danger flock-rule-remove-group', text: self.t('removeGroup', 'Remove group') });
      rm.addEventListener('click', function () { parent.conditions.splice(parent.conditions.indexOf(group), 1); self.problems = []; self.render(); });
      head.appendChild(rm);
    }
    box.appendChild(head);
    var err = this.errorBox(path);
    if (err) box.appendChild(err);
    var list = el('div', { className: 'flock-rule-children' });
    group.conditions.forEach(function (child, i) {
      var childPath = (path ? path + '.' : '') + 'conditions[' + i + ']';
      list.appendChild(child.conditions ? self.renderGroup(child, group, childPath, depth + 1) : self.renderCondition(child, group, childPath));
    });
    if (!group.conditions.length) list.appendChild(el('div', { className: 'text-muted flock-rule-empty', text: self.t('empty', 'No conditions: everyone matches.') }));
    box.appendChild(list);
    var addC = el('button', { type: 'button', className: 'btn btn-sm btn-primary flock-rule-add-condition', text: '+ ' + self.t('addCondition', 'Condition') });
    addC.addEventListener('click', function () {
      var f = self.catalog[0];
      group.conditions.push({ field: f.name, operator: f.operators[0], value: self.defaultValue(f, f.operators[0]) });
      self.render();
    });
    var addG = el('button', { type: 'button', className: 'btn btn-sm btn-default flock-rule-add-group', text: '+ ' + self.t('addGroup', 'Group') });
    addG.addEventListener('click', function () { group.conditions.push({ match: 'any', conditions: [] }); self.render(); });
    box.appendChild(el('div', { className: 'flock-rule-group-actions' }, [addC, addG]));
    if (!parent) {
      box.id = 'flock-rule-root';
      addC.id = 'flock-rule-add-condition';
      addG.id = 'flock-rule-add-group';
      match.id = 'flock-rule-root-match';
    }
    return box;
  };

  FlockRuleBuilder.prototype.defaultValue = function (field, op) {
    if (op === 'is_set' || op === 'is_not_set') return undefined;
    var picker = this.pickerFor(field, op);
    if (picker && !picker.multiple) {
      var first = picker.options.filter(function (o) { return !o.disabled; })[0];
      if (first) return first.value;
    }
    if (field.type === 'Bool') return true;
    if (field.type === 'Enum') return op === 'in' || op === 'not_in' ? [field.allowed[0]] : field.allowed[0];
    if (op === 'between') return field.type === 'Date' ? ['', ''] : [0, 0];
    if (field.type === 'IdSet' || field.type === 'TextSet' || op === 'in' || op === 'not_in') return [];
    if (field.type === 'Number' || field.type === 'Money') return 0;
    return '';
  };

  function parseList(text, numeric) {
    return text.split(',').map(function (s) { return s.trim(); }).filter(function (s) { return s.length; })
      .map(function (s) { return numeric && s !== '' && !isNaN(Number(s)) ? Number(s) : s; });
  }

  FlockRuleBuilder.prototype.renderCondition = function (cond, parent, path) {
    var self = this;
    var field = this.byName[cond.field];
    var row = el('div', { className: 'flock-rule-condition form-inline', 'data-path': path });

    var fieldSel = el('select', { className: 'form-control form-control-sm flock-rule-field', 'aria-label': 'field' });
    if (!field) fieldSel.appendChild(option(cond.field, cond.field + ' (?)', true));
    var group = null, groupLabel = null;
    this.catalog.forEach(function (f) {
      var o = option(f.name, f.label || f.name, f === field);
      o.title = f.name;
      if (!f.group) { group = groupLabel = null; fieldSel.appendChild(o); return; }
      if (groupLabel !== f.group) { groupLabel = f.group; group = el('optgroup', { label: f.group }); fieldSel.appendChild(group); }
      group.appendChild(o);
    });
    fieldSel.title = field ? field.name : '';
    fieldSel.addEventListener('change', function () {
      var f = self.byName[fieldSel.value];
      cond.field = f.name;
      cond.operator = f.operators[0];
      cond.value = self.defaultValue(f, cond.operator);
      self.render();
    });
    row.appendChild(fieldSel);

    var ops = field ? field.operators : [cond.operator];
    var opSel = el('select', { className: 'form-control form-control-sm flock-rule-operator', 'aria-label': 'operator' });
    ops.forEach(function (o) { opSel.appendChild(option(o, self.operatorLabel(o), o === cond.operator)); });
    opSel.addEventListener('change', function () {
      cond.operator = opSel.value;
      cond.value = self.defaultValue(field, cond.operator);
      self.render();
    });
    row.appendChild(opSel);

    if (field) row.appendChild(this.valueInput(field, cond));

    var rm = el('button', { type: 'button', className: 'btn btn-sm btn-outline-danger flock-rule-remove', title: self.t('remove', 'Remove'), text: '×' });
    rm.addEventListener('click', function () { parent.conditions.splice(parent.conditions.indexOf(cond), 1); self.problems = []; self.render(); });
    row.appendChild(rm);
    if (field) row.appendChild(el('small', { className: 'text-muted flock-rule-hint', text: field.description }));
    var err = this.errorBox(path);
    var wrap = el('div', { className: 'flock-rule-condition-wrap' + (err ? ' has-error' : '') }, [row]);
    if (err) wrap.appendChild(err);
    return wrap;
  };

  FlockRuleBuilder.prototype.valueInput = function (field, cond) {
    var self = this;
    var op = cond.operator;
    var box = el('span', { className: 'flock-rule-value' });
    if (op === 'is_set' || op === 'is_not_set') { delete cond.value; return box; }
    var numeric = field.type === 'Number' || field.type === 'Money' || field.type === 'IdSet';
    var inputType = field.type === 'Date' ? 'date' : (field.type === 'Number' || field.type === 'Money') ? 'number' : 'text';

    function single(value, onChange) {
      var i = el('input', { type: inputType, className: 'form-control form-control-sm flock-rule-input' });
      if (inputType === 'number') i.step = field.type === 'Money' ? '0.01' : 'any';
      i.value = value === undefined || value === null ? '' : value;
      i.addEventListener('change', function () {
        onChange(inputType === 'number' ? (i.value === '' ? null : Number(i.value)) : i.value);
        self.serialise();
      });
      return i;
    }

    if (op === 'between') {
      if (!Array.isArray(cond.value)) cond.value = self.defaultValue(field, op);
      box.appendChild(single(cond.value[0], function (v) { cond.value[0] = v; }));
      box.appendChild(el('span', { className: 'flock-rule-and', text: ' – ' }));
      box.appendChild(single(cond.value[1], function (v) { cond.value[1] = v; }));
      return box;
    }

    var picker = this.pickerFor(field, op);
    if (picker) {
      box.appendChild(this.pickerInput(field, cond, picker));
      return box;
    }

    if (field.type === 'Enum') {
      var multi = op === 'in' || op === 'not_in';
      var sel = el('select', { className: 'form-control form-control-sm flock-rule-input' });
      if (multi) { sel.multiple = true; sel.size = Math.min(4, field.allowed.length); }
      var current = multi ? (Array.isArray(cond.value) ? cond.value : []) : [cond.value];
      var labels = field.allowedLabels || [];
      field.allowed.forEach(function (a, i) { sel.appendChild(option(a, labels[i] || a, current.indexOf(a) >= 0)); });
      sel.addEventListener('change', function () {
        var chosen = Array.prototype.filter.call(sel.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
        cond.value = multi ? chosen : chosen[0];
        self.serialise();
      });
      box.appendChild(sel);
      return box;
    }

    if (field.type === 'Bool') {
      var b = el('select', { className: 'form-control form-control-sm flock-rule-input' }, [
        option('true', self.t('yes', 'yes'), cond.value === true), option('false', self.t('no', 'no'), cond.value === false)]);
      b.addEventListener('change', function () { cond.value = b.value === 'true'; self.serialise(); });
      box.appendChild(b);
      return box;
    }

    if (field.type === 'IdSet' || field.type === 'TextSet' || op === 'in' || op === 'not_in') {
      var list = el('input', { type: 'text', className: 'form-control form-control-sm flock-rule-input flock-rule-list',
        placeholder: field.type === 'IdSet' ? self.t('idsHint', 'ids, comma separated: 12, 15') : self.t('listHint', 'values, comma separated') });
      list.value = Array.isArray(cond.value) ? cond.value.join(', ') : '';
      list.addEventListener('change', function () { cond.value = parseList(list.value, numeric); self.serialise(); });
      box.appendChild(list);
      return box;
    }

    box.appendChild(single(cond.value, function (v) { cond.value = v; }));
    return box;
  };

  /* The picker of a field under an operator, or null for a typed value: eq / neq choose one, list operators choose
     many; ranges and comparisons (store.id > 1) stay typed. The product picker searches, so it needs select2. */
  FlockRuleBuilder.prototype.pickerFor = function (field, op) {
    var def = field && field.picker ? this.pickers[field.picker] : null;
    if (!def) return null;
    var multiple = !!MULTI_OPS[op];
    if (!multiple && !SINGLE_OPS[op]) return null;
    var searched = field.picker === 'product';
    if (searched && !(def.search && select2Available())) return null;
    return { kind: field.picker, multiple: multiple, searched: searched, search: def.search, options: searched ? [] : (def.options || []) };
  };

  FlockRuleBuilder.prototype.pickerInput = function (field, cond, picker) {
    var self = this;
    var numeric = field.type === 'IdSet' || field.type === 'Number' || field.type === 'Money';
    // read only: an invalid value (a single id where a list belongs) stays as it is for the engine to report
    var current = Array.isArray(cond.value) && picker.multiple ? cond.value : (cond.value === undefined || cond.value === null ? [] : [cond.value]);
    var currentKeys = {};
    current.forEach(function (v) { currentKeys[valueKey(v)] = true; });

    var sel = el('select', { className: 'form-control form-control-sm flock-rule-input flock-rule-picker', 'data-picker': picker.kind, 'aria-label': 'value' });
    if (picker.multiple) sel.multiple = true;
    var listed = {};
    picker.options.forEach(function (o) {
      var k = valueKey(o.value);
      listed[k] = true;
      var opt = option(String(o.value), o.text, !!currentKeys[k]);
      if (o.disabled) opt.disabled = true;
      sel.appendChild(opt);
    });
    // what the rule holds but the store does not list (a deleted category, a product not loaded): kept, shown by value
    current.forEach(function (v) {
      var k = valueKey(v);
      if (listed[k]) return;
      listed[k] = true;
      var name = picker.searched ? self.productNames[k] : null;
      sel.appendChild(option(String(v), name || ((numeric ? '#' : '') + v + ' (' + self.t('pickerNotFound', 'not found') + ')'), true));
    });
    if (!picker.multiple && !current.length) sel.selectedIndex = -1;
    if (!select2Available() && picker.multiple) sel.size = Math.min(6, Math.max(2, sel.options.length));

    onChange(sel, function () {
      var chosen = Array.prototype.filter.call(sel.options, function (o) { return o.selected; }).map(function (o) {
        if (picker.searched) self.productNames[valueKey(o.value)] = o.textContent;
        return numeric ? Number(o.value) : o.value;
      });
      if (picker.multiple) cond.value = mergeSelection(cond.value, chosen);
      else if (chosen.length) cond.value = current.length && valueKey(current[0]) === valueKey(chosen[0]) ? current[0] : chosen[0];
      current = picker.multiple ? cond.value : [cond.value];
      self.serialise();
    });

    if (select2Available()) {
      this.enhancements.push(function () {
        var settings = {
          width: '100%',
          closeOnSelect: !picker.multiple,
          placeholder: picker.searched ? self.t('pickerSearch', 'Type a product name…') : self.t('pickerChoose', 'Choose…'),
          dropdownCssClass: 'select2-blue'
        };
        if (picker.searched) {
          settings.ajax = {
            url: picker.search,
            dataType: 'json',
            delay: 250,
            cache: true,
            data: function (params) { return { q: params.term || '', page: params.page || 1 }; }
          };
        }
        window.jQuery(sel).select2(settings);
      });
    }
    return el('span', { className: 'flock-rule-picker-box select2-blue' }, [sel]);
  };

  FlockRuleBuilder.mergeSelection = mergeSelection;
  window.FlockRuleBuilder = FlockRuleBuilder;
})(window, document);
