// Shared helpers for every page: API calls with the anti-forgery header, the header bar, live events,
// and drawing (overlays, charts). No framework and no build step; nothing is loaded from elsewhere.
'use strict';

const Vigil = (() => {
  function cookie(name) {
    const m = document.cookie.split('; ').find((c) => c.startsWith(name + '='));
    return m ? decodeURIComponent(m.substring(name.length + 1)) : null;
  }

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  async function api(path, options = {}) {
    const method = options.method || 'GET';
    const headers = {};
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET') headers['X-CSRF-Token'] = cookie('vigil_csrf') || '';
    const r = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    if (r.status === 401 && !options.allowAnonymous) {
      location.href = 'login.html?next=' + encodeURIComponent(location.pathname + location.search);
      throw new ApiError(401, 'unauthenticated', 'signed out');
    }
    if (r.status === 204) return null;
    const type = r.headers.get('content-type') || '';
    const body = type.startsWith('application/json') ? await r.json() : null;
    if (!r.ok) {
      const e = body && body.error ? body.error : { code: 'http_' + r.status, message: r.statusText };
      throw new ApiError(r.status, e.code, e.message);
    }
    return body;
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.substring(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  /**
   * What to show a person for a failed call: the translation of the API's stable error code
   * (error.<code>), else the server's own message (English, for the API's clients).
   */
  function errorText(e) {
    const key = 'error.' + (e && e.code ? e.code : 'unknown');
    if (I18n.has(key)) return t(key);
    return e && e.message ? e.message : t('error.unknown');
  }

  function stateBox(target, kind, text) {
    target.replaceChildren(el('div', { class: 'state' + (kind === 'error' ? ' error' : ''), 'data-state': kind }, text));
  }

  /**
   * Checks the session, draws the header bar and gives the signed-in user. The language the user chose
   * (stored with the account, so it follows them to any browser) wins over this browser's: when they
   * differ the page is drawn again in the user's, and this promise never settles.
   */
  async function page(active) {
    await I18n.ready;
    const user = await api('/api/v1/auth/me');
    if (user.language && user.language !== I18n.lang) {
      I18n.switchTo(user.language);
      return new Promise(() => {});
    }
    const links = [['index.html', t('nav.grid')], ['alerts.html', t('nav.alerts')], ['map.html', t('nav.map')]];
    if (user.role === 'admin' || user.role === 'carrier') links.push(['cameras.html', t('nav.cameras')]);
    if (user.role === 'admin') links.push(['admin.html', t('nav.admin')]);
    links.push(['account.html', t('nav.account')]);
    const header = el('header', { class: 'top' },
      el('span', { class: 'brand' }, 'VIGIL'),
      el('nav', {}, links.map(([href, text]) => el('a', { href, class: href === active ? 'active' : null }, text))),
      languageSwitch(),
      el('span', { class: 'user', id: 'whoami' }, user.username + ' (' + t('role.' + user.role) + ')'),
      el('button', {
        id: 'logout', onclick: async () => {
          await api('/api/v1/auth/logout', { method: 'POST' });
          location.href = 'login.html';
        },
      }, t('nav.signOut')));
    document.body.prepend(header);
    return user;
  }

  /**
   * VI | EN in the header: remembered for the user on the server (then in any browser they sign in
   * from) and in this browser, and the page is drawn again in the chosen language.
   */
  function languageSwitch() {
    return el('span', { class: 'lang-switch', id: 'lang-switch', role: 'group', 'aria-label': t('nav.language') },
      I18n.languages.map((l) => el('button', {
        type: 'button', 'data-lang': l, class: l === I18n.lang ? 'active' : null,
        'aria-pressed': l === I18n.lang ? 'true' : 'false', onclick: async () => {
          try {
            await api('/api/v1/auth/me/language', { method: 'PUT', body: { language: l } });
          } catch (e) {
            // Still switch here: the server remembers it the next time the switch is used.
          }
          I18n.switchTo(l);
        },
      }, l.toUpperCase())));
  }

  /** Live events (alert, analysis, status); the browser reconnects by itself after a drop. */
  function live(params, handlers) {
    const q = new URLSearchParams(params || {}).toString();
    const source = new EventSource('/api/v1/live' + (q ? '?' + q : ''));
    for (const [type, fn] of Object.entries(handlers)) {
      source.addEventListener(type, (ev) => fn(JSON.parse(ev.data)));
    }
    return source;
  }

  /**
   * The camera's live view: its H.264 played through Media Source Extensions from the fragmented-MP4
   * WebSocket, with no re-encoding. The latest JPEG frame, once a second in the <img>, shows until the
   * video plays, and again wherever MSE, the codec or the socket fails.
   */
  function liveImage(img, cameraId, onState) {
    let stopSnapshots = snapshots(img, cameraId, onState);
    let stopVideo = null;
    if (window.MediaSource && window.WebSocket) {
      stopVideo = liveVideo(img, cameraId, () => {
        if (stopSnapshots) stopSnapshots();
        stopSnapshots = null;
        onState && onState(true);
      }, () => {
        stopVideo = null;
        if (!stopSnapshots) stopSnapshots = snapshots(img, cameraId, onState);
      });
    }
    return () => { if (stopVideo) stopVideo(); if (stopSnapshots) stopSnapshots(); };
  }

  /** Keeps an <img> showing the camera's latest frame, asking for the next only once one has arrived. */
  function snapshots(img, cameraId, onState) {
    let stopped = false;
    let timer = null;
    const next = (delay) => {
      clearTimeout(timer);
      timer = setTimeout(() => { if (!stopped) img.src = '/api/v1/cameras/' + encodeURIComponent(cameraId) + '/frame.jpg?t=' + Date.now(); }, delay);
    };
    img.addEventListener('load', () => { if (!stopped) { onState && onState(true); next(1000); } });
    img.addEventListener('error', () => { if (!stopped) { onState && onState(false); next(3000); } });
    next(0);
    return () => { stopped = true; clearTimeout(timer); };
  }

  /**
   * A <video> that takes the <img>'s place once it plays, fed by MSE. The server sends a JSON start
   * (codec string and the wall-clock time of media time 0), the init segment, then one fragment per
   * frame from a keyframe. Calls fallback() once, after removing itself, when it cannot play.
   * Returns its stop function.
   */
  function liveVideo(img, cameraId, onPlaying, fallback) {
    const video = document.createElement('video');
    video.className = 'live-video';
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    video.classList.add('hidden');
    img.parentNode.insertBefore(video, img);
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(scheme + '//' + location.host + '/api/v1/cameras/' + encodeURIComponent(cameraId) + '/live');
    ws.binaryType = 'arraybuffer';
    let buffer = null;
    let pending = [];
    let stopped = false;
    const stop = () => {
      stopped = true;
      ws.close();
      video.removeAttribute('src');
      video.load();
      video.remove();
      img.classList.remove('hidden');
    };
    const fail = () => {
      if (stopped) return;
      stop();
      fallback();
    };
    const append = () => {
      if (!buffer || buffer.updating || !pending.length) return;
      try {
        buffer.appendBuffer(pending.shift());
      } catch (e) {
        fail();
      }
    };
    // MSE drifts behind live on a slow link or a paused tab: jump to the live edge when more than 2 s
    // behind or stuck before a gap (frames skipped for a slow connection), play a little faster to
    // catch up a smaller lag (a slow start leaves one), and keep only the last few seconds buffered.
    const keepLive = () => {
      const b = video.buffered;
      if (!b.length) return;
      const last = b.length - 1;
      const end = b.end(last);
      const lag = end - video.currentTime;
      if (video.currentTime < b.start(last) || lag > 2) video.currentTime = Math.max(b.start(last), end - 0.2);
      else if (lag > 0.8) video.playbackRate = 1.1;
      else if (lag < 0.4) video.playbackRate = 1;
      if (!buffer.updating && video.currentTime - b.start(0) > 10) buffer.remove(b.start(0), video.currentTime - 5);
      if (video.paused) video.play().catch(() => {});
    };
    const start = (msg) => {
      const type = 'video/mp4; codecs="' + msg.codec + '"';
      if (!MediaSource.isTypeSupported(type)) { fail(); return; }
      video.dataset.epoch = msg.epoch;
      buffer = null;
      pending = [];
      const source = new MediaSource();
      const url = URL.createObjectURL(source);
      source.addEventListener('sourceopen', () => {
        URL.revokeObjectURL(url);
        buffer = source.addSourceBuffer(type);
        buffer.mode = 'segments';
        buffer.addEventListener('updateend', () => { keepLive(); append(); });
        buffer.addEventListener('error', fail);
        append();
      }, { once: true });
      video.src = url;
    };
    ws.onmessage = (e) => {
      if (stopped) return;
      if (typeof e.data === 'string') {
        const msg = JSON.parse(e.data);
        if (msg.type === 'start') start(msg);
        else fail();
        return;
      }
      pending.push(e.data);
      // Fragments piling up here mean the decoder is not taking them: snapshots instead.
      if (pending.length > 100) fail();
      else append();
    };
    ws.onerror = fail;
    ws.onclose = fail;
    video.addEventListener('playing', () => {
      if (stopped || !img.parentNode) return;
      video.classList.remove('hidden');
      img.classList.add('hidden');
      onPlaying();
    });
    video.addEventListener('error', fail);
    return stop;
  }

  const palette = ['#4fa3ff', '#f5b942', '#3ecf8e', '#ff7ab6', '#b58cff', '#ff8a3d'];

  /** Zones, boxes with track ids and counts against capacity, drawn over the live image. */
  function drawOverlay(canvas, camera, analysis, status) {
    const w = canvas.clientWidth, h = canvas.clientHeight;
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, w, h);
    const counts = {};
    if (analysis) for (const z of analysis.zones) counts[z.zoneId] = z;
    camera.zones.forEach((z, i) => {
      const c = counts[z.id];
      const over = c && z.capacity !== null && c.current > z.capacity;
      g.strokeStyle = over ? '#ff5d5d' : palette[i % palette.length];
      g.fillStyle = over ? 'rgba(255,93,93,.12)' : 'rgba(79,163,255,.06)';
      g.lineWidth = 2;
      g.beginPath();
      z.polygon.forEach(([x, y], k) => (k ? g.lineTo(x * w, y * h) : g.moveTo(x * w, y * h)));
      g.closePath();
      g.fill();
      g.stroke();
      const [lx, ly] = z.polygon[0];
      const label = z.id + ': ' + (c ? c.current : '–') + (z.capacity !== null ? ' / ' + z.capacity : '');
      g.font = '12px system-ui, sans-serif';
      const tw = g.measureText(label).width;
      g.fillStyle = 'rgba(0,0,0,.65)';
      g.fillRect(lx * w + 4, ly * h + 4, tw + 8, 18);
      g.fillStyle = over ? '#ff5d5d' : '#fff';
      g.fillText(label, lx * w + 8, ly * h + 17);
    });
    if (analysis) {
      g.lineWidth = 2;
      for (const [id, l, t, r, b] of analysis.tracks) {
        g.strokeStyle = '#3ecf8e';
        g.strokeRect(l * w, t * h, (r - l) * w, (b - t) * h);
        g.fillStyle = '#3ecf8e';
        g.font = 'bold 11px system-ui, sans-serif';
        g.fillText('#' + id, l * w + 2, Math.max(10, t * h - 3));
      }
    }
    if (status) {
      const text = status.online ? t('camera.onlineFps', { fps: I18n.number(status.fpsAnalysed, 1) })
        : t('camera.state.' + status.state) + (status.reason ? ': ' + status.reason : '');
      g.font = '12px system-ui, sans-serif';
      const tw = g.measureText(text).width;
      g.fillStyle = 'rgba(0,0,0,.65)';
      g.fillRect(w - tw - 14, h - 24, tw + 10, 18);
      g.fillStyle = status.online ? '#3ecf8e' : '#ff5d5d';
      g.fillText(text, w - tw - 9, h - 11);
    }
  }

  /**
   * A line chart: series = [{name, color, points: [[timeMillis, value]], dashed}], time on x. Drawn
   * by hand on a canvas, so that the page needs no chart library.
   */
  function drawChart(canvas, series, opts = {}) {
    const w = canvas.clientWidth, h = canvas.clientHeight;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = w * ratio; canvas.height = h * ratio;
    const g = canvas.getContext('2d');
    g.scale(ratio, ratio);
    g.clearRect(0, 0, w, h);
    const pad = { l: 36, r: 10, t: 10, b: 22 };
    const all = series.flatMap((s) => s.points);
    const x0 = opts.from, x1 = opts.to;
    let y1 = Math.max(1, ...all.map((p) => p[1]));
    y1 = Math.ceil(y1 * 1.1);
    const X = (t) => pad.l + ((t - x0) / (x1 - x0)) * (w - pad.l - pad.r);
    const Y = (v) => h - pad.b - (v / y1) * (h - pad.t - pad.b);
    g.strokeStyle = '#2c3845'; g.fillStyle = '#93a1b0'; g.font = '11px system-ui, sans-serif'; g.lineWidth = 1;
    for (let i = 0; i <= 4; i++) {
      const v = (y1 * i) / 4;
      g.beginPath(); g.moveTo(pad.l, Y(v)); g.lineTo(w - pad.r, Y(v)); g.stroke();
      g.fillText(I18n.number(Math.round(v * 10) / 10), 4, Y(v) + 4);
    }
    for (let i = 0; i <= 4; i++) {
      const t = x0 + ((x1 - x0) * i) / 4;
      const d = new Date(t);
      const label = x1 - x0 > 2 * 86400000 ? d.toLocaleDateString(I18n.locale(), { weekday: 'short', day: 'numeric' })
        : I18n.time(d);
      g.fillText(label, Math.min(w - pad.r - 40, X(t) - 14), h - 6);
    }
    if (all.length === 0) {
      g.fillText(t('chart.noData'), w / 2 - 60, h / 2);
      return;
    }
    for (const s of series) {
      g.strokeStyle = s.color; g.lineWidth = s.dashed ? 1 : 2;
      g.setLineDash(s.dashed ? [5, 4] : []);
      g.beginPath();
      s.points.forEach(([t, v], i) => (i ? g.lineTo(X(t), Y(v)) : g.moveTo(X(t), Y(v))));
      g.stroke();
    }
    g.setLineDash([]);
  }

  function time(iso) {
    return I18n.dateTime(iso, true);
  }

  return { api, ApiError, el, errorText, stateBox, page, live, liveImage, drawOverlay, drawChart, palette, time, cookie };
})();
