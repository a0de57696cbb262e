'use strict';
(async () => {
  const { el, api } = Vigil;
  const box = document.getElementById('map');
  const SVG = 'http://www.w3.org/2000/svg';
  let cameras, config;
  const status = {}, counts = {};
  try {
    await Vigil.page('map.html');
    Vigil.stateBox(box, 'loading', t('map.loading'));
    [cameras, config] = await Promise.all([api('/api/v1/cameras').then((r) => r.items), api('/api/v1/config')]);
    for (const c of (await api('/api/v1/counts')).items) counts[c.cameraId] = c.zones;
  } catch (e) {
    if (e.status !== 401) Vigil.stateBox(box, 'error', t('map.loadFailed', { error: Vigil.errorText(e) }));
    return;
  }
  cameras.forEach((c) => { if (c.status) status[c.id] = c.status; });
  const placed = cameras.filter((c) => c.location);
  if (placed.length === 0) {
    Vigil.stateBox(box, 'empty', t('map.noCoordinates'));
    return;
  }
  document.getElementById('map-note').textContent = config.mapTileUrl ? ''
    : t('map.noTiles');

  // Web Mercator in pixels of a 256-pixel world at zoom 0, so that tiles and markers agree.
  const project = (lat, lon) => {
    const s = Math.sin((lat * Math.PI) / 180);
    return [((lon + 180) / 360) * 256, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 256];
  };

  function draw() {
    const w = box.clientWidth, h = box.clientHeight;
    const pts = placed.map((c) => project(c.location.lat, c.location.lon));
    const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
    const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
    const spanX = Math.max(maxX - minX, 1e-6), spanY = Math.max(maxY - minY, 1e-6);
    // Room for the labels, which are drawn to the right of each marker.
    const left = 40, right = 280, top = 60, bottom = 60;
    let scale = Math.min((w - left - right) / spanX, (h - top - bottom) / spanY);
    if (config.mapTileUrl) scale = 2 ** Math.min(19, Math.floor(Math.log2(scale)));
    const sx0 = left + (w - left - right - spanX * scale) / 2 - minX * scale;
    const sy0 = top + (h - top - bottom - spanY * scale) / 2 - minY * scale;
    const toScreen = ([x, y]) => [sx0 + x * scale, sy0 + y * scale];
    box.replaceChildren();
    if (config.mapTileUrl) {
      const z = Math.round(Math.log2(scale));
      const [ox, oy] = [-sx0, -sy0];
      for (let tx = Math.floor(ox / 256); tx <= Math.floor((ox + w) / 256); tx++) {
        for (let ty = Math.floor(oy / 256); ty <= Math.floor((oy + h) / 256); ty++) {
          if (ty < 0 || ty >= 2 ** z) continue;
          const wrapped = ((tx % 2 ** z) + 2 ** z) % 2 ** z;
          const img = el('img', { class: 'tile', alt: '', src: config.mapTileUrl.replace('{z}', z).replace('{x}', wrapped).replace('{y}', ty) });
          img.style.left = tx * 256 - ox + 'px';
          img.style.top = ty * 256 - oy + 'px';
          box.append(img);
        }
      }
    }
    const svg = document.createElementNS(SVG, 'svg');
    placed.forEach((c, i) => {
      const [x, y] = toScreen(pts[i]);
      const s = status[c.id];
      const people = counts[c.id] ? counts[c.id].reduce((n, z) => n + z.current, 0) : null;
      const g = document.createElementNS(SVG, 'a');
      g.setAttribute('href', 'camera.html?id=' + encodeURIComponent(c.id));
      g.setAttribute('data-camera', c.id);
      const dot = document.createElementNS(SVG, 'circle');
      dot.setAttribute('cx', x); dot.setAttribute('cy', y); dot.setAttribute('r', 8);
      dot.setAttribute('fill', !s ? '#93a1b0' : s.online ? '#3ecf8e' : '#ff5d5d');
      dot.setAttribute('stroke', '#000');
      const title = document.createElementNS(SVG, 'title');
      title.textContent = c.name + (s && !s.online ? ' (' + t('camera.state.' + s.state) + (s.reason ? ': ' + s.reason : '') + ')' : '');
      const label = document.createElementNS(SVG, 'text');
      label.setAttribute('x', x + 12); label.setAttribute('y', y + 4);
      label.setAttribute('fill', config.mapTileUrl ? '#000' : '#e4e9ee');
      label.setAttribute('font-size', '12');
      label.textContent = c.name + (people === null ? '' : ' · ' + t('grid.people', { count: I18n.number(people) }));
      g.append(dot, title, label);
      svg.append(g);
    });
    box.append(svg);
  }
  draw();
  window.addEventListener('resize', draw);
  let pending = false;
  const later = () => { if (!pending) { pending = true; setTimeout(() => { pending = false; draw(); }, 1000); } };
  Vigil.live({}, {
    analysis: (a) => { counts[a.cameraId] = a.zones; later(); },
    status: (s) => { status[s.cameraId] = s; later(); },
  });
})();
