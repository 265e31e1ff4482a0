/* Flock share block: copy buttons, native share sheet, share-click analytics. No dependencies. */
(function () {
  'use strict';

  function track(block, channel) {
    var url = block.getAttribute('data-flock-event-url');
    var token = block.querySelector('input[name="__RequestVerificationToken"]');
    if (!url || !token || !window.fetch) return;
    var body = new URLSearchParams();
    body.append('channel', channel);
    body.append('campaignId', block.getAttribute('data-flock-campaign') || '0');
    body.append('variant', block.getAttribute('data-flock-variant') || '');
    body.append('__RequestVerificationToken', token.value);
    fetch(url, { method: 'POST', body: body, credentials: 'same-origin', keepalive: true }).catch(function () { });
  }

  function copy(text, button, block) {
    var done = function () {
      var label = button.textContent;
      button.textContent = block.getAttribute('data-flock-copied') || 'Copied';
      setTimeout(function () { button.textContent = label; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else {
      fallback(text); done();
    }
  }

  function fallback(text) {
    var area = document.createElement('textarea');
    area.value = text; area.setAttribute('readonly', ''); area.style.position = 'fixed'; area.style.opacity = '0';
    document.body.appendChild(area); area.select();
    try { document.execCommand('copy'); } catch (e) { }
    document.body.removeChild(area);
  }

  function bind(block) {
    if (block.hasAttribute('data-flock-bound')) return;
    block.setAttribute('data-flock-bound', '');
    if (navigator.share) {
      block.querySelectorAll('.flock-native').forEach(function (item) { item.hidden = false; });
    }
    block.addEventListener('click', function (e) {
      var el = e.target.closest('[data-flock-channel]');
      if (!el || !block.contains(el)) return;
      var channel = el.getAttribute('data-flock-channel');
      if (el.hasAttribute('data-flock-copy')) {
        e.preventDefault();
        copy(el.getAttribute('data-flock-copy'), el, block);
      } else if (el.hasAttribute('data-flock-native-url')) {
        e.preventDefault();
        navigator.share({
          title: el.getAttribute('data-flock-native-title') || document.title,
          text: el.getAttribute('data-flock-native-text') || '',
          url: el.getAttribute('data-flock-native-url')
        }).catch(function () { });
      }
      track(block, channel);
    });
  }

  // a block still being prepared when the page was rendered: fetched into its placeholder (204: nothing to show)
  function load(placeholder) {
    if (!window.fetch) return;
    fetch(placeholder.getAttribute('data-flock-pending'), { credentials: 'same-origin', headers: { 'X-Requested-With': 'XMLHttpRequest' } })
      .then(function (response) { return response.status === 200 ? response.text() : ''; })
      .then(function (html) {
        if (!html) { placeholder.remove(); return; }
        var holder = document.createElement('div');
        holder.innerHTML = html;
        placeholder.replaceWith.apply(placeholder, Array.prototype.slice.call(holder.childNodes));
        document.querySelectorAll('.flock-share').forEach(bind);
      })
      .catch(function () { });
  }

  document.querySelectorAll('.flock-share').forEach(bind);
  document.querySelectorAll('[data-flock-pending]').forEach(load);
})();

/* Flock recommendation blocks: a click on a recommended product, or putting one in the cart, is told to the store once. */
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    var box = event.target.closest && event.target.closest('.flock-recommendations [data-flock-product]');
    if (!box || !window.fetch) return;
    var block = box.closest('.flock-recommendations');
    // a link to the product; putting it in the cart is counted by the store itself, when the cart line is really added
    var kind = event.target.closest('a') ? 'click' : null;
    var url = block.getAttribute('data-flock-event-url');
    var token = block.querySelector('input[name="__RequestVerificationToken"]');
    if (!kind || !url || !token) return;
    var body = new URLSearchParams();
    body.append('place', block.getAttribute('data-flock-place') || '');
    body.append('productId', box.getAttribute('data-flock-product') || '0');
    body.append('kind', kind);
    body.append('__RequestVerificationToken', token.value);
    fetch(url, { method: 'POST', body: body, credentials: 'same-origin', keepalive: true }).catch(function () { });
  }, true);
})();
