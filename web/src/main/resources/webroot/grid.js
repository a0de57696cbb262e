'use strict';
(async () => {
  const { el, api } = Vigil;
  const grid = document.getElementById('grid');
  const layout = document.getElementById('layout');
  const siteSel = document.getElementById('site');
  const typeSel = document.getElementById('type');
  const saved = JSON.parse(localStorage.getItem('vigil.grid') || '{}');
  if (saved.layout) layout.value = saved.layout;
  let cameras = [];
  let page = 0;
  let tiles = new Map();
  const analysis = {};
  const status = {};

  try {
    await Vigil.page('index.html');
    Vigil.stateBox(grid, 'loading', t('grid.loading'));
    cameras = (await api('/api/v1/cameras')).items;
  } catch (e) {
    if (e.status !== 401) Vigil.stateBox(grid, 'error', t('grid.loadFailed', { error: Vigil.errorText(e) }));
    return;
  }
  for (const c of cameras) if (c.status) status[c.id] = c.status;
  [...new Set(cameras.map((c) => c.site))].sort().forEach((s) => siteSel.append(el('option', { value: s }, s)));
  if (saved.site) siteSel.value = saved.site;
  if (saved.type) typeSel.value = saved.type;

  function render() {
    tiles.forEach((x) => x.stop());
    tiles = new Map();
    localStorage.setItem('vigil.grid', JSON.stringify({ layout: layout.value, site: siteSel.value, type: typeSel.value }));
    const n = Number(layout.value);
    const shown = cameras.filter((c) => (!siteSel.value || c.site === siteSel.value) && (!typeSel.value || c.type === typeSel.value));
    const pages = Math.max(1, Math.ceil(shown.length / n));
    page = Math.min(page, pages - 1);
    document.getElementById('page-info').textContent = t('grid.pageInfo', { page: I18n.number(page + 1), pages: I18n.number(pages) });
    document.getElementById('prev').disabled = page === 0;
    document.getElementById('next').disabled = page >= pages - 1;
    if (shown.length === 0) {
      Vigil.stateBox(grid, 'empty', cameras.length === 0 ? t('grid.noCameras') : t('grid.noMatch'));
      return;
    }
    grid.className = 'grid n' + n;
    grid.replaceChildren();
    for (const c of shown.slice(page * n, page * n + n)) {
      // A disabled camera is never connected to: no picture is asked for, no video socket opened.
      const disabled = c.enabled === false;
      const img = el('img', { alt: c.name, class: 'frame' + (disabled ? ' hidden' : ''), 'data-camera': c.id });
      const canvas = el('canvas', { class: 'overlay' });
      const nofeed = el('div', { class: 'nofeed' + (disabled ? ' disabled' : ' hidden') }, disabled ? t('grid.disabled') : t('grid.noPicture'));
      const badge = el('span', { class: 'badge' });
      const tile = el('div', { class: 'tile' + (disabled ? ' disabled' : ''), 'data-camera': c.id, 'data-enabled': String(!disabled) },
        el('div', { class: 'head' }, el('a', { class: 'name', href: 'camera.html?id=' + encodeURIComponent(c.id) }, c.name), badge),
        el('div', { class: 'view' }, img, nofeed, canvas),
        el('div', { class: 'head muted' }, el('span', {}, c.site), el('span', { class: 'count' }, '')));
      grid.append(tile);
      const entry = {
        stop: disabled ? () => {} : Vigil.liveImage(img, c.id, (ok) => nofeed.classList.toggle('hidden', ok)),
        draw() {
          if (disabled) {
            badge.textContent = t('camera.state.disabled');
            badge.className = 'badge disabled';
            return;
          }
          const s = status[c.id];
          badge.textContent = s ? t('camera.state.' + s.state) : t('camera.state.unknown');
          badge.className = 'badge ' + (s ? (s.online ? 'online' : 'offline') : '');
          badge.title = s && !s.online && s.reason ? s.reason : '';
          const a = analysis[c.id];
          tile.querySelector('.count').textContent = a ? t('grid.people', { count: I18n.number(a.zones.reduce((n2, z) => n2 + z.current, 0)) }) : '';
          Vigil.drawOverlay(canvas, c, a, s);
        },
      };
      tiles.set(c.id, entry);
      entry.draw();
    }
  }

  layout.addEventListener('change', () => { page = 0; render(); });
  siteSel.addEventListener('change', () => { page = 0; render(); });
  typeSel.addEventListener('change', () => { page = 0; render(); });
  document.getElementById('prev').addEventListener('click', () => { page--; render(); });
  document.getElementById('next').addEventListener('click', () => { page++; render(); });
  window.addEventListener('resize', () => tiles.forEach((x) => x.draw()));
  Vigil.live({}, {
    analysis: (a) => { analysis[a.cameraId] = a; const x = tiles.get(a.cameraId); if (x) x.draw(); },
    status: (s) => { status[s.cameraId] = s; const x = tiles.get(s.cameraId); if (x) x.draw(); },
  });
  render();
})();
