/* Flock campaign editor helpers: ordered lists (up/down), reward-type field toggles, token picker, live preview. */
(function ($) {
  'use strict';

  // up / down buttons move the <li>; checked boxes are posted in DOM order, so the order is the display order
  $(document).on('click', '.flock-move-up, .flock-move-down', function () {
    var li = $(this).closest('li');
    if ($(this).hasClass('flock-move-up')) li.prev().before(li); else li.next().after(li);
  });

  function toggleReward(select) {
    var box = $(select).closest('.flock-reward');
    var type = $(select).val();
    box.find('[data-for-type]').each(function () {
      $(this).toggle(($(this).data('for-type') + '').split(' ').indexOf(type) >= 0);
    });
  }
  $(document).on('change', '.flock-reward-type', function () { toggleReward(this); });
  $(document).on('change', '.flock-friend-reward-toggle', function () {
    $(this).closest('.flock-motivation').find('.flock-friend-reward').toggle(this.checked);
  });

  // token picker: inserts {{ token }} at the cursor of the last focused template textarea
  var lastTemplate = null;
  $(document).on('focus', 'textarea.flock-template', function () { lastTemplate = this; });
  $(document).on('change', '.flock-token-picker', function () {
    var snippet = $(this).val();
    var target = lastTemplate || $(this).closest('.flock-text').find('textarea.flock-template').get(0);
    if (snippet && target) {
      var start = target.selectionStart || 0, end = target.selectionEnd || 0;
      target.value = target.value.substring(0, start) + snippet + target.value.substring(end);
      target.focus();
      target.selectionStart = target.selectionEnd = start + snippet.length;
    }
    $(this).val('');
  });

  // live preview: posts the whole form to the engine renderer. The HTML returned (JSON field `html`, already escaped and
  // sanitized by the engine) is NEVER inserted into this admin page: it is shown in an <iframe sandbox=""> through srcdoc
  // (no allow-scripts, no allow-same-origin: an opaque origin without this admin's session), with the storefront CSS.
  function escapeAttr(s) {
    return String(s == null ? '' : s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }
  function previewDocument(frame, r) {
    var cssUrl = new URL(frame.data('css-url') || '/Plugins/Misc.Flock/Content/flock.css', document.baseURI).href;
    var doc = '<!DOCTYPE html><html><head><meta charset="utf-8">'
      + '<meta http-equiv="Content-Security-Policy" content="script-src \'none\'; object-src \'none\'; base-uri \'none\'; form-action \'none\'">'
      + '<link rel="stylesheet" href="' + escapeAttr(cssUrl) + '">'
      + '<style>body{margin:0;padding:8px;font-family:sans-serif;font-size:14px}</style>';
    // custom CSS stays CSS: a "</style>" in it cannot close the element (and even then: no script runs in the sandbox)
    if (r.css) doc += '<style>' + String(r.css).replace(/<\//g, '<\\/') + '</style>';
    doc += '</head><body><section class="flock-share">';
    if (r.imageUrl) doc += '<img class="flock-share__image" alt="" src="' + escapeAttr(r.imageUrl) + '">';
    doc += (r.html || '') + '</section></body></html>';
    return doc;
  }

  $(document).on('click', '.flock-preview-button', function () {
    var form = $(this).closest('form');
    var pane = $('#flock-preview-pane');
    var problems = $('#flock-preview-problems');
    var data = form.serializeArray();
    data.push({ name: 'previewMotivation', value: $('#flock-preview-motivation').val() || 0 });
    data.push({ name: 'previewText', value: $(this).data('text-index') !== undefined ? $(this).data('text-index') : ($('#flock-preview-text').val() || 0) });
    data.push({ name: 'previewLanguage', value: $('#flock-preview-language').val() || 'en' });
    problems.empty();
    pane.addClass('loading');
    $.ajax({ url: form.data('preview-url'), type: 'POST', data: $.param(data), dataType: 'json' })
      .done(function (r) {
        pane.removeClass('loading');
        var frame = $('#flock-preview-widget');
        frame.attr('sandbox', ''); // re-asserted before every load: never scripts, never this origin
        frame.attr('srcdoc', previewDocument(frame, r)).prop('hidden', false);
        $('#flock-preview-hint').prop('hidden', true);
        $('#flock-preview-share').text(r.shareMessage || '');
        (r.problems || []).forEach(function (p) { $('<li>').text(p).appendTo(problems); });
        $('#flock-preview-status').text(r.ok ? (r.usedFallback ? 'fallback' : 'ok') : 'invalid').attr('data-status', r.ok ? 'ok' : 'invalid');
      })
      .fail(function (x) {
        pane.removeClass('loading');
        $('<li>').text('HTTP ' + x.status).appendTo(problems);
      });
  });

  $(function () {
    $('.flock-reward-type').each(function () { toggleReward(this); });
    $('.flock-friend-reward-toggle').each(function () { $(this).closest('.flock-motivation').find('.flock-friend-reward').toggle(this.checked); });
  });
})(jQuery);
