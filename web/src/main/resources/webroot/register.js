'use strict';
// Registering a camera (cameras.html): coordinates typed or picked on a map, the stream probed and its
// measurements shown before anything is saved, and each refused field's reason next to that field.
(async () => {
  const { el, api } = Vigil;
  const form = document.getElementById('register');
  const submit = document.getElementById('register-submit');
  const probeButton = document.getElementById('probe');
  const probeBox = document.getElementById('probe-result');
  const out = document.getElementById('register-result');
  /** Picked coordinates keep six decimals: about 0.1 m, finer than any click on a map. */
  const DECIMALS = 6;
  /** The request fields the server may name, and the input each is typed in. */
  const INPUTS = { 'location.lat': 'lat', 'location.lon': 'lon' };
  /** The url, user name and password that were probed successfully: saving is offered only for those. */
  let probed = null;
  /** The picked location's marker, once there is one. */
  let pin = null;
  let user;
  try {
    await I18n.ready;
    user = await api('/api/v1/auth/me');
  } catch (e) {
    return;
  }
  if (user.role !== 'admin' && user.role !== 'carrier') return;

  const value = (name) => form.elements[name].value.trim();
  const streamKey = () => JSON.stringify([value('url'), value('username'), form.elements.password.value]);

  /** A number where the text is one, else the text itself: the server names the field and the rule. */
  const numeric = (text) => (text !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

  function clearErrors() {
    form.querySelectorAll('.field-error').forEach((e) => { e.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
    out.className = '';
    out.textContent = '';
  }

  /** What to say about a refusal, in the page's language; the server's own words only as a detail. */
  function reason(e) {
    if (I18n.has('register.error.' + e.code)) {
      const detail = e.code === 'stream_probe_failed' && e.message ? ' (' + e.message + ')' : '';
      return t('register.error.' + e.code) + detail;
    }
    if (e.code === 'invalid_request' && e.field && I18n.has('register.invalid.' + e.field)) {
      return t('register.invalid.' + e.field);
    }
    return Vigil.errorText(e);
  }

  /** Shows the refusal next to its field, or under the form when it is about no field of the form. */
  function refuse(e) {
    const spot = e.field ? form.querySelector('.field-error[data-field="' + CSS.escape(e.field) + '"]') : null;
    if (!spot) {
      out.className = 'error';
      out.textContent = reason(e);
      return;
    }
    spot.textContent = reason(e);
    spot.title = e.message || '';
    const input = form.elements[INPUTS[e.field] || e.field];
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  }

  function streamBody() {
    const body = { url: value('url') };
    if (value('username')) body.username = value('username');
    if (form.elements.password.value) body.password = form.elements.password.value;
    return body;
  }

  function showProbe(info) {
    const keyframes = info.keyframeInterval === null ? t('register.probe.keyframeLong')
      : t('register.probe.seconds', { n: I18n.number(info.keyframeInterval, 1) });
    const row = (key, text, name) => [el('dt', {}, t(key)), el('dd', { 'data-probe': name }, text)];
    probeBox.replaceChildren(el('strong', {}, t('register.probe.ok')), el('dl', {},
      row('register.probe.codec', info.codec.toUpperCase(), 'codec'),
      row('register.probe.resolution', info.width + ' × ' + info.height, 'resolution'),
      row('register.probe.fps', I18n.number(info.fps, 1), 'fps'),
      row('register.probe.keyframe', keyframes, 'keyframe')));
    probeBox.classList.remove('hidden');
    probeBox.dataset.state = 'ok';
  }

  probeButton.addEventListener('click', async () => {
    clearErrors();
    probed = null;
    submit.disabled = true;
    const key = streamKey();
    probeButton.disabled = true;
    probeBox.classList.remove('hidden');
    probeBox.dataset.state = 'probing';
    probeBox.textContent = t('register.probe.running');
    try {
      showProbe(await api('/api/v1/cameras/probe', { method: 'POST', body: streamBody() }));
      probed = key;
      submit.disabled = streamKey() !== probed;
    } catch (e) {
      probeBox.dataset.state = 'failed';
      probeBox.textContent = t('register.probe.failed');
      refuse(e);
    } finally {
      probeButton.disabled = false;
    }
  });

  // A changed address or credentials need probing again before saving.
  for (const name of ['url', 'username', 'password']) {
    form.elements[name].addEventListener('input', () => {
      const same = probed !== null && streamKey() === probed;
      submit.disabled = !same;
      if (!same && probeBox.dataset.state === 'ok') probeBox.dataset.state = 'stale';
    });
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (probed === null || streamKey() !== probed) return;
    clearErrors();
    const body = { id: value('id'), name: value('name'), site: value('site'), type: form.elements.type.value, ...streamBody() };
    if (value('lat') !== '' || value('lon') !== '') body.location = { lat: numeric(value('lat')), lon: numeric(value('lon')) };
    if (value('analyticFps') !== '') body.analyticFps = numeric(value('analyticFps'));
    out.textContent = t('register.saving');
    try {
      const c = await api('/api/v1/cameras', { method: 'POST', body });
      out.textContent = t('register.saved', { name: c.name });
      form.reset();
      probed = null;
      submit.disabled = true;
      probeBox.classList.add('hidden');
      if (pin) { pin.remove(); pin = null; }
      document.dispatchEvent(new CustomEvent('vigil:camera-registered', { detail: c }));
    } catch (e) {
      out.textContent = '';
      refuse(e);
    }
  });

  // The location picker: a click puts the camera there; typed coordinates move the pin.
  const config = await api('/api/v1/config');
  const map = SiteMap.create(document.getElementById('register-map'), config.mapTileUrl);
  const known = (await api('/api/v1/cameras')).items.filter((c) => c.location);
  // The cameras already placed, for bearings: grey, and not clickable so that a click always picks.
  for (const c of known) {
    L.marker([c.location.lat, c.location.lon], { icon: SiteMap.cameraIcon('context', 0), title: c.name, interactive: false,
      keyboard: false }).addTo(map);
  }
  if (known.length) map.fitBounds(L.latLngBounds(known.map((c) => [c.location.lat, c.location.lon])).pad(0.5), { maxZoom: 15 });
  function place(lat, lon) {
    if (!pin) pin = L.marker([lat, lon], { icon: SiteMap.cameraIcon('picked', 0), title: t('register.pin'), interactive: false }).addTo(map);
    else pin.setLatLng([lat, lon]);
  }
  map.on('click', (ev) => {
    const lat = ev.latlng.lat, lon = L.Util.wrapNum(ev.latlng.lng, [-180, 180], true);
    form.elements.lat.value = lat.toFixed(DECIMALS);
    form.elements.lon.value = lon.toFixed(DECIMALS);
    place(lat, lon);
  });
  for (const name of ['lat', 'lon']) {
    form.elements[name].addEventListener('input', () => {
      const lat = Number(value('lat')), lon = Number(value('lon'));
      if (value('lat') !== '' && value('lon') !== '' && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) place(lat, lon);
    });
  }
  document.getElementById('register-map').dataset.ready = 'true';
})();
