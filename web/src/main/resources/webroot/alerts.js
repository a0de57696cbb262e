'use strict';
(async () => {
  const { el, api } = Vigil;
  const box = document.getElementById('alerts');
  const f = {
    state: document.getElementById('state'), site: document.getElementById('site'),
    camera: document.getElementById('camera'), from: document.getElementById('from'), to: document.getElementById('to'),
  };
  const params = new URLSearchParams(location.search);
  let user, cameras = [], offset = 0, total = 0;
  const rows = new Map();
  try {
    user = await Vigil.page('alerts.html');
    Vigil.stateBox(box, 'loading', t('alerts.loading'));
    cameras = (await api('/api/v1/cameras')).items;
  } catch (e) {
    if (e.status !== 401) Vigil.stateBox(box, 'error', t('alerts.loadFailed', { error: Vigil.errorText(e) }));
    return;
  }
  const byId = Object.fromEntries(cameras.map((c) => [c.id, c]));
  [...new Set(cameras.map((c) => c.site))].sort().forEach((s) => f.site.append(el('option', { value: s }, s)));
  cameras.forEach((c) => f.camera.append(el('option', { value: c.id }, c.name)));
  if (params.get('camera')) { f.camera.value = params.get('camera'); f.state.value = ''; }
  const canHandle = (a) => user.role === 'admin'
    || (user.role === 'manager' && byId[a.cameraId] && user.sites.includes(byId[a.cameraId].site));

  function query(extra) {
    const q = new URLSearchParams();
    for (const k of ['state', 'site', 'camera']) if (f[k].value) q.set(k, f[k].value);
    if (f.from.value) q.set('from', new Date(f.from.value).toISOString());
    if (f.to.value) q.set('to', new Date(f.to.value).toISOString());
    for (const [k, v] of Object.entries(extra || {})) q.set(k, v);
    return q.toString();
  }

  function matches(a) {
    const c = byId[a.cameraId];
    if (f.state.value && a.state !== f.state.value) return false;
    if (f.camera.value && a.cameraId !== f.camera.value) return false;
    if (f.site.value && (!c || c.site !== f.site.value)) return false;
    if (f.from.value && Date.parse(a.time) < new Date(f.from.value).getTime()) return false;
    if (f.to.value && Date.parse(a.time) >= new Date(f.to.value).getTime()) return false;
    return true;
  }

  /** The kind's name; a kind this page does not know yet shows as its code rather than a key. */
  function kindText(kind) {
    return I18n.has('alerts.kind.' + kind) ? t('alerts.kind.' + kind) : kind.replace('_', ' ');
  }

  function row(a) {
    const c = byId[a.cameraId];
    const note = el('input', { class: 'note', placeholder: t('alerts.notePlaceholder'), maxlength: '2000', value: a.note || '' });
    const error = el('div', { class: 'error' });
    const act = async (what) => {
      error.textContent = '';
      try {
        const updated = await api('/api/v1/alerts/' + a.id + '/' + what, { method: 'POST', body: note.value ? { note: note.value } : {} });
        upsert(updated, false);
      } catch (e) {
        error.textContent = Vigil.errorText(e);
      }
    };
    const actions = canHandle(a) && a.state !== 'resolved' ? [note,
      a.state === 'open' ? el('button', { class: 'ack', onclick: () => act('acknowledge') }, t('alerts.acknowledge')) : null,
      el('button', { class: 'resolve', onclick: () => act('resolve') }, t('alerts.resolve')), error] : [a.note || ''];
    const who = a.resolvedBy ? t('alerts.resolvedBy', { user: a.resolvedBy, time: Vigil.time(a.resolvedAt) })
      : a.acknowledgedBy ? t('alerts.acknowledgedBy', { user: a.acknowledgedBy, time: Vigil.time(a.acknowledgedAt) }) : '';
    const snap = a.hasSnapshot ? el('a', { href: '/api/v1/alerts/' + a.id + '/snapshot.jpg', target: '_blank', rel: 'noopener' },
      el('img', { class: 'thumb', alt: t('alerts.snapshot'), src: '/api/v1/alerts/' + a.id + '/snapshot.jpg' })) : el('span', { class: 'muted' }, t('alerts.noSnapshot'));
    return el('tr', { 'data-alert': a.id, 'data-state': a.state },
      el('td', {}, Vigil.time(a.time)),
      el('td', {}, c ? el('a', { href: 'camera.html?id=' + encodeURIComponent(c.id) }, c.name) : a.cameraId,
        el('div', { class: 'muted' }, c ? c.site : '')),
      el('td', {}, kindText(a.kind), el('div', { class: 'muted' }, (a.zoneId || '') + ' · ' + I18n.number(a.value) + ' / ' + I18n.number(a.threshold))),
      el('td', {}, el('span', { class: 'badge ' + a.state }, t('alerts.state.' + a.state)), el('div', { class: 'muted' }, who),
        // A blind camera's crowd alert stays open: say why it does not close.
        a.noDataSince ? el('div', { class: 'muted nodata' }, t('faults.noDataSince', { time: Vigil.time(a.noDataSince) })) : null),
      el('td', {}, snap),
      el('td', {}, actions));
  }

  function table() {
    let body = box.querySelector('tbody');
    if (!body) {
      body = el('tbody');
      box.replaceChildren(el('table', {}, el('thead', {}, el('tr', {}, ['raised', 'camera', 'what', 'state', 'snapshot', 'action'].map((h) => el('th', {}, t('alerts.col.' + h))))), body));
    }
    return body;
  }

  function upsert(a, fresh) {
    const old = rows.get(a.id);
    if (!matches(a)) {
      if (old) { old.remove(); rows.delete(a.id); }
      if (rows.size === 0) Vigil.stateBox(box, 'empty', t('alerts.noMatch'));
      return;
    }
    const r = row(a);
    if (fresh) r.classList.add('fresh');
    if (old) old.replaceWith(r); else table().prepend(r);
    rows.set(a.id, r);
  }

  async function load(more) {
    if (!more) { offset = 0; rows.clear(); Vigil.stateBox(box, 'loading', t('alerts.loading')); }
    try {
      const page = await api('/api/v1/alerts?' + query({ offset, limit: 50 }));
      total = page.total;
      if (!more && page.items.length === 0) Vigil.stateBox(box, 'empty', t('alerts.noMatch'));
      const tbody = page.items.length ? table() : null;
      for (const a of page.items) { const r = row(a); tbody.append(r); rows.set(a.id, r); }
      offset += page.items.length;
      document.getElementById('more').classList.toggle('hidden', offset >= total);
    } catch (e) {
      if (e.status !== 401) Vigil.stateBox(box, 'error', t('alerts.loadFailed', { error: Vigil.errorText(e) }));
    }
  }

  Object.values(f).forEach((i) => i.addEventListener('change', () => load(false)));
  document.getElementById('more').addEventListener('click', () => load(true));
  const source = Vigil.live({}, { alert: (a) => upsert(a, true) });
  const liveState = document.getElementById('live-state');
  source.addEventListener('open', () => { liveState.textContent = t('alerts.live'); });
  source.addEventListener('error', () => { liveState.textContent = t('alerts.reconnecting'); });
  load(false);
})();
