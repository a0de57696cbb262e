'use strict';
// Users (add, disable and enable, reset a password, delete) and the audit log with its filters.
(async () => {
  const { el, api } = Vigil;
  let me;
  try {
    me = await Vigil.page('admin.html');
  } catch (e) {
    return;
  }
  /** The audit log's actions, in the order the filter offers them. */
  const ACTIONS = ['user_created', 'user_disabled', 'user_enabled', 'user_deleted', 'password_reset', 'password_changed',
    'token_created', 'token_deleted', 'camera_registered', 'camera_changed', 'camera_deleted', 'alert_acknowledged',
    'alert_resolved'];
  const AUDIT_PAGE = 50;
  const usersBox = document.getElementById('users');
  const usersResult = document.getElementById('users-result');
  const auditBox = document.getElementById('audit');
  const filter = document.getElementById('audit-filter');
  const more = document.getElementById('audit-more');
  let auditOffset = 0;
  /** Counts the log's loads: an answer to an older one (filters since changed) is dropped. */
  let auditLoads = 0;

  const table = (heads, rows) => el('table', {}, el('thead', {}, el('tr', {}, heads.map((h) => el('th', {}, h)))), el('tbody', {}, rows));
  const known = (prefix, code) => (I18n.has(prefix + code) ? t(prefix + code) : code);
  ACTIONS.forEach((a) => filter.elements.action.append(el('option', { value: a }, t('admin.action.' + a))));

  function say(text, isError) {
    usersResult.className = isError ? 'error' : 'ok';
    usersResult.textContent = text;
  }

  /** Runs an admin call on a user, says how it went and redraws the users and the log. */
  async function change(call, done) {
    try {
      await call();
      say(done, false);
    } catch (e) {
      if (e.status !== 401) say(Vigil.errorText(e), true);
    }
    loadUsers();
    loadAudit(false);
  }

  function userRow(u) {
    const self = u.username === me.username;
    const path = '/api/v1/users/' + encodeURIComponent(u.id);
    const actions = el('td', { class: 'actions' });
    if (!self) {
      actions.append(u.disabled
        ? el('button', { class: 'enable', onclick: () => change(() => api(path + '/enable', { method: 'POST' }),
          t('admin.enabled', { user: u.username })) }, t('admin.enable'))
        : el('button', { class: 'disable', onclick: () => change(() => api(path + '/disable', { method: 'POST' }),
          t('admin.disabled', { user: u.username })) }, t('admin.disable')));
    }
    actions.append(el('button', { class: 'reset', onclick: () => resetForm(row, u) }, t('admin.resetPassword')));
    if (!self) {
      actions.append(el('button', {
        class: 'delete', onclick: () => {
          if (!confirm(t('admin.confirmDelete', { user: u.username }))) return;
          change(() => api(path, { method: 'DELETE' }), t('admin.deleted', { user: u.username }));
        },
      }, t('admin.delete')));
    }
    const row = el('tr', { 'data-user': u.username, 'data-disabled': String(u.disabled) },
      el('td', {}, u.username, self ? el('div', { class: 'muted' }, t('admin.you')) : null),
      el('td', {}, t('role.' + u.role)), el('td', {}, u.organisation || ''), el('td', {}, u.sites.join(', ')),
      el('td', {}, el('span', { class: 'badge ' + (u.disabled ? 'disabled' : 'online') },
        t(u.disabled ? 'admin.state.disabled' : 'admin.state.active'))),
      el('td', {}, Vigil.time(u.createdAt)),
      actions);
    return row;
  }

  /** A new password for the user, typed under its row: it is never shown or sent anywhere else. */
  function resetForm(row, u) {
    if (row.nextSibling && row.nextSibling.classList.contains('reset-row')) return;
    const input = el('input', { type: 'password', name: 'new-password', minlength: '12', maxlength: '128',
      autocomplete: 'new-password', placeholder: t('admin.newPasswordHint') });
    const form = el('form', { class: 'toolbar', onsubmit: (ev) => {
      ev.preventDefault();
      change(() => api('/api/v1/users/' + encodeURIComponent(u.id) + '/password', { method: 'POST', body: { password: input.value } }),
        t('admin.passwordReset', { user: u.username }));
    } },
    el('label', {}, t('admin.newPassword', { user: u.username }), input),
    el('button', { class: 'primary', type: 'submit' }, t('admin.savePassword')),
    el('button', { type: 'button', onclick: () => extra.remove() }, t('common.cancel')));
    const extra = el('tr', { class: 'reset-row' }, el('td', { colspan: '7' }, form));
    row.after(extra);
    input.focus();
  }

  async function loadUsers() {
    try {
      const u = await api('/api/v1/users');
      usersBox.replaceChildren(table(['username', 'role', 'organisation', 'sites', 'state', 'created', 'actions']
        .map((h) => t('admin.col.' + h)), u.items.map(userRow)));
    } catch (e) {
      if (e.status !== 401) Vigil.stateBox(usersBox, 'error', e.status === 403 ? t('admin.onlyAdmins') : Vigil.errorText(e));
    }
  }

  function detailText(entry) {
    return Object.entries(entry.detail || {}).map(([k, v]) => known('admin.detail.', k) + ': '
      + (k === 'role' ? known('role.', String(v)) : typeof v === 'object' ? JSON.stringify(v) : String(v))).join(' · ');
  }

  function auditRow(i) {
    return el('tr', { 'data-action': i.action },
      el('td', {}, Vigil.time(i.at)), el('td', {}, i.actor), el('td', {}, known('admin.action.', i.action)),
      el('td', {}, known('admin.target.', i.targetType) + ' ' + (i.targetId || '')),
      el('td', { class: 'muted' }, detailText(i)));
  }

  function auditQuery() {
    const q = new URLSearchParams({ offset: auditOffset, limit: AUDIT_PAGE });
    const f = filter.elements;
    if (f.actor.value.trim()) q.set('actor', f.actor.value.trim());
    if (f.action.value) q.set('action', f.action.value);
    if (f.from.value) q.set('from', new Date(f.from.value).toISOString());
    if (f.to.value) q.set('to', new Date(f.to.value).toISOString());
    return q.toString();
  }

  async function loadAudit(append) {
    if (!append) auditOffset = 0;
    const load = ++auditLoads;
    try {
      const a = await api('/api/v1/audit?' + auditQuery());
      if (load !== auditLoads) return;
      document.getElementById('audit-count').textContent = t('admin.auditCount', { count: I18n.number(a.total) });
      if (!append && a.items.length === 0) {
        Vigil.stateBox(auditBox, 'empty', t('admin.auditEmpty'));
      } else if (!append || !auditBox.querySelector('tbody')) {
        auditBox.replaceChildren(table(['when', 'actor', 'action', 'target', 'detail'].map((h) => t('admin.auditCol.' + h)),
          a.items.map(auditRow)));
      } else {
        auditBox.querySelector('tbody').append(...a.items.map(auditRow));
      }
      auditOffset += a.items.length;
      more.classList.toggle('hidden', auditOffset >= a.total);
    } catch (e) {
      if (e.status !== 401) Vigil.stateBox(auditBox, 'error', e.status === 403 ? t('admin.onlyAdmins') : Vigil.errorText(e));
    }
  }

  filter.addEventListener('submit', (ev) => { ev.preventDefault(); loadAudit(false); });
  filter.addEventListener('reset', () => setTimeout(() => loadAudit(false), 0));
  more.addEventListener('click', () => loadAudit(true));

  document.getElementById('add-user').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    const body = { username: f.get('username'), password: f.get('password'), role: f.get('role') };
    if (f.get('organisation')) body.organisation = f.get('organisation');
    const sites = String(f.get('sites') || '').split('\n').map((s) => s.trim()).filter(Boolean);
    if (sites.length) body.sites = sites;
    const out = document.getElementById('add-result');
    try {
      await api('/api/v1/users', { method: 'POST', body });
      out.className = 'ok'; out.textContent = t('admin.added', { user: body.username });
      ev.target.reset();
      loadUsers();
      loadAudit(false);
    } catch (e) {
      out.className = 'error'; out.textContent = Vigil.errorText(e);
    }
  });
  loadUsers();
  loadAudit(false);
})();
