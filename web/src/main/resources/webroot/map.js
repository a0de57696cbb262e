'use strict';
// The site map: every camera with coordinates as a marker coloured by its status, ringed while it has
// open alerts, grouped by site (a layer per site, clustered when dense), on the configured tiles or the
// offline grid (sitemap.js), with a metric scale bar.
(async () => {
  const { el, api } = Vigil;
  const box = document.getElementById('map');
  const note = document.getElementById('map-note');
  /** Live changes come in bursts (one status and one analysis per camera each second): redraw at most this often. */
  const REDRAW_MS = 1000;
  let cameras, config;
  const status = {}, counts = {}, alerts = {};
  try {
    await Vigil.page('map.html');
    Vigil.stateBox(box, 'loading', t('map.loading'));
    [cameras, config] = await Promise.all([api('/api/v1/cameras').then((r) => r.items), api('/api/v1/config')]);
    for (const c of (await api('/api/v1/counts')).items) counts[c.cameraId] = c.zones;
    await loadAlerts();
  } catch (e) {
    if (e.status !== 401) Vigil.stateBox(box, 'error', t('map.loadFailed', { reason: Vigil.errorText(e) }));
    return;
  }
  for (const c of cameras) status[c.id] = c.status;

  /** Open alerts per camera; the inbox's own filter, from the start of time so that none is left out. */
  async function loadAlerts() {
    const open = await api('/api/v1/alerts?state=open&limit=500&from=1970-01-01T00:00:00Z');
    for (const k of Object.keys(alerts)) delete alerts[k];
    for (const a of open.items) alerts[a.cameraId] = (alerts[a.cameraId] || 0) + 1;
  }

  function stateOf(c) {
    const s = status[c.id];
    if (c.enabled === false) return 'disabled';
    if (!s) return 'unknown';
    if (s.online) return 'online';
    return s.state === 'connecting' ? 'connecting' : 'offline';
  }

  function people(c) {
    return counts[c.id] ? counts[c.id].reduce((n, z) => n + z.current, 0) : null;
  }

  function popup(c) {
    const state = stateOf(c), n = people(c), s = status[c.id];
    return el('div', { class: 'map-popup', 'data-camera': c.id },
      el('strong', {}, c.name), el('div', { class: 'muted' }, c.site),
      el('div', {}, el('span', { class: 'badge ' + (state === 'online' ? 'online' : state === 'offline' ? 'offline' : 'disabled') },
        t('map.status.' + state)), s && !s.online && s.reason ? ' ' + s.reason : ''),
      n === null ? '' : el('div', {}, t('map.people', { n: I18n.number(n) })),
      alerts[c.id] ? el('div', { class: 'error' }, el('a', { href: 'alerts.html?camera=' + encodeURIComponent(c.id) },
        t('map.openAlerts', { n: I18n.number(alerts[c.id]) }))) : '',
      el('a', { href: 'camera.html?id=' + encodeURIComponent(c.id) }, t('map.openCamera')));
  }

  const placed = cameras.filter((c) => c.location);
  box.replaceChildren();
  const map = SiteMap.create(box, config.mapTileUrl);
  note.textContent = t(map.basemap === 'tiles' ? 'map.basemap.tiles' : 'map.basemap.grid')
    + (placed.length < cameras.length ? ' ' + t('map.unplaced', { n: cameras.length - placed.length }) : '');
  if (!placed.length) {
    note.textContent += ' ' + t('map.noLocations');
    return;
  }

  // One layer per site, each clustering only its own cameras; the control lists the sites.
  const groups = new Map();
  const markers = new Map();
  for (const c of placed) {
    if (!groups.has(c.site)) groups.set(c.site, SiteMap.siteGroup(c.site));
    const m = L.marker([c.location.lat, c.location.lon],
      { title: c.name, keyboard: true, icon: SiteMap.cameraIcon(stateOf(c), alerts[c.id] || 0) });
    // Clustering takes markers off the map and puts them back: their element is made anew each time.
    m.on('add', () => tag(m, c));
    m.bindPopup(() => popup(c));
    m.bindTooltip(() => label(c), { direction: 'right', permanent: true, className: 'cam-label' });
    markers.set(c.id, m);
    groups.get(c.site).addLayer(m);
  }
  const overlays = {};
  for (const [site, group] of groups) {
    group.addTo(map);
    // Leaflet writes layer names as HTML: the site's name is text.
    overlays[el('span', {}, site).outerHTML] = group;
  }
  L.control.layers(null, overlays, { collapsed: false }).addTo(map);
  SiteMap.legend().addTo(map);
  map.fitBounds(L.latLngBounds(placed.map((c) => [c.location.lat, c.location.lon])).pad(0.3), { maxZoom: 16 });

  function label(c) {
    const n = people(c);
    return el('span', {}, c.name + (n === null ? '' : ' · ' + t('map.people', { n: I18n.number(n) })));
  }

  /** What the marker's element shows, also as data attributes for tests and the stylesheet. */
  function tag(m, c) {
    const e = m.getElement();
    if (!e) return;
    e.dataset.camera = c.id;
    e.dataset.status = stateOf(c);
    e.dataset.alerts = String(alerts[c.id] || 0);
  }

  function draw() {
    for (const c of placed) {
      const m = markers.get(c.id);
      const state = stateOf(c);
      m.options.vigil = { status: state, alerts: alerts[c.id] || 0 };
      m.setIcon(SiteMap.cameraIcon(state, alerts[c.id] || 0));
      tag(m, c);
      m.setTooltipContent(label(c));
      if (m.isPopupOpen()) m.setPopupContent(popup(c));
    }
    for (const group of groups.values()) group.refreshClusters();
    box.dataset.drawn = String(Date.now());
  }
  draw();
  let pending = false;
  let alertsPending = false;
  const later = () => { if (!pending) { pending = true; setTimeout(() => { pending = false; draw(); }, REDRAW_MS); } };
  Vigil.live({}, {
    analysis: (a) => { counts[a.cameraId] = a.zones; later(); },
    status: (s) => { status[s.cameraId] = s; later(); },
    // Every change of an alert (opened, acknowledged, resolved...) may change the rings: the open ones are
    // read again, once per burst.
    alert: () => {
      if (alertsPending) return;
      alertsPending = true;
      setTimeout(() => { alertsPending = false; loadAlerts().then(later, () => {}); }, REDRAW_MS);
    },
  });
})();
