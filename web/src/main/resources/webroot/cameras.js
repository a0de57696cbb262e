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
    Vigil.stateBox(list, 'loading', 'Loading cameras…');
    try {
      const cams = (await api('/api/v1/cameras')).items
        .filter((c) => user.role === 'admin' || c.owner === user.organisation);
      if (cams.length === 0) { Vigil.stateBox(list, 'empty', 'No cameras registered yet.'); return; }
      list.replaceChildren(el('table', {}, el('thead', {}, el('tr', {}, ['Camera', 'Site', 'Stream', 'Status', ''].map((h) => el('th', {}, h)))),
        el('tbody', {}, cams.map((c) => el('tr', { 'data-camera': c.id },
          el('td', {}, el('a', { href: 'camera.html?id=' + encodeURIComponent(c.id) }, c.name), el('div', { class: 'muted' }, c.id)),
          el('td', {}, c.site), el('td', { class: 'muted' }, c.source || ''),
          el('td', {}, c.status ? el('span', { class: 'badge ' + (c.status.online ? 'online' : 'offline') }, c.status.state) : '—'),
          el('td', {}, el('button', {
            onclick: async () => {
              if (!confirm('Remove camera ' + c.name + '?')) return;
              try { await api('/api/v1/cameras/' + encodeURIComponent(c.id), { method: 'DELETE' }); load(); } catch (e) { alert(e.message); }
            },
          }, 'Remove')))))));
    } catch (e) {
      if (e.status !== 401) Vigil.stateBox(list, 'error', 'Cannot load cameras: ' + e.message);
    }
  }
  // register.js says when it has registered a camera: the list shows it.
  document.addEventListener('vigil:camera-registered', load);
  load();
})();
