// Recorded video (issue #17): an alert's clip played inline in the inbox, and a camera's last 24 h on its
// page (recorded ranges, alerts marked, play from any point, download a chosen range as one MP4).
// Segments are plain MP4 files played one after another; the server answers range requests, so the
// browser fetches only what it plays.
'use strict';
const Recordings = (() => {
  const DAY_MS = 24 * 3600 * 1000;
  /** A download's default range: the last minute recorded, what an operator usually wants to keep. */
  const DEFAULT_DOWNLOAD_MS = 60 * 1000;

  /**
   * Plays segments in order in video, from wall-clock time startMs; onTime gets the wall-clock time
   * shown as it plays.
   */
  function play(video, segments, startMs, onTime) {
    let i = segments.findIndex((s) => Date.parse(s.end) > startMs);
    if (i < 0) i = 0;
    const load = (k, offsetSeconds) => {
      i = k;
      video.src = segments[k].url;
      video.dataset.segment = segments[k].start;
      video.addEventListener('loadedmetadata', () => {
        if (offsetSeconds > 0) video.currentTime = Math.min(offsetSeconds, video.duration || offsetSeconds);
        video.play().catch(() => {});
      }, { once: true });
    };
    video.onended = () => { if (i + 1 < segments.length) load(i + 1, 0); };
    video.ontimeupdate = () => { if (onTime) onTime(Date.parse(segments[i].start) + video.currentTime * 1000); };
    load(i, Math.max(0, (startMs - Date.parse(segments[i].start)) / 1000));
  }

  function videoElement(attrs) {
    const v = Vigil.el('video', Object.assign({ controls: true, playsinline: true, preload: 'metadata' }, attrs));
    // Muted: browsers play a muted video without a click first; recordings carry no sound anyway.
    v.muted = true;
    return v;
  }

  /** A sample of boxes counts for this long after its frame (the analysis runs about once a second). */
  const BOX_HOLD_MS = 1500;

  /**
   * Draws the stored boxes of the frame analysed at or just before the wall-clock time shown, over the
   * video; canvas.dataset.boxes says how many are drawn (for tests and screen readers' sake).
   */
  function drawBoxes(canvas, video, tracks, ms) {
    const w = video.clientWidth, h = video.clientHeight;
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, w, h);
    let sample = null;
    for (const s of tracks) { if (s[0] <= ms) sample = s; else break; }
    const boxes = sample && ms - sample[0] <= BOX_HOLD_MS ? sample[1] : [];
    // The picture is letterboxed inside the element when their shapes differ.
    const vw = video.videoWidth || w, vh = video.videoHeight || h;
    const scale = Math.min(w / vw, h / vh);
    const dw = vw * scale, dh = vh * scale, ox = (w - dw) / 2, oy = (h - dh) / 2;
    g.lineWidth = 2;
    g.strokeStyle = '#3ecf8e';
    g.fillStyle = '#3ecf8e';
    g.font = 'bold 11px system-ui, sans-serif';
    for (const [id, l, t, r, b] of boxes) {
      g.strokeRect(ox + l * dw, oy + t * dh, (r - l) * dw, (b - t) * dh);
      g.fillText('#' + id, ox + l * dw + 2, Math.max(10, oy + t * dh - 3));
    }
    canvas.dataset.boxes = String(boxes.length);
  }

  /** The inbox's button that fetches and plays an alert's clip where it is. */
  function clipButton(alert) {
    const { el, api } = Vigil;
    const holder = el('div', { class: 'rec-clip' });
    const button = el('button', { class: 'clip-play', onclick: async () => {
      button.disabled = true;
      try {
        const clip = await api('/api/v1/alerts/' + alert.id + '/clip');
        if (!clip.segments.length) {
          holder.replaceChildren(el('span', { class: 'muted' }, t('rec.noClip')));
          return;
        }
        const video = videoElement({ class: 'rec-clip-video', 'data-alert': alert.id });
        const boxes = el('canvas', { class: 'rec-boxes', 'data-alert': alert.id });
        holder.replaceChildren(el('div', { class: 'rec-frame' }, video, boxes), el('div', { class: 'muted' },
          t('rec.clipRange', { from: I18n.time(clip.from, true), to: I18n.time(clip.to, true) })));
        play(video, clip.segments, Date.parse(clip.from), (ms) => drawBoxes(boxes, video, clip.tracks || [], ms));
      } catch (e) {
        holder.replaceChildren(el('span', { class: 'error' }, Vigil.errorText(e)));
      }
    } }, t('rec.playClip'));
    holder.append(button);
    return holder;
  }

  /** 'YYYY-MM-DDTHH:MM:SS' in local time, as a datetime-local input holds it. */
  function localInput(ms) {
    const d = new Date(ms);
    const p = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':'
      + p(d.getMinutes()) + ':' + p(d.getSeconds());
  }

  /** The camera page's last 24 h: recorded ranges and alerts on a bar, a player, a download. */
  async function timeline(section, camera) {
    const { el, api } = Vigil;
    const to = Date.now();
    const from = to - DAY_MS;
    const bar = el('div', { class: 'rec-timeline', id: 'rec-timeline', title: t('rec.timelineHint') });
    const video = videoElement({ id: 'rec-video', class: 'rec-video hidden' });
    const at = el('div', { class: 'muted', id: 'rec-at' });
    const fromInput = el('input', { type: 'datetime-local', id: 'rec-from', step: '1' });
    const toInput = el('input', { type: 'datetime-local', id: 'rec-to', step: '1' });
    const download = el('a', { id: 'rec-download', class: 'button', href: '#', download: '' }, t('rec.download'));
    const state = el('div', { class: 'muted', id: 'rec-state' }, t('rec.loading'));
    section.replaceChildren(el('h2', {}, t('rec.heading')), state, bar,
      el('div', { class: 'rec-scale muted' }, el('span', {}, I18n.dateTime(from)), el('span', {}, I18n.dateTime(to))),
      video, at,
      el('div', { class: 'toolbar' }, el('label', {}, t('rec.from'), fromInput), el('label', {}, t('rec.to'), toInput), download));
    let data;
    try {
      data = await api('/api/v1/cameras/' + encodeURIComponent(camera.id) + '/recordings?from='
        + new Date(from).toISOString() + '&to=' + new Date(to).toISOString());
    } catch (e) {
      state.textContent = e.status === 404 ? t('rec.none') : Vigil.errorText(e);
      return;
    }
    const x = (ms) => Math.max(0, Math.min(100, (ms - from) * 100 / DAY_MS)) + '%';
    const width = (a, b) => Math.max(0.05, (b - a) * 100 / DAY_MS) + '%';
    // Adjacent segments are drawn as one range: a gap in the bar is a gap in the recording.
    const ranges = [];
    for (const s of data.segments) {
      const a = Date.parse(s.start), b = Date.parse(s.end);
      const last = ranges[ranges.length - 1];
      if (last && a - last[1] < 1500) last[1] = Math.max(last[1], b); else ranges.push([a, b]);
    }
    for (const [a, b] of ranges) bar.append(el('span', { class: 'rec-range', style: 'left:' + x(a) + ';width:' + width(a, b) }));
    for (const a of data.alerts) {
      bar.append(el('span', { class: 'rec-alert', 'data-alert': a.id, style: 'left:' + x(Date.parse(a.time)),
        title: t('rec.alertAt', { time: I18n.dateTime(a.time) }) }));
    }
    state.textContent = data.segments.length ? t('rec.count', { n: I18n.number(data.segments.length) }) : t('rec.none');
    bar.dataset.segments = String(data.segments.length);
    const showAt = (ms) => { at.textContent = t('rec.playingAt', { time: I18n.dateTime(ms, true) }); };
    const playFrom = (ms) => {
      if (!data.segments.length) return;
      video.classList.remove('hidden');
      play(video, data.segments, ms, showAt);
    };
    bar.addEventListener('click', (ev) => {
      const r = bar.getBoundingClientRect();
      playFrom(from + (ev.clientX - r.left) * DAY_MS / r.width);
    });
    for (const m of bar.querySelectorAll('.rec-alert')) {
      m.addEventListener('click', (ev) => {
        ev.stopPropagation();
        playFrom(Date.parse(data.alerts.find((a) => a.id === m.dataset.alert).time) - 10000);
      });
    }
    const lastEnd = data.segments.length ? Date.parse(data.segments[data.segments.length - 1].end) : to;
    fromInput.value = localInput(lastEnd - DEFAULT_DOWNLOAD_MS);
    toInput.value = localInput(lastEnd);
    const link = () => {
      const a = new Date(fromInput.value), b = new Date(toInput.value);
      download.href = isNaN(a) || isNaN(b) ? '#' : '/api/v1/cameras/' + encodeURIComponent(camera.id)
        + '/recording.mp4?from=' + a.toISOString() + '&to=' + b.toISOString();
    };
    fromInput.addEventListener('change', link);
    toInput.addEventListener('change', link);
    link();
  }

  return { play, clipButton, timeline };
})();
