package io.vigil.web.api;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vigil.analytics.OccupancyRule;
import io.vigil.analytics.Point;
import io.vigil.analytics.Zone;
import io.vigil.config.CameraConfig;
import io.vigil.config.CameraType;
import io.vigil.config.Location;
import io.vigil.config.StreamSource;
import io.vigil.web.ApiError;
import io.vigil.web.LiveFeed;
import io.vigil.web.OccupancyService;
import io.vigil.web.WebBindings;
import io.vigil.web.auth.AuthStore;
import io.vigil.web.auth.Principal;
import io.vigil.web.auth.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Cameras: listing, live frames, counts, occupancy history, and registration by carriers. */
final class CameraApi {
  static final Set<Role> MANAGERS_OF_CAMERAS = Set.of(Role.ADMIN, Role.CARRIER);

  /** Chart ranges offered by the camera page, with a bucket giving a few hundred points each. */
  enum Range {
    HOUR(Duration.ofHours(1), Duration.ofMinutes(1)),
    DAY(Duration.ofDays(1), Duration.ofMinutes(10)),
    WEEK(Duration.ofDays(7), Duration.ofHours(1));

    final Duration span;
    final Duration bucket;

    Range(Duration span, Duration bucket) {
      this.span = span;
      this.bucket = bucket;
    }
  }

  static final Param RANGE = Param.oneOf("range", "How far back, with a bucket giving a few hundred points",
      Arrays.stream(Range.values()).map(r -> r.name().toLowerCase(Locale.ROOT)).toList());
  static final Endpoint LIST = Endpoint.of(GET, "/api/v1/cameras", ApiRoutes.ANY_ROLE, "Cameras the caller may see",
      Reply.json("The cameras, all on one page", Schemas.CAMERA_PAGE))
      .query(Param.text("site", "Only this site's"), Param.oneOf("type", "Only cameras of this type",
          Schemas.CAMERA_TYPES));
  static final Endpoint REGISTER = Endpoint.of(POST, "/api/v1/cameras", MANAGERS_OF_CAMERAS,
      "Register a camera: its stream is probed first; the answer carries the measured stream (codec, width, "
          + "height, fps, keyframeInterval), or a 422 saying why it was refused",
      Reply.created("Registered", Schemas.REGISTERED_CAMERA)).body(Schemas.CAMERA_REQUEST)
      .fails(Failure.CONFLICT, Failure.UNPROCESSABLE);
  static final Endpoint ONE = Endpoint.of(GET, "/api/v1/cameras/:id", ApiRoutes.ANY_ROLE,
      "One camera with its zones and status", Reply.json("The camera", Schemas.CAMERA));
  static final Endpoint REPLACE = Endpoint.of(PUT, "/api/v1/cameras/:id", MANAGERS_OF_CAMERAS,
      "Change a camera; its stream is probed again", Reply.json("Changed", Schemas.REGISTERED_CAMERA))
      .body(Schemas.CAMERA_CHANGE).fails(Failure.UNPROCESSABLE);
  static final Endpoint REMOVE = Endpoint.of(DELETE, "/api/v1/cameras/:id", MANAGERS_OF_CAMERAS, "Remove a camera",
      Reply.noContent("Removed"));
  static final Endpoint FRAME = Endpoint.of(GET, "/api/v1/cameras/:id/frame.jpg", ApiRoutes.ANY_ROLE,
      "Latest analysed frame (JPEG)", Reply.jpeg("The frame")).fails(Failure.CONFLICT);
  static final Endpoint OCCUPANCY = Endpoint.of(GET, "/api/v1/cameras/:id/occupancy", ApiRoutes.ANY_ROLE,
      "Occupancy history per zone", Reply.json("Bucketed history", Schemas.OCCUPANCY))
      .query(RANGE, Param.id("zone", "Only this zone's"));
  static final Endpoint COUNTS = Endpoint.of(GET, "/api/v1/counts", ApiRoutes.ANY_ROLE,
      "Current per-zone counts of each camera", Reply.json("The counts", Schemas.COUNTS));
  static final List<Endpoint> ENDPOINTS = List.of(LIST, REGISTER, ONE, REPLACE, REMOVE, FRAME, OCCUPANCY, COUNTS);

  private final Vertx vertx;
  private final WebBindings b;
  private final AuthStore store;

  CameraApi(Vertx vertx, WebBindings bindings, AuthStore store) {
    this.vertx = vertx;
    this.b = bindings;
    this.store = store;
  }

  void register(ApiRoutes api) {
    api.route(LIST, this::list);
    api.route(ONE, (ctx, p) -> {
      CameraConfig c = visible(ctx, p);
      ctx.json(Json.camera(c, b.cameras().state(c.id()), p.manages(c)));
    });
    api.route(FRAME, this::frame);
    api.route(OCCUPANCY, this::occupancy);
    api.route(COUNTS, this::counts);
    api.route(REGISTER, this::create);
    api.route(REPLACE, this::replace);
    api.route(REMOVE, this::delete);
  }

