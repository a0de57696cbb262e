// The camera page's occupancy chart, drawn by uPlot (MIT; served from the jar under /webjars/, nothing
// fetched from elsewhere). Axes say what they measure: people on y in whole numbers, local time on x;
// each zone's capacity is a labelled dashed line; a bucket with no neighbour is drawn as a point, so one
// minute of history is visible; with no bucket at all the chart says that there is not enough data yet.
'use strict';

const OccupancyChart = (() => {
  const HEIGHT = 240;
  const CAPACITY_COLOUR = '#ff5d5d';
  /** Headroom over the highest value or capacity, so that the top line and its label are not clipped. */
  const HEADROOM = 1.15;
  /** Whole people only: a person count has no 2.3 tick. */
  const PEOPLE_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000];

  /** The viewer's offset from UTC as operators say it: UTC+7 in Hà Nội, UTC on a server in UTC. */
  function timeZone() {
    const minutes = -new Date().getTimezoneOffset();
    if (minutes === 0) return 'UTC';
    const h = Math.floor(Math.abs(minutes) / 60), m = Math.abs(minutes) % 60;
    return 'UTC' + (minutes > 0 ? '+' : '−') + h + (m ? ':' + String(m).padStart(2, '0') : '');
  }

  /** Tick labels for the x axis in the viewer's time zone: the clock over a day, the date beyond it. */
  function timeLabel(seconds, spanSeconds) {
    const d = new Date(seconds * 1000);
    if (spanSeconds <= 2 * 86400) return I18n.time(d);
    const p = (n) => String(n).padStart(2, '0');
    if (I18n.lang === 'vi') return p(d.getDate()) + '/' + p(d.getMonth() + 1);
    return d.toLocaleDateString(I18n.locale(), { day: 'numeric', month: 'short' });
  }

  /** Indices of values that have no value next to them: uPlot cannot draw a line through them. */
  function isolated(values) {
    const out = [];
    for (let i = 0; i < values.length; i++) {
      if (values[i] == null) continue;
      if ((i === 0 || values[i - 1] == null) && (i === values.length - 1 || values[i + 1] == null)) out.push(i);
    }
    return out;
  }

  /**
   * uPlot's aligned data: the x values are the range's ends and every bucket time; each zone has a mean
   * and a max series with nulls where it has no bucket, and a constant capacity series.
   */
  function align(zones, data) {
    const from = Date.parse(data.from) / 1000, to = Date.parse(data.to) / 1000;
    const times = new Set([from, to]);
    const byZone = {};
    for (const p of data.items) {
      const t = Date.parse(p.time) / 1000;
      times.add(t);
      (byZone[p.zoneId] = byZone[p.zoneId] || new Map()).set(t, p);
    }
    const xs = [...times].sort((a, b) => a - b);
    const columns = [xs];
    const series = [];
    zones.forEach((z, i) => {
      const colour = Vigil.palette[i % Vigil.palette.length];
      const points = byZone[z.id] || new Map();
      const mean = xs.map((t) => (points.has(t) ? points.get(t).mean : null));
      const max = xs.map((t) => (points.has(t) ? points.get(t).max : null));
      columns.push(mean, max);
      series.push({ label: t('chart.mean', { zone: z.id }), stroke: colour, width: 2, kind: 'mean' });
      series.push({ label: t('chart.max', { zone: z.id }), stroke: colour, width: 1, dash: [5, 4], kind: 'max' });
    });
    zones.forEach((z) => {
      if (z.capacity === null || z.capacity === undefined) return;
      columns.push(xs.map(() => z.capacity));
      series.push({ label: t('chart.capacityOf', { zone: z.id }), stroke: CAPACITY_COLOUR, width: 1.5, dash: [8, 4],
        kind: 'capacity', capacity: z.capacity, zone: z.id });
    });
    return { from, to, columns, series };
  }

  /** The labels of the capacity lines, as text over the plot at each line's right end. */
  function labelCapacities(u, series) {
    u.over.querySelectorAll('.capacity-label').forEach((e) => e.remove());
    series.forEach((s) => {
      if (s.kind !== 'capacity') return;
      const label = document.createElement('span');
      label.className = 'capacity-label';
      label.dataset.zone = s.zone;
      label.textContent = t('chart.capacityLabel', { zone: s.zone, n: I18n.number(s.capacity) });
      label.style.top = Math.max(0, u.valToPos(s.capacity, 'y') - 18) + 'px';
      label.style.right = '4px';
      u.over.append(label);
    });
  }

  /**
   * Draws data (the occupancy answer: from, to, items) for the camera's zones into box, replacing what
   * was there. Returns a function that resizes the chart to its box.
   */
  function render(box, zones, data) {
    box.replaceChildren();
    const buckets = new Set(data.items.map((p) => p.time)).size;
    box.dataset.points = String(data.items.length);
    box.dataset.buckets = String(buckets);
    if (buckets === 0) {
      box.dataset.state = 'empty';
      box.append(Vigil.el('div', { class: 'chart-empty', 'data-state': 'empty' },
        Vigil.el('strong', {}, t('chart.notEnoughData')), Vigil.el('div', { class: 'muted' }, t('chart.notEnoughDataHint'))));
      return () => {};
    }
    box.dataset.state = buckets === 1 ? 'single' : 'series';
    const { from, to, columns, series } = align(zones, data);
    const lonely = columns.map((values) => isolated(values));
    const span = to - from;
    const maxValue = Math.max(1, ...series.map((s, i) => Math.max(...columns[i + 1].filter((v) => v != null))));
    const opts = {
      width: Math.max(200, box.clientWidth),
      height: HEIGHT,
      scales: {
        x: { time: true, range: () => [from, to] },
        y: { range: () => [0, Math.max(2, Math.ceil(maxValue * HEADROOM))] },
      },
      axes: [
        {
          label: t('chart.axis.time', { zone: timeZone() }), stroke: '#93a1b0', grid: { stroke: '#2c3845', width: 1 },
          ticks: { stroke: '#2c3845' }, values: (u, splits) => splits.map((s) => timeLabel(s, span)),
        },
        {
          label: t('chart.axis.people'), stroke: '#93a1b0', grid: { stroke: '#2c3845', width: 1 },
          ticks: { stroke: '#2c3845' }, incrs: PEOPLE_STEPS, size: 56,
          values: (u, splits) => splits.map((v) => I18n.number(v)),
        },
      ],
      series: [
        { label: t('chart.time'), value: (u, v) => (v == null ? '–' : I18n.dateTime(v * 1000)) },
        ...series.map((s, k) => ({
          label: s.label, stroke: s.stroke, width: s.width, dash: s.dash, spanGaps: false,
          value: (u, v) => (v == null ? '–' : I18n.number(v, s.kind === 'mean' ? 1 : 0)),
          // Lines carry the series; a point only where a bucket has no neighbour to draw a line to.
          points: s.kind === 'capacity' ? { show: false }
            : { show: false, size: 7, fill: s.stroke, filter: () => lonely[k + 1] },
        })),
      ],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      hooks: { draw: [(u) => labelCapacities(u, series)] },
    };
    const plot = new uPlot(opts, columns, box);
    // Kept on the box: what was drawn (axis labels, tick texts, positions) can be read back from it.
    box.uplot = plot;
    return () => plot.setSize({ width: Math.max(200, box.clientWidth), height: HEIGHT });
  }

  return { render, isolated };
})();
