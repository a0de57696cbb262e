// Vietnamese and English for every page. Loaded first on each page; the messages of one language live
// in i18n/<lang>.json (flat keys), nothing is fetched from elsewhere. Vietnamese is the default: the
// operations centre reads it first, and English follows only where the operator or the browser asks.
'use strict';

const I18n = (() => {
  const LANGUAGES = ['vi', 'en'];
  const STORAGE_KEY = 'vigil.lang';

  /** The operator's switch (remembered here and per user by the server), then the browser's languages. */
  function choose() {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (LANGUAGES.includes(saved)) return saved;
    for (const l of navigator.languages || [navigator.language || '']) {
      const base = String(l).toLowerCase().split('-')[0];
      if (LANGUAGES.includes(base)) return base;
    }
    return 'vi';
  }

  const lang = choose();
  let messages = {};
  document.documentElement.lang = lang;
  document.documentElement.classList.add('i18n-pending');

  /** The message for key with {name} placeholders filled; a missing key shows as itself, so a test sees it. */
  function t(key, params) {
    const m = Object.prototype.hasOwnProperty.call(messages, key) ? messages[key] : key;
    if (!params) return m;
    return m.replace(/\{(\w+)\}/g, (all, name) => (params[name] === undefined ? all : String(params[name])));
  }

  function has(key) {
    return Object.prototype.hasOwnProperty.call(messages, key);
  }

  /** Fills data-i18n (text), data-i18n-title, data-i18n-placeholder and data-i18n-aria-label under root. */
  function apply(root) {
    const scope = root || document;
    for (const e of scope.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
    for (const e of scope.querySelectorAll('[data-i18n-title]')) e.title = t(e.dataset.i18nTitle);
    for (const e of scope.querySelectorAll('[data-i18n-placeholder]')) e.placeholder = t(e.dataset.i18nPlaceholder);
    for (const e of scope.querySelectorAll('[data-i18n-aria-label]')) e.setAttribute('aria-label', t(e.dataset.i18nAriaLabel));
  }

  const ready = fetch('i18n/' + lang + '.json', { credentials: 'same-origin' })
    .then((r) => (r.ok ? r.json() : {}))
    .catch(() => ({}))
    .then((m) => {
      messages = m;
      const whenParsed = () => {
        apply(document);
        document.documentElement.classList.remove('i18n-pending');
      };
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', whenParsed, { once: true });
      else whenParsed();
    });

  const locale = () => (lang === 'vi' ? 'vi-VN' : 'en-GB');

  function toDate(value) {
    return value instanceof Date ? value : new Date(value);
  }

  /**
   * Day first and 24 h in both languages: "12/3/2026, 8:02 PM" reads as 12 March to a Vietnamese
   * operator. vi: 03/12/2026 20:02; en: 3 Dec 2026, 20:02.
   */
  function dateTime(value, withSeconds) {
    if (value === null || value === undefined || value === '') return '';
    const d = toDate(value);
    const p = (n) => String(n).padStart(2, '0');
    const clock = p(d.getHours()) + ':' + p(d.getMinutes()) + (withSeconds ? ':' + p(d.getSeconds()) : '');
    if (lang === 'vi') return p(d.getDate()) + '/' + p(d.getMonth() + 1) + '/' + d.getFullYear() + ' ' + clock;
    return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }) + ', ' + clock;
  }

  function time(value, withSeconds) {
    if (value === null || value === undefined || value === '') return '';
    const d = toDate(value);
    const p = (n) => String(n).padStart(2, '0');
    return p(d.getHours()) + ':' + p(d.getMinutes()) + (withSeconds ? ':' + p(d.getSeconds()) : '');
  }

  function number(n, fractionDigits) {
    const digits = fractionDigits === undefined ? {} : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits };
    return new Intl.NumberFormat(locale(), digits).format(n);
  }

  /** Remembers the choice in this browser, for the next page drawn. */
  function remember(next) {
    if (LANGUAGES.includes(next)) localStorage.setItem(STORAGE_KEY, next);
  }

  /** Remembers the choice in this browser; the page reloads so every text is drawn in the new language. */
  function switchTo(next) {
    if (!LANGUAGES.includes(next) || next === lang) return;
    remember(next);
    location.reload();
  }

  return { lang, languages: LANGUAGES, ready, t, has, apply, dateTime, time, number, locale, remember, switchTo };
})();
const t = I18n.t;