  /** The camera named in the path, or 404 when there is none or the caller may not see it. */
  CameraConfig visible(RoutingContext ctx, Principal p) {
    CameraConfig c = find(ctx.pathParam("id"));
    if (c == null || !p.sees(c)) throw ApiError.notFound();
    return c;
  }

  CameraConfig find(String id) {
    if (id == null) return null;
    for (CameraConfig c : b.cameras().cameras()) {
      if (c.id().equals(id)) return c;
    }
    return null;
  }

  private void list(RoutingContext ctx, Principal p) {
    String site = ctx.request().getParam("site");
    String type = ctx.request().getParam("type");
    JsonArray items = new JsonArray();
    for (CameraConfig c : b.cameras().cameras()) {
      if (!p.sees(c)) continue;
      if (site != null && !site.equals(c.site())) continue;
      if (type != null && !type.equals(c.type().key())) continue;
      items.add(Json.camera(c, b.cameras().state(c.id()), p.manages(c)));
    }
    ctx.json(Json.page(items, 0, items.size(), items.size()));
  }

  /** Answer for live routes of a camera that is switched off; the page shows it as disabled instead of asking. */
  static ApiError disabled() {
    return new ApiError(409, "camera_disabled", "the camera is disabled");
  }

  private void frame(RoutingContext ctx, Principal p) {
    CameraConfig c = visible(ctx, p);
    if (!c.enabled()) throw disabled();
    b.frames().latestJpeg(c.id()).onSuccess(jpeg -> {
      if (jpeg == null) {
        ctx.fail(new ApiError(404, "no_frame", "the camera has not delivered a frame yet"));
        return;
      }
      ctx.response().putHeader("Content-Type", "image/jpeg").putHeader("Cache-Control", "no-store").end(jpeg);
    }).onFailure(ctx::fail);
  }

