// Leaflet (BSD-2-Clause) and Leaflet.markercluster (MIT), served from the jar under /webjars/, for the
// site map and the registration form's location picker.
//
// The basemap is the tile server the operator configured (server.map_tiles). Without one, the map
// fetches nothing: it draws an offline coordinate grid (a graticule with labelled lines) under a scale
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

  /** An offline graticule: one canvas per tile, lines every GRID_STEPS degrees with their values. */
  const Graticule = L.GridLayer.extend({
    createTile(coords) {
      const tile = document.createElement('canvas');
      const size = this.getTileSize();
      tile.width = size.x;
      tile.height = size.y;
      const g = tile.getContext('2d');
      const map = this._map;
      const nw = coords.scaleBy(size);
      const zoom = coords.z;
      const at = (x, y) => map.unproject([nw.x + x, nw.y + y], zoom);
      const topLeft = at(0, 0), bottomRight = at(size.x, size.y);
      const perDegree = size.x / Math.max(1e-9, bottomRight.lng - topLeft.lng);
      const step = GRID_STEPS.find((s) => s * perDegree >= GRID_MIN_PX) || GRID_STEPS[GRID_STEPS.length - 1];
      const digits = Math.max(0, Math.ceil(-Math.log10(step)));
      g.strokeStyle = 'rgba(147, 161, 176, 0.35)';
      g.fillStyle = 'rgba(147, 161, 176, 0.8)';
      g.lineWidth = 1;
      g.font = '11px system-ui, sans-serif';
      for (let lng = Math.ceil(topLeft.lng / step) * step; lng <= bottomRight.lng; lng += step) {
        const x = Math.round(map.project([topLeft.lat, lng], zoom).x - nw.x) + 0.5;
        g.beginPath(); g.moveTo(x, 0); g.lineTo(x, size.y); g.stroke();
        g.fillText(lng.toFixed(digits) + '°', x + 3, size.y - 4);
      }
      for (let lat = Math.ceil(bottomRight.lat / step) * step; lat <= topLeft.lat; lat += step) {
        const y = Math.round(map.project([lat, topLeft.lng], zoom).y - nw.y) + 0.5;
        g.beginPath(); g.moveTo(0, y); g.lineTo(size.x, y); g.stroke();
        g.fillText(lat.toFixed(digits) + '°', 3, y - 3);
      }
      return tile;
    },
  });

  /**
   * A Leaflet map in box with the basemap: the configured tiles, else the offline grid. The scale bar
   * is metric. Returns the map; map.basemap says which ('tiles' or 'grid').
   */
  function create(box, tileUrl) {
    const map = L.map(box, { maxZoom: MAX_ZOOM, zoomControl: true, attributionControl: false });
    if (tileUrl) {
      L.tileLayer(tileUrl, { maxZoom: MAX_ZOOM, crossOrigin: false }).addTo(map);
      map.basemap = 'tiles';
    } else {
      new Graticule({ maxZoom: MAX_ZOOM }).addTo(map);
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
    });
  }

  return { create, siteGroup, cameraIcon, DISTRICT };
})();
