// Leaflet (BSD-2-Clause) and Leaflet.markercluster (MIT), served from the jar under /webjars/, for the
// site map and the registration form's location picker.
//
// The basemap is the tile server the operator configured (server.map_tiles). Without one, the map
// fetches nothing: it draws an offline coordinate grid (a graticule with labelled lines) and a scale
// bar. A grid, not district boundaries: the project ships no boundary data whose source and licence it
// can vouch for, and an outline drawn from memory would look authoritative while being wrong; the grid
// with the scale still tells distances and directions between cameras truthfully.
'use strict';

const SiteMap = (() => {
  /** Street level is as close as coordinates typed by hand or picked by a click deserve. */
  const MAX_ZOOM = 18;
  /** Cameras on one site within this many pixels gather into one cluster, as markercluster's default (80) is too eager for a handful. */
  const CLUSTER_RADIUS_PX = 40;
  /** From this zoom on, cameras are never clustered: at street level each one should be clickable. */
  const NO_CLUSTER_ZOOM = 17;
  /** Grid line spacings in degrees, the first giving lines at least GRID_MIN_PX apart is used. */
  const GRID_STEPS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30];
  const GRID_MIN_PX = 90;
  /** Định Hóa district, Thái Nguyên (the district centre, Chợ Chu): where a map with no camera opens. */
  const DISTRICT = [21.9069, 105.6366];
  const DISTRICT_ZOOM = 12;

  /** A longitude or latitude as a grid label: no "-0", no more decimals than the spacing needs. */
  function degrees(value, digits) {
    const text = Math.abs(value) < 1e-9 ? '0' : value.toFixed(digits);
    return text + '°';
  }

  /**
   * An offline graticule: lines every GRID_STEPS degrees over the view (and half a view around it, so
   * that panning shows lines before they are drawn again), each labelled once at the view's top or left
   * edge. Vectors drawn here, nothing fetched; drawn again after each move or zoom.
   */
  const Graticule = L.LayerGroup.extend({
    onAdd(map) {
      if (!map.getPane('graticule')) map.createPane('graticule').style.zIndex = 250;
      L.LayerGroup.prototype.onAdd.call(this, map);
      map.on('moveend', this.redraw, this);
      this.redraw();
    },
    onRemove(map) {
      map.off('moveend', this.redraw, this);
      L.LayerGroup.prototype.onRemove.call(this, map);
    },
    redraw() {
      const map = this._map;
      if (!map) return;
      this.clearLayers();
      const view = map.getBounds(), around = view.pad(0.5);
      const perDegree = map.getSize().x / Math.max(1e-9, view.getEast() - view.getWest());
      const step = GRID_STEPS.find((s) => s * perDegree >= GRID_MIN_PX) || GRID_STEPS[GRID_STEPS.length - 1];
      const digits = Math.max(0, Math.ceil(-Math.log10(step)));
      const line = { pane: 'graticule', className: 'graticule', color: '#93a1b0', weight: 1, opacity: 0.35, interactive: false };
      const label = (at, text) => L.marker(at, { pane: 'graticule', interactive: false, keyboard: false,
        icon: L.divIcon({ className: 'graticule-label', html: text, iconSize: null }) });
      for (let k = Math.ceil(around.getWest() / step); k * step <= around.getEast(); k++) {
        const lng = k * step;
        this.addLayer(L.polyline([[around.getSouth(), lng], [around.getNorth(), lng]], line));
        if (lng >= view.getWest() && lng <= view.getEast()) this.addLayer(label([view.getNorth(), lng], degrees(lng, digits)));
      }
      for (let k = Math.ceil(around.getSouth() / step); k * step <= around.getNorth(); k++) {
        const lat = k * step;
        this.addLayer(L.polyline([[lat, around.getWest()], [lat, around.getEast()]], line));
        if (lat >= view.getSouth() && lat <= view.getNorth()) this.addLayer(label([lat, view.getWest()], degrees(lat, digits)));
      }
    },
  });

  /**
   * A Leaflet map in box with the basemap: the configured tiles, else the offline grid. The scale bar
   * is metric. Returns the map; map.basemap says which ('tiles' or 'grid').
   */
  function create(box, tileUrl) {
    const map = L.map(box, { maxZoom: MAX_ZOOM, zoomControl: false, attributionControl: false });
    L.control.zoom({ zoomInTitle: t('map.zoomIn'), zoomOutTitle: t('map.zoomOut') }).addTo(map);
    if (tileUrl) {
      L.tileLayer(tileUrl, { maxZoom: MAX_ZOOM, crossOrigin: false }).addTo(map);
      map.basemap = 'tiles';
    } else {
      new Graticule().addTo(map);
      map.basemap = 'grid';
      box.classList.add('offline-basemap');
    }
    box.dataset.basemap = map.basemap;
    L.control.scale({ metric: true, imperial: false, maxWidth: 160 }).addTo(map);
    map.setView(DISTRICT, DISTRICT_ZOOM);
    return map;
  }

  /** A cluster group for one site: clusters say how many cameras they hold and take the worst state's colour. */
  function siteGroup(site) {
    return L.markerClusterGroup({
      maxClusterRadius: CLUSTER_RADIUS_PX,
      disableClusteringAtZoom: NO_CLUSTER_ZOOM,
      showCoverageOnHover: false,
      iconCreateFunction: (cluster) => {
        const markers = cluster.getAllChildMarkers();
        const alerted = markers.some((m) => m.options.vigil && m.options.vigil.alerts > 0);
        const down = markers.some((m) => m.options.vigil && m.options.vigil.status === 'offline');
        return L.divIcon({
          className: 'site-cluster' + (alerted ? ' alert-open' : '') + (down ? ' status-offline' : ''),
          html: '<span>' + markers.length + '</span>',
          iconSize: [34, 34],
        });
      },
    });
  }

  /**
   * A camera's marker: the fill says its status (online, offline, connecting, disabled, unknown); an
   * amber ring says it has open alerts.
   */
  function cameraIcon(status, alerts) {
    return L.divIcon({
      className: 'cam-marker status-' + status + (alerts > 0 ? ' alert-open' : ''),
      html: alerts > 0 ? '<span class="alert-count">' + alerts + '</span>' : '',
      iconSize: [18, 18],
      // Labels start right of the marker and its alert ring.
      tooltipAnchor: [14, 0],
      popupAnchor: [0, -10],
    });
  }

  /** What the colours mean, in the page's language. */
  function legend() {
    const control = L.control({ position: 'bottomright' });
    control.onAdd = () => {
      const box = L.DomUtil.create('div', 'map-legend');
      box.id = 'map-legend';
      const item = (classes, key) => {
        const row = L.DomUtil.create('div', '', box);
        L.DomUtil.create('span', 'cam-marker ' + classes, row);
        row.append(document.createTextNode(t(key)));
      };
      item('status-online', 'map.legend.online');
      item('status-offline', 'map.legend.offline');
      item('status-connecting', 'map.legend.connecting');
      item('status-disabled', 'map.legend.disabled');
      item('status-unknown alert-open', 'map.legend.alerts');
      return box;
    };
    return control;
  }

  return { create, siteGroup, cameraIcon, legend, DISTRICT };
})();
