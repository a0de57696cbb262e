'use strict';
(async () => {
  const { el, api } = Vigil;
  const list = document.getElementById('list');
  let user;
  try {
    user = await Vigil.page('cameras.html');
  } catch (e) {
    return;
  }
  async function load() {
    Vigil.stateBox(list, 'loading', t('grid.loading'));
    try {
      const cams = (await api('/api/v1/cameras')).items
        .filter((c) => user.role === 'admin' || c.owner === user.organisation);
      if (cams.length === 0) { Vigil.stateBox(list, 'empty', t('cameras.none')); return; }
      list.replaceChildren(el('table', {}, el('thead', {}, el('tr', {}, [t('common.camera'), t('common.site'), t('cameras.col.stream'), t('cameras.col.status'), ''].map((h) => el('th', {}, h)))),
        el('tbody', {}, cams.map((c) => el('tr', { 'data-camera': c.id },
          el('td', {}, el('a', { href: 'camera.html?id=' + encodeURIComponent(c.id) }, c.name), el('div', { class: 'muted' }, c.id)),
          el('td', {}, c.site), el('td', { class: 'muted' }, c.source || ''),
          el('td', {}, c.status ? el('span', { class: 'badge ' + (c.status.online ? 'online' : 'offline') }, t('camera.state.' + c.status.state)) : '—'),
          el('td', {}, el('button', {
            onclick: async () => {
              if (!confirm(t('cameras.confirmRemove', { name: c.name }))) return;
              try { await api('/api/v1/cameras/' + encodeURIComponent(c.id), { method: 'DELETE' }); load(); } catch (e) { alert(Vigil.errorText(e)); }
            },
          }, t('cameras.remove'))))))));
    } catch (e) {
      if (e.status !== 401) Vigil.stateBox(list, 'error', t('grid.loadFailed', { error: Vigil.errorText(e) }));
    }
  }
  document.getElementById('register').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const form = new FormData(ev.target);
    const out = document.getElementById('register-result');
    const body = { id: form.get('id'), name: form.get('name'), site: form.get('site'), type: form.get('type'), url: form.get('url') };
    if (form.get('lat') && form.get('lon')) body.location = { lat: Number(form.get('lat')), lon: Number(form.get('lon')) };
    if (form.get('username')) body.username = form.get('username');
    if (form.get('password')) body.password = form.get('password');
    if (form.get('analyticFps')) body.analyticFps = Number(form.get('analyticFps'));
    out.className = '';
    out.textContent = t('cameras.registering');
    try {
      const c = await api('/api/v1/cameras', { method: 'POST', body });
      out.textContent = t('cameras.registered', { name: c.name });
      ev.target.reset();
      load();
    } catch (e) {
      out.className = 'error';
      out.textContent = Vigil.errorText(e);
    }
  });
  load();
})();
