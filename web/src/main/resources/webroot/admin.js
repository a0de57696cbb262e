'use strict';
(async () => {
  const { el, api } = Vigil;
  try {
    await Vigil.page('admin.html');
  } catch (e) {
    return;
  }
  const table = (heads, rows) => el('table', {}, el('thead', {}, el('tr', {}, heads.map((h) => el('th', {}, h)))), el('tbody', {}, rows));
  async function load() {
    const audit = document.getElementById('audit');
    const users = document.getElementById('users');
    try {
      const a = await api('/api/v1/audit?limit=200');
      if (a.items.length === 0) Vigil.stateBox(audit, 'empty', 'Nothing has been changed yet.');
      else audit.replaceChildren(table(['When', 'Who', 'What', 'Target', 'Detail'], a.items.map((i) => el('tr', {},
        el('td', {}, Vigil.time(i.at)), el('td', {}, i.actor), el('td', {}, i.action.replace('_', ' ')),
        el('td', {}, i.targetType + ' ' + i.targetId), el('td', { class: 'muted' }, JSON.stringify(i.detail))))));
      const u = await api('/api/v1/users');
      users.replaceChildren(table(['User', 'Role', 'Organisation', 'Sites'], u.items.map((i) => el('tr', {},
        el('td', {}, i.username), el('td', {}, i.role), el('td', {}, i.organisation || ''), el('td', {}, i.sites.join(', '))))));
    } catch (e) {
      if (e.status !== 401) Vigil.stateBox(audit, 'error', e.status === 403 ? 'Only administrators see this page.' : e.message);
    }
  }
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
      out.className = ''; out.textContent = 'Added ' + body.username + '.';
      ev.target.reset();
      load();
    } catch (e) {
      out.className = 'error'; out.textContent = e.message;
    }
  });
  load();
})();
