package io.vigil.cameras;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.analytics.CountingLine;
import io.vigil.analytics.GatheringRule;
import io.vigil.analytics.OccupancyRule;
import io.vigil.analytics.Point;
import io.vigil.analytics.Zone;
import io.vigil.config.CameraConfig;
import io.vigil.config.CameraType;
import io.vigil.config.Credentials;
import io.vigil.config.Location;
import io.vigil.config.StreamSource;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Cameras registered at run time as they are kept in the database: the whole configuration as JSON,
 * with the password apart in its own column so that it never travels with the configuration.
 */
final class CameraCodec {
  private CameraCodec() {}

  static JsonObject toJson(CameraConfig c) {
    JsonObject o = new JsonObject()
        .put("id", c.id()).put("name", c.name()).put("site", c.site()).put("type", c.type().key())
        .put("analyticFps", c.analyticFps()).put("enabled", c.enabled()).put("owner", c.owner())
        .put("detect", source(c.detect()));
    if (c.live() != null && !c.live().equals(c.detect())) o.put("live", source(c.live()));
    if (c.location() != null) o.put("location", new JsonObject().put("lat", c.location().lat()).put("lon", c.location().lon()));
    JsonArray zones = new JsonArray();
    for (Zone z : c.zones()) {
      JsonObject zo = new JsonObject().put("id", z.id()).put("polygon", points(z.polygon()));
      if (z.occupancy() != null) {
        zo.put("occupancy", new JsonObject().put("capacity", z.occupancy().capacity())
            .put("holdMillis", z.occupancy().hold().toMillis()).put("hysteresis", z.occupancy().hysteresis()));
      }
      if (z.gathering() != null) {
        zo.put("gathering", new JsonObject().put("minPeople", z.gathering().minPeople())
            .put("distanceMetres", z.gathering().distanceMetres()).put("holdMillis", z.gathering().hold().toMillis()));
      }
      if (z.line() != null) zo.put("line", points(List.of(z.line().a(), z.line().b())));
      if (z.crossingInterval() != null) zo.put("crossingIntervalMillis", z.crossingInterval().toMillis());
      zones.add(zo);
    }
    return o.put("zones", zones);
  }

  /** The password of a registered camera's detect stream, kept apart from its JSON. */
  static String password(CameraConfig c) {
    return c.detect() instanceof StreamSource.Rtsp r && r.credentials().hasPassword()
        ? r.credentials().resolvePassword(System.getenv()) : null;
  }

  static CameraConfig fromJson(JsonObject o, String password) {
    List<Zone> zones = new ArrayList<>();
    for (Object zv : o.getJsonArray("zones", new JsonArray())) {
      JsonObject z = (JsonObject) zv;
      JsonObject occ = z.getJsonObject("occupancy");
      JsonObject g = z.getJsonObject("gathering");
      List<Point> line = z.containsKey("line") ? points(z.getJsonArray("line")) : null;
      Long interval = z.getLong("crossingIntervalMillis");
      zones.add(new Zone(z.getString("id"), points(z.getJsonArray("polygon")),
          occ == null ? null : new OccupancyRule(occ.getInteger("capacity"),
              Duration.ofMillis(occ.getLong("holdMillis")), occ.getInteger("hysteresis")),
          g == null ? null : new GatheringRule(g.getInteger("minPeople"), g.getDouble("distanceMetres"),
              Duration.ofMillis(g.getLong("holdMillis"))),
          line == null ? null : new CountingLine(line.get(0), line.get(1)),
          interval == null ? null : Duration.ofMillis(interval)));
    }
    JsonObject loc = o.getJsonObject("location");
    StreamSource detect = source(o.getJsonObject("detect"), password);
    StreamSource live = o.containsKey("live") ? source(o.getJsonObject("live"), password) : null;
    return new CameraConfig(o.getString("id"), o.getString("name"), o.getString("site"),
        CameraType.parse(o.getString("type")), loc == null ? null : new Location(loc.getDouble("lat"), loc.getDouble("lon")),
        detect, live, o.getDouble("analyticFps"), zones, o.getBoolean("enabled", true), o.getString("owner"));
  }

  private static JsonObject source(StreamSource s) {
    if (!(s instanceof StreamSource.Rtsp r)) {
      throw new IllegalArgumentException("only RTSP cameras are registered at run time");
    }
    return new JsonObject().put("url", r.uri().toString()).put("username", r.credentials().username());
  }

  private static StreamSource source(JsonObject o, String password) {
    String user = o.getString("username");
    return new StreamSource.Rtsp(URI.create(o.getString("url")),
        user == null ? Credentials.none() : Credentials.literal(user, password));
  }

  private static JsonArray points(List<Point> points) {
    JsonArray a = new JsonArray();
    points.forEach(p -> a.add(new JsonArray().add(p.x()).add(p.y())));
    return a;
  }

  private static List<Point> points(JsonArray a) {
    List<Point> out = new ArrayList<>();
    for (Object p : a) {
      JsonArray xy = (JsonArray) p;
      out.add(new Point(xy.getDouble(0), xy.getDouble(1)));
    }
    return out;
  }
}