  private void occupancy(RoutingContext ctx, Principal p) {
    CameraConfig c = visible(ctx, p);
    String rangeParam = ctx.request().getParam("range", "hour");
    Range range;
    try {
      range = Range.valueOf(rangeParam.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid("range", "range must be hour, day or week");
    }
    String zone = ctx.request().getParam("zone");
    if (zone != null) Input.id("zone", zone);
    Instant to = Instant.now();
    Instant from = to.minus(range.span);
    b.occupancy().occupancy(c.id(), zone, from, to, range.bucket).onSuccess(points -> {
      JsonArray items = new JsonArray();
      for (OccupancyService.Bucket pt : points) {
        items.add(new JsonObject().put("time", pt.bucket().toString()).put("zoneId", pt.zoneId())
            .put("max", pt.maxPeople()).put("mean", pt.meanPeople()));
      }
      ctx.json(new JsonObject().put("cameraId", c.id()).put("from", from.toString()).put("to", to.toString())
          .put("bucketSeconds", range.bucket.getSeconds()).put("items", items));
    }).onFailure(ctx::fail);
  }

  private void counts(RoutingContext ctx, Principal p) {
    Map<String, List<LiveFeed.ZoneCount>> counts = b.live().currentCounts();
    JsonArray items = new JsonArray();
    for (CameraConfig c : b.cameras().cameras()) {
      List<LiveFeed.ZoneCount> z = counts.get(c.id());
      if (z == null || !p.sees(c)) continue;
      items.add(new JsonObject().put("cameraId", c.id()).put("zones", Json.zoneCounts(z)));
    }
    ctx.json(new JsonObject().put("items", items));
  }

  private void create(RoutingContext ctx, Principal p) {
    CameraConfig c = parse(Input.object(ctx.body().buffer()), p, null);
    if (find(c.id()) != null) throw new ApiError(409, "conflict", "a camera with that id exists", "id");
    save(ctx, p, c, "camera_registered", 201);
  }

  private void replace(RoutingContext ctx, Principal p) {
    CameraConfig existing = visible(ctx, p);
    if (!p.manages(existing)) throw ApiError.forbidden();
    CameraConfig c = parse(Input.object(ctx.body().buffer()), p, existing);
    save(ctx, p, c, "camera_changed", 200);
  }

  private void delete(RoutingContext ctx, Principal p) {
    CameraConfig existing = visible(ctx, p);
    if (!p.manages(existing)) throw ApiError.forbidden();
    b.registrar().remove(existing.id())
        .compose(removed -> audit(p, "camera_deleted", existing.id(), new JsonObject()).map(removed))
        .onSuccess(removed -> {
          if (removed) ctx.response().setStatusCode(204).end();
          else ctx.fail(ApiError.notFound());
        }).onFailure(ctx::fail);
  }

  private void save(RoutingContext ctx, Principal p, CameraConfig c, String action, int status) {
    b.registrar().register(c)
        .compose(r -> audit(p, action, r.camera().id(), new JsonObject().put("name", r.camera().name())
            .put("site", r.camera().site()).put("owner", r.camera().owner()).put("stream", Json.stream(r.stream())))
            .map(r))
        .onSuccess(r -> ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
            .end(Json.camera(r.camera(), b.cameras().state(r.camera().id()), true)
                .put("stream", Json.stream(r.stream())).encode()))
        .onFailure(e -> ctx.fail(StreamProbeApi.onStreamField(e)));
  }

  private Future<Void> audit(Principal p, String action, String cameraId, JsonObject detail) {
    return vertx.executeBlocking(() -> {
      store.audit(p.username(), action, "camera", cameraId, detail);
      return null;
    }, false);
  }

  /**
   * A camera from a registration body. The id comes from the path when replacing; the owner is the
   * carrier's own organisation, and only an admin may name another.
   */
  CameraConfig parse(JsonObject o, Principal p, CameraConfig existing) {
    Input.onlyFields(o, (existing == null ? Schemas.CAMERA_REQUEST : Schemas.CAMERA_CHANGE).fieldNames());
    String id = existing != null ? existing.id() : Input.id(o, "id", true);
    if (existing != null && o.containsKey("id") && !existing.id().equals(o.getValue("id"))) {
      throw ApiError.invalid("id", "id cannot be changed");
    }
    String name = Input.text(o, "name", Schemas.TEXT_MAX, true, false);
    String site = Input.text(o, "site", Schemas.TEXT_MAX, true, false);
    CameraType type;
    try {
      type = CameraType.parse(Input.text(o, "type", 32, true, false));
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid("type", e.getMessage());
    }
    Location location = null;
    if (o.getValue("location") != null) {
      if (!(o.getValue("location") instanceof JsonObject)) throw ApiError.invalid("location", "location must be an object");
      JsonObject l = o.getJsonObject("location");
      Input.onlyFields(l, Schemas.LOCATION.fieldNames());
      location = new Location(Input.number(l, "lat", "location.lat", -90, 90),
          Input.number(l, "lon", "location.lon", -180, 180));
    }
    StreamSource.Rtsp stream = StreamProbeApi.source(o);
    double fps = o.containsKey("analyticFps") ? Input.number(o, "analyticFps", Schemas.MIN_FPS, Schemas.MAX_FPS) : 1;
    boolean enabled = true;
    if (o.containsKey("enabled")) {
      if (!(o.getValue("enabled") instanceof Boolean)) throw ApiError.invalid("enabled", "enabled must be true or false");
      enabled = o.getBoolean("enabled");
    }
    String owner;
    if (p.role() == Role.CARRIER) {
      if (o.containsKey("owner") && !p.organisation().equals(o.getValue("owner"))) {
        throw ApiError.invalid("owner", "owner must be your own organisation");
      }
      owner = p.organisation();
    } else {
      owner = o.containsKey("owner") ? Input.id(o, "owner", true) : existing == null ? null : existing.owner();
    }
    List<Zone> zones = zones(o);
    return new CameraConfig(id, name, site, type, location, stream, null, fps, zones, enabled, owner);
  }

  private static List<Zone> zones(JsonObject o) {
    if (!o.containsKey("zones")) return List.of();
    JsonArray a = Input.array(o, "zones", Schemas.MAX_ZONES);
    List<Zone> zones = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < a.size(); i++) {
      if (!(a.getValue(i) instanceof JsonObject)) throw ApiError.invalid("zones", "zones[" + i + "] must be an object");
      JsonObject z = a.getJsonObject(i);
      Input.onlyFields(z, Schemas.ZONE.fieldNames());
      String zid = Input.id(z, "id", true);
      if (!ids.add(zid)) throw ApiError.invalid("zones", "zone id " + zid + " is used twice");
      JsonArray poly = Input.array(z, "polygon", Schemas.MAX_POINTS);
      if (poly.size() < Schemas.MIN_POINTS) {
        throw ApiError.invalid("zones", "zones[" + i + "].polygon needs at least " + Schemas.MIN_POINTS + " points");
      }
      List<Point> points = new ArrayList<>();
      for (int k = 0; k < poly.size(); k++) {
        Object pt = poly.getValue(k);
        if (!(pt instanceof JsonArray) || ((JsonArray) pt).size() != 2
            || !(((JsonArray) pt).getValue(0) instanceof Number) || !(((JsonArray) pt).getValue(1) instanceof Number)) {
          throw ApiError.invalid("zones", "zones[" + i + "].polygon points must be [x, y] pairs of numbers");
        }
        double x = ((JsonArray) pt).getDouble(0);
        double y = ((JsonArray) pt).getDouble(1);
        if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
          throw ApiError.invalid("zones", "zones[" + i + "].polygon points must lie within [0,1]");
        }
        points.add(new Point(x, y));
      }
      OccupancyRule rule = z.containsKey("capacity")
          ? new OccupancyRule((int) Input.number(z, "capacity", 0, Schemas.MAX_CAPACITY), Duration.ofSeconds(10), 1) : null;
      zones.add(new Zone(zid, points, rule, null, null, Duration.ofMinutes(1)));
    }
    return zones;
  }
}
