'use strict';
// The alert inbox: severity, escalation, how long the breach has lasted (from its start, the rule's hold
// included), who acknowledged and resolved it (a person or Vigil), every note, and what just happened to
// each alert, live.
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
  Vigil.stateBox(box, 'loading', t('alerts.loading'));
  try {
    user = await Vigil.page('alerts.html');
    cameras = (await api('/api/v1/cameras')).items;
  } catch (e) {
    if (e.status !== 401) Vigil.stateBox(box, 'error', t('alerts.cannotLoad', { reason: Vigil.errorText(e) }));
    return;
  }
  const byId = Object.fromEntries(cameras.map((c) => [c.id, c]));
  [...new Set(cameras.map((c) => c.site))].sort().forEach((s) => f.site.append(el('option', { value: s }, s)));
  cameras.forEach((c) => f.camera.append(el('option', { value: c.id }, c.name)));
  if (params.get('camera')) { f.camera.value = params.get('camera'); f.state.value = ''; }
  const canHandle = (a) => user.role === 'admin'
    || (user.role === 'manager' && byId[a.cameraId] && user.sites.includes(byId[a.cameraId].site));
  /** Vigil closes alerts itself; the API names it "vigil". */
  const actor = (by) => (by === 'vigil' ? t('alerts.vigil') : by);
  const kindText = (k) => (I18n.has('alerts.kind.' + k) ? t('alerts.kind.' + k) : k.replace(/_/g, ' '));

  function query(extra) {
    const q = new URLSearchParams();
    for (const k of ['state', 'site', 'camera']) if (f[k].value) q.set(k, f[k].value);
    const from = I18n.parseDateTime(f.from.value), to = I18n.parseDateTime(f.to.value);
    if (from) q.set('from', from.toISOString());
    if (to) q.set('to', to.toISOString());
    for (const [k, v] of Object.entries(extra || {})) q.set(k, v);
    return q.toString();
  }

  function matches(a) {
    const c = byId[a.cameraId];
    if (f.state.value && a.state !== f.state.value) return false;
    if (f.camera.value && a.cameraId !== f.camera.value) return false;
    if (f.site.value && (!c || c.site !== f.site.value)) return false;
    const from = I18n.parseDateTime(f.from.value), to = I18n.parseDateTime(f.to.value);
    if (from && Date.parse(a.time) < from.getTime()) return false;
    if (to && Date.parse(a.time) >= to.getTime()) return false;
    return true;
  }

  function human(ms) {
    // Whole seconds, cut as Vigil's closing note cuts them.
    const s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) return t('alerts.duration.seconds', { s });
    if (s < 3600) return t('alerts.duration.minutes', { m: Math.floor(s / 60), s: s % 60 });
    return t('alerts.duration.hours', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
  }

  /** From the start of the breach to its end (or the resolution, or now while it lasts). */
  function duration(a) {
    const start = Date.parse(a.breachStart || a.time);
    if (a.breachEnd) return t('alerts.duration.lasted', { d: human(Date.parse(a.breachEnd) - start) });
    if (a.resolvedAt) return t('alerts.duration.lasted', { d: human(Date.parse(a.resolvedAt) - start) });
    return t('alerts.duration.ongoing', { d: human(Date.now() - start) });
  }

  /** What just happened, in words: the row says it until the next change. */
  function changeText(event, a) {
    switch (event) {
      case 'opened': return t('alerts.change.opened');
      case 'updated': return t('alerts.change.updated', { value: I18n.number(a.value) });
      case 'escalated': return t('alerts.change.escalated', { severity: t('alerts.severity.' + a.severity) });
      case 'acknowledged': return t('alerts.change.acknowledged', { by: actor(a.acknowledgedBy) });
      case 'noted': {
        const last = a.notes[a.notes.length - 1];
        return t('alerts.change.noted', { by: actor(last ? last.by : '') });
      }
      case 'closed': return a.resolvedBy === 'vigil' ? t('alerts.change.closedByVigil')
        : t('alerts.change.closed', { by: actor(a.resolvedBy) });
      default: return '';
    }
  }

  // Vigil writes its closing note in one fixed form (ClosingNote.text, stored as the API's clients read
  // it): the page says it in the operator's language. Operators' notes are shown as they wrote them.
  const CLOSING_NOTE = /^Cleared for (\S+); (peak|lowest) (\S+) against (\S+), lasted (\S+)$/;

  /** "1m5s" as Vigil writes a duration, in the page's words. */
  function spoken(d) {
    const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(d);
    if (!m) return d;
    const [h, min, s] = [Number(m[1] || 0), Number(m[2] || 0), Number(m[3] || 0)];
    return human(((h * 60 + min) * 60 + s) * 1000);
  }

  function noteText(n) {
    const m = n.by === 'vigil' ? CLOSING_NOTE.exec(n.text) : null;
    if (!m) return n.text;
    return t(m[2] === 'peak' ? 'alerts.closingNote.peak' : 'alerts.closingNote.lowest', {
      clear: spoken(m[1]), value: I18n.number(Number(m[3])), threshold: I18n.number(Number(m[4])), lasted: spoken(m[5]),
    });
  }

  function notes(a) {
    return el('ul', { class: 'notes' }, a.notes.map((n) => el('li', { 'data-by': n.by },
      el('span', { class: 'by' }, actor(n.by)), ' ', el('span', { class: 'when' }, Vigil.time(n.at)), ': ',
      el('span', { class: 'text' }, noteText(n)))));
  }

  function row(a, event) {
    const c = byId[a.cameraId];
    const note = el('input', { class: 'note', placeholder: t('alerts.notePlaceholder'), maxlength: '2000' });
    const error = el('div', { class: 'error' });
    const act = async (path, body, what) => {
      error.textContent = '';
      try {
        upsert(await api('/api/v1/alerts/' + a.id + '/' + path, { method: 'POST', body }), what);
      } catch (e) {
        error.textContent = Vigil.errorText(e);
      }
    };
    const withNote = () => (note.value.trim() ? { note: note.value } : {});
    const actions = canHandle(a) ? [note,
      el('button', { class: 'add-note', onclick: () => { if (note.value.trim()) act('notes', { text: note.value }, 'noted'); } },
        t('alerts.addNote')),
      a.state === 'open' ? el('button', { class: 'ack', onclick: () => act('acknowledge', withNote(), 'acknowledged') },
        t('alerts.acknowledge')) : null,
      a.state !== 'resolved' ? el('button', { class: 'resolve', onclick: () => act('resolve', withNote(), 'closed') },
        t('alerts.resolve')) : null, error] : [];
    const snap = a.hasSnapshot ? el('a', { href: a.snapshot, target: '_blank', rel: 'noopener' },
      el('img', { class: 'thumb', alt: t('alerts.snapshot'), src: a.snapshot }))
      : el('span', { class: 'muted' }, t('alerts.noSnapshot'));
    const change = event ? changeText(event, a) : '';
    return el('tr', { 'data-alert': a.id, 'data-state': a.state, 'data-severity': a.severity,
      'data-start': String(Date.parse(a.breachStart || a.time)) },
      el('td', {}, Vigil.time(a.time)),
      el('td', {}, c ? el('a', { href: 'camera.html?id=' + encodeURIComponent(c.id) }, c.name) : a.cameraId,
        el('div', { class: 'muted' }, c ? c.site : '')),
      el('td', {}, kindText(a.kind), el('div', { class: 'muted' },
        (a.zoneId || '') + ' · ' + I18n.number(a.value) + ' / ' + I18n.number(a.threshold))),
      el('td', { class: 'severity' }, el('span', { class: 'badge sev-' + a.severity }, t('alerts.severity.' + a.severity)),
        a.escalatedAt ? el('div', { class: 'muted escalated' }, t('alerts.escalatedAt', { time: Vigil.time(a.escalatedAt) })) : null),
      // The breach began before the alert opened (the rule's hold): said beside its duration.
      el('td', { class: 'duration' }, el('span', { 'data-open': a.breachEnd || a.resolvedAt ? null : 'true' }, duration(a)),
        el('div', { class: 'muted' }, t('alerts.breachSince', { time: Vigil.time(a.breachStart) }))),
      el('td', { class: 'alert-state' }, el('span', { class: 'badge ' + a.state }, t('alerts.state.' + a.state)),
        a.acknowledgedBy ? el('div', { class: 'muted acknowledged-by' },
          t('alerts.acknowledgedBy', { by: actor(a.acknowledgedBy), time: Vigil.time(a.acknowledgedAt) })) : null,
        a.resolvedBy ? el('div', { class: 'muted resolved-by' },
          t('alerts.resolvedBy', { by: actor(a.resolvedBy), time: Vigil.time(a.resolvedAt) })) : null,
        a.noDataSince ? el('div', { class: 'no-data' }, t('alerts.noDataSince', { time: Vigil.time(a.noDataSince) })) : null,
        change ? el('div', { class: 'change', role: 'status' }, change) : null),
      el('td', {}, snap, a.zoneId ? Recordings.clipButton(a) : null),
      el('td', { class: 'actions' }, notes(a), actions));
  }

  function table() {
    let tb = box.querySelector('tbody');
    if (!tb) {
      tb = el('tbody');
      const heads = ['raised', 'camera', 'what', 'severity', 'duration', 'state', 'snapshot', 'notes'];
      box.replaceChildren(el('table', {}, el('thead', {}, el('tr', {}, heads.map((h) => el('th', {}, t('alerts.column.' + h))))), tb));
    }
    return tb;
  }

  /**
   * An alert as it is now. A row that no longer matches the filters (an alert acknowledged in the
   * Open view) stays, greyed, saying where it went, until the list is loaded again.
   */
  function upsert(a, event) {
    const old = rows.get(a.id);
    const fits = matches(a);
    if (!old && !fits) return;
    const r = row(a, event);
    if (old) {
      // A live change must not throw away a note being typed.
      const typing = old.querySelector('input.note');
      const mine = r.querySelector('input.note');
      if (typing && mine && typing.value && event !== 'noted') {
        mine.value = typing.value;
        if (document.activeElement === typing) setTimeout(() => mine.focus());
      }
    }
    if (!fits) {
      r.classList.add('left-view');
      r.querySelector('td.alert-state').append(el('div', { class: 'change left' },
        t('alerts.leftView', { state: t('alerts.state.' + a.state) })));
    }
    if (event === 'opened') r.classList.add('fresh');
    if (old) old.replaceWith(r); else table().prepend(r);
    rows.set(a.id, r);
  }

  async function load(more) {
    if (!more) { offset = 0; rows.clear(); Vigil.stateBox(box, 'loading', t('alerts.loading')); }
    try {
      const page = await api('/api/v1/alerts?' + query({ offset, limit: 50 }));
      total = page.total;
      if (!more && page.items.length === 0) Vigil.stateBox(box, 'empty', t('alerts.empty'));
      const tb = page.items.length ? table() : null;
      for (const a of page.items) { const r = row(a, null); tb.append(r); rows.set(a.id, r); }
      offset += page.items.length;
      document.getElementById('more').classList.toggle('hidden', offset >= total);
    } catch (e) {
      if (e.status !== 401) Vigil.stateBox(box, 'error', t('alerts.cannotLoad', { reason: Vigil.errorText(e) }));
    }
  }

  Object.values(f).forEach((i) => i.addEventListener('change', () => load(false)));
  document.getElementById('more').addEventListener('click', () => load(true));
  const source = Vigil.live({}, { 'alert-change': (m) => upsert(m.alert, m.event) });
  const liveState = document.getElementById('live-state');
  source.addEventListener('open', () => { liveState.textContent = t('alerts.live'); });
  source.addEventListener('error', () => { liveState.textContent = t('alerts.reconnecting'); });
  if (source.readyState === EventSource.OPEN) liveState.textContent = t('alerts.live');
  // The duration of breaches still going on counts up.
  setInterval(() => {
    for (const r of rows.values()) {
      const span = r.querySelector('td.duration span[data-open]');
      if (span && r.dataset.start) span.textContent = t('alerts.duration.ongoing', { d: human(Date.now() - Number(r.dataset.start)) });
    }
  }, 1000);
  load(false);
})();
