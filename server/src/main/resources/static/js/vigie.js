/*
 * Vigie console: small progressive enhancements. Every page works without this file; the
 * Content-Security-Policy forbids inline scripts, so behaviour is declared with data-attributes:
 *   form[data-confirm="question"]      asks before submitting;
 *   button[data-copy="#id"][hidden]    shown when the clipboard is usable, copies #id's text;
 *   [data-show-if="field=VALUE"]       shown only while the select #field has that value
 *                                      (or one of several: "field=A,B").
 */
(function () {
  'use strict';

  document.addEventListener('submit', function (event) {
    var question = event.target.getAttribute && event.target.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-copy]');
    if (!button) {
      return;
    }
    var source = document.querySelector(button.getAttribute('data-copy'));
    if (!source || !navigator.clipboard) {
      return;
    }
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      var done = button.getAttribute('data-copied');
      if (done) {
        button.textContent = done;
      }
    });
  });

  function toggle(element) {
    var rule = element.getAttribute('data-show-if').split('=');
    var field = document.getElementById(rule[0]);
    if (field) {
      element.hidden = rule[1].split(',').indexOf(field.value) < 0;
    }
  }

  function enhance(root) {
    root.querySelectorAll('[data-copy][hidden]').forEach(function (button) {
      button.hidden = !navigator.clipboard;
    });
    root.querySelectorAll('[data-show-if]').forEach(function (element) {
      var field = document.getElementById(element.getAttribute('data-show-if').split('=')[0]);
      if (field) {
        field.addEventListener('change', function () { toggle(element); });
        toggle(element);
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () { enhance(document); });
  document.addEventListener('htmx:load', function (event) {
    if (event.detail && event.detail.elt && event.detail.elt !== document.body) {
      enhance(event.detail.elt);
    }
  });
})();
