'use strict';
(async () => {
  const { el, api } = Vigil;
  const id = new URLSearchParams(location.search).get('id') || '';
  const body = document.getElementById('camera-body');
  let camera;
  let analysis = null;
  let status = null;
  try {
    await Vigil.page('');
    camera = await api('/api/v1/cameras/' + encodeURIComponent(id));
  } catch (e) {
    if (e.status !== 401) Vigil.stateBox(body, 'error', e.status === 404 ? t('camera.notFound') : t('camera.loadFailed', { error: Vigil.errorText(e) }));
    return;
  }
  document.title = 'Vigil · ' + camera.name;
  document.getElementById('camera-name').textContent = camera.name;
  document.getElementById('site').textContent = camera.site + ' · ' + t('camera.type.' + camera.type)
    + (camera.location ? ' · ' + I18n.number(camera.location.lat, 4) + '; ' + I18n.number(camera.location.lon, 4) : '');
  document.getElementById('camera-alerts').href = 'alerts.html?camera=' + encodeURIComponent(camera.id);
  status = camera.status;
  Recordings.timeline(document.getElementById('recordings'), camera);
  const canvas = document.getElementById('overlay');
  const nofeed = document.getElementById('nofeed');
  const disabled = camera.enabled === false;
  if (disabled) {
    // Never connected to while disabled: no picture is asked for and no video socket is opened.
    document.getElementById('frame').classList.add('hidden');
    nofeed.textContent = t('grid.disabled');
    nofeed.classList.remove('hidden');
    nofeed.classList.add('disabled');
  } else {
    Vigil.liveImage(document.getElementById('frame'), camera.id, (ok) => nofeed.classList.toggle('hidden', ok));
  }

  function drawStatus() {
    const s = status;
    const box = document.getElementById('status');
    if (disabled) {
      box.replaceChildren(el('span', { class: 'badge disabled' }, t('camera.state.disabled')),
        el('div', { class: 'muted' }, t('camera.disabledNote')));
      return;
    }
    if (!s) { box.textContent = t('camera.notStarted'); return; }
    box.replaceChildren(
      el('span', { class: 'badge ' + (s.online ? 'online' : 'offline') }, t('camera.state.' + s.state)),
      s.online ? '' : el('div', { class: 'error' }, s.reason || ''),
      el('div', {}, t('camera.fps', { fpsIn: I18n.number(s.fpsIn, 1), fpsAnalysed: I18n.number(s.fpsAnalysed, 1) })),
      el('div', {}, t('camera.analysisTime', { ms: I18n.number(s.analysisMillis, 1) })),
      el('div', {}, t('camera.drops', { drops: I18n.number(s.drops), reconnects: I18n.number(s.reconnects) })),
      el('div', {}, t('camera.lastFrame', { time: s.lastFrame ? Vigil.time(s.lastFrame) : t('camera.never') })));
  }
  function drawZones() {
    const counts = {};
    if (analysis) analysis.zones.forEach((z) => (counts[z.zoneId] = z));
    document.getElementById('zones').replaceChildren(...camera.zones.map((z) => {
      const c = counts[z.id];
      const over = c && z.capacity !== null && c.current > z.capacity;
      return el('tr', {}, el('td', {}, z.id), el('td', { class: over ? 'error' : null }, c ? String(c.current) : '–'),
        el('td', {}, z.capacity === null ? '—' : String(z.capacity)));
    }));
  }
  const redraw = () => { Vigil.drawOverlay(canvas, camera, analysis, status); drawStatus(); drawZones(); };
  redraw();
  window.addEventListener('resize', redraw);
  Vigil.live({ camera: camera.id }, {
    analysis: (a) => { analysis = a; redraw(); },
    status: (s) => { status = s; redraw(); },
  });

  const chart = document.getElementById('chart');
  const chartState = document.getElementById('chart-state');
  let resizeChart = () => {};
  window.addEventListener('resize', () => resizeChart());
  async function loadChart(range) {
    document.querySelectorAll('#ranges button').forEach((b) => b.classList.toggle('primary', b.dataset.range === range));
    chartState.textContent = t('chart.loading');
    try {
      const data = await api('/api/v1/cameras/' + encodeURIComponent(camera.id) + '/occupancy?range=' + range);
      resizeChart = OccupancyChart.render(chart, camera.zones, data);
      chart.dataset.range = range;
      chartState.textContent = chart.dataset.state === 'single' ? t('chart.oneBucket') : '';
    } catch (e) {
      chartState.textContent = t('chart.loadFailed', { reason: Vigil.errorText(e) });
    }
  }
  document.querySelectorAll('#ranges button').forEach((b) => b.addEventListener('click', () => loadChart(b.dataset.range)));
  loadChart('hour');
})();
