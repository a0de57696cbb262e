package io.vigil.web.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.analytics.Point;
import io.vigil.analytics.Zone;
import io.vigil.ingest.StreamInfo;
import io.vigil.config.CameraConfig;
import io.vigil.web.AlertInfo;
import io.vigil.web.CameraHealth;
import io.vigil.web.LiveFeed;
import java.time.Instant;
import java.util.List;

/** How API values are written as JSON; one place, so the pages and the OpenAPI document agree. */
final class Json {
  private Json() {}

  static JsonObject camera(CameraConfig c, CameraHealth state, boolean withSource) {
    JsonArray zones = new JsonArray();
    for (Zone z : c.zones()) {
      JsonArray poly = new JsonArray();
      for (Point p : z.polygon()) poly.add(new JsonArray().add(p.x()).add(p.y()));
      zones.add(new JsonObject().put("id", z.id()).put("polygon", poly)
          .put("capacity", z.occupancy() == null ? null : z.occupancy().capacity()));
    }
    JsonObject o = new JsonObject().put("id", c.id()).put("name", c.name()).put("site", c.site())
        .put("type", c.type().key())
        .put("location", c.location() == null ? null
            : new JsonObject().put("lat", c.location().lat()).put("lon", c.location().lon()))
        .put("owner", c.owner()).put("enabled", c.enabled()).put("analyticFps", c.analyticFps())
        .put("zones", zones).put("status", state == null ? null : state(state));
    // The stream address tells where the camera is on the network: only for those who manage it.
    if (withSource) o.put("source", c.detect().display());
    return o;
  }

  /** What a probe measured; the keyframe interval is null when longer than the probe's sample. */
  /** Null when nothing was probed (a camera registered disabled is not connected to). */
  static JsonObject stream(StreamInfo s) {
    if (s == null) return null;
    return new JsonObject().put("codec", s.codec()).put("width", s.width()).put("height", s.height())
        .put("fps", Math.round(s.fps() * 100) / 100.0)
        .put("keyframeInterval", s.keyframeInterval() == null ? null : Math.round(s.keyframeInterval() * 100) / 100.0);
  }

  static JsonObject state(CameraHealth s) {
    return new JsonObject().put("cameraId", s.cameraId()).put("state", s.state()).put("online", s.online())
        .put("reason", s.reason())
        .put("fpsIn", s.fpsIn()).put("fpsAnalysed", s.fpsAnalysed()).put("drops", s.drops())
        .put("reconnects", s.reconnects()).put("lastFrame", text(s.lastFrame()))
        .put("analysisMillis", s.analysisMillis());
  }

  static JsonObject alert(AlertInfo a) {
    return new JsonObject().put("id", a.id().toString()).put("time", text(a.time())).put("cameraId", a.cameraId())
        .put("zoneId", a.zoneId()).put("kind", a.kind()).put("severity", a.severity()).put("value", a.value())
        .put("threshold", a.threshold()).put("state", a.state()).put("acknowledgedBy", a.acknowledgedBy())
        .put("acknowledgedAt", text(a.acknowledgedAt())).put("resolvedBy", a.resolvedBy())
        .put("resolvedAt", text(a.resolvedAt())).put("note", a.note())
        .put("hasSnapshot", a.snapshotRef() != null).put("noDataSince", text(a.noDataSince()));
  }

  static JsonArray zoneCounts(List<LiveFeed.ZoneCount> zones) {
    JsonArray z = new JsonArray();
    zones.forEach(c -> z.add(new JsonObject().put("zoneId", c.zoneId()).put("current", c.current())
        .put("smoothed", Math.round(c.smoothed() * 100) / 100.0)));
    return z;
  }

  static JsonObject page(JsonArray items, int offset, int limit, long total) {
    return new JsonObject().put("items", items).put("offset", offset).put("limit", limit).put("total", total);
  }

  private static String text(Instant i) {
    return i == null ? null : i.toString();
  }
}
