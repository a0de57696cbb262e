package io.vigil.web.api;

import static io.vertx.core.http.HttpMethod.GET;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.vigil.ingest.IngestOptions;
import io.vigil.ingest.StreamCheckException;
import io.vigil.config.CameraConfig;
import io.vigil.config.ServerSettings;
import io.vigil.ingest.live.LiveVideo;
import io.vigil.web.ApiError;
import io.vigil.web.CameraDirectory;
import io.vigil.store.DatabaseHealth;
import io.vigil.store.StorageOptions;
import io.vigil.web.CameraHealth;
import io.vigil.web.DatabaseUnavailable;
import io.vigil.web.FailureLog;
import io.vigil.web.Metrics;
import io.vigil.web.RecordingSource;
import io.vigil.web.WebBindings;
import io.vigil.web.auth.AuthStore;
import io.vigil.web.auth.FirstAdminNotice;
import io.vigil.web.auth.LoginThrottle;
import io.vigil.web.auth.PasswordHasher;
import io.vigil.web.auth.Role;
import io.vigil.web.auth.Security;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/** Serves the web viewer and the API. */
public final class WebVerticle extends VerticleBase {
  private static final System.Logger LOG = System.getLogger(WebVerticle.class.getName());
  private final FailureLog failures = new FailureLog(LOG);
  /** No API request carries more than a camera definition; anything bigger is refused unread. */
  static final long MAX_BODY_BYTES = 64 * 1024;
  static final Set<Role> ADMINS = Set.of(Role.ADMIN);
  /** Where the pages find uPlot and Leaflet: META-INF/resources/webjars of their jars, as WebJars lay them out. */
  static final String WEBJARS = "/webjars/";

  static final Endpoint HEALTH = Endpoint.of(GET, "/api/v1/health", Set.of(),
      "Health check for load balancers and watchdogs: 503 while the database is down",
      Reply.json("Up, and the database answers", Schemas.HEALTH))
      .orElse(Reply.json(503, "Degraded: the database is down; cameras, live counts and signed-in users keep "
          + "working, history and changes do not", Schemas.HEALTH));
  static final Endpoint OPENAPI = Endpoint.of(GET, "/api/v1/openapi.json", Set.of(), "This document",
      Reply.anyJson("The OpenAPI document"));
  static final Endpoint CONFIG = Endpoint.of(GET, "/api/v1/config", Set.of(), "Viewer settings (map tiles)",
      Reply.json("The settings", Schemas.CONFIG));
  static final Endpoint CLUSTER = Endpoint.of(GET, "/api/v1/cluster", ADMINS, "Cluster members, which node pulls "
      + "which camera, and each node's load; {\"clustered\": false} on a single node",
      Reply.json("The cluster", Schemas.CLUSTER));
  static final Endpoint METRICS = Endpoint.of(GET, "/metrics", ADMINS, "Prometheus metrics (text format 0.0.4)",
      Reply.prometheus("The metrics"));
  static final List<Endpoint> ENDPOINTS = List.of(HEALTH, OPENAPI, CONFIG, CLUSTER, METRICS);

  private final ServerSettings settings;
  private final WebBindings bindings;
  private final String mapTileUrl;
  private final FirstAdminNotice firstAdmin;
  private final IngestOptions liveOptions;
  private HttpServer server;
  private Router router;
  private ApiRoutes api;
  private LiveVideo video;
  private final HttpLimits limits = HttpLimits.defaults();
  private HttpGuard guard;
  /** Live video as the cluster serves it (from each camera's owner); a single node remuxes itself. */
  private UnaryOperator<LiveVideo> liveVideo = UnaryOperator.identity();
  /** Null when this server records nothing: the recording routes answer 404. */
  private RecordingSource recordings;
  /** The cluster's members and who pulls which camera; a single node says so. */
  private volatile Supplier<JsonObject> clusterView =
      () -> new JsonObject().put("clustered", false);

  /**
   * @param mapTileUrl an {@code https://.../{z}/{x}/{y}.png} template for the site map's background, or
   *                   null for a plain plot of the camera coordinates
   * @param console    where the first administrator's generated password is printed, once
   */
  public WebVerticle(ServerSettings settings, WebBindings bindings, String mapTileUrl, PrintStream console) {
    this(settings, bindings, mapTileUrl, FirstAdminNotice.printTo(console), IngestOptions.defaults());
  }

  /**
   * @param liveOptions how live video connects to cameras: the platform's ingest options, so that it
   *                    applies the same address policy to registered cameras as ingest does
   */
  public WebVerticle(ServerSettings settings, WebBindings bindings, String mapTileUrl, FirstAdminNotice firstAdmin,
      IngestOptions liveOptions) {
    this.settings = settings;
    this.bindings = bindings;
    this.mapTileUrl = checkTileUrl(mapTileUrl);
    this.firstAdmin = firstAdmin;
    this.liveOptions = liveOptions;
  }

  @Override
  public Future<?> start() {
    SecureRandom random = new SecureRandom();
    AuthStore store = new AuthStore(bindings.dataSource(), random, new PasswordHasher(random));
    Security security = new Security(vertx, store, bindings.database());
    vertx.setPeriodic(Security.REPLAY_EVERY_MS, t -> security.replayRevocations());
    router = Router.router(vertx);
    router.route().handler(this::securityHeaders);
    api = new ApiRoutes(router, security, MAX_BODY_BYTES);

    api.publicRoute(HEALTH, this::health);
    api.publicRoute(OPENAPI, ctx -> ctx.json(OpenApi.document(api.endpoints())));
    api.publicRoute(CONFIG, ctx -> ctx.json(new JsonObject().put("mapTileUrl", mapTileUrl)));
    new AuthApi(vertx, store, security, new LoginThrottle(Clock.systemUTC()), random).register(api);
    new UserApi(vertx, store).register(api);
    CameraApi cameras = new CameraApi(vertx, bindings, store);
    cameras.register(api);
    new StreamProbeApi(bindings).register(api);
    new AlertApi(vertx, bindings, cameras, store).register(api);
    new RecordingApi(vertx, cameras, store, recordings).register(api);
    LiveApi live = new LiveApi(vertx, bindings, cameras, security);
    live.register(api);
    // Remuxes run on their own threads, one per watched camera, and end with this verticle.
    video = liveVideo.apply(LiveVideo.create(liveOptions, System.getenv()));
    LiveVideoApi liveVideo = new LiveVideoApi(vertx, cameras, security, video);
    liveVideo.register(api);
    registerWebMetrics(bindings.metrics(), live, liveVideo);
    registerVideoMetrics(bindings.metrics(), video);
    registerCameraMetrics(bindings.metrics(), bindings.cameras());
    guard = new HttpGuard(vertx, limits);
    guard.registerMetrics(bindings.metrics());
    api.route(CLUSTER, (ctx, p) -> ctx.json(clusterView.get()));
    api.route(METRICS, (ctx, p) -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(bindings.metrics().scrape()));

    router.route("/api/*").handler(ctx -> ctx.fail(new ApiError(404, "not_found", "no such API route")));
    router.route().failureHandler(this::failure);
    // The viewer's chart and map libraries, from their WebJars on the class path (nothing fetched at run time).
    router.route(WEBJARS + "*").handler(StaticHandler.create("META-INF/resources/webjars").setCachingEnabled(false));
    router.route().handler(StaticHandler.create("webroot").setCachingEnabled(false).setIndexPage("index.html"));
    return vertx.executeBlocking(() -> {
      AuthApi.ensureFirstAdmin(store, random, firstAdmin);
      return null;
    }).compose(v -> guard.guard(vertx.createHttpServer(guard.serverOptions()), router)
        .listen(settings.httpPort(), settings.bind())
        .onSuccess(s -> server = s));
  }

  @Override
  public Future<?> stop() {
    if (video != null) video.close();
    return Future.succeededFuture();
  }

  /** Set before deployment by a clustered platform: wraps this node's own remuxes. */
  public void liveVideo(UnaryOperator<LiveVideo> wrap) {
    liveVideo = wrap;
  }

  /** Set before deployment by a clustered platform. */
  /** Recorded video to serve; call before deploying. */
  public void recordings(RecordingSource source) {
    recordings = source;
  }

  public void clusterView(Supplier<JsonObject> view) {
    clusterView = view;
  }

  HttpGuard guard() {
    return guard;
  }

  public int actualPort() {
    return server.actualPort();
  }

  LiveVideo video() {
    return video;
  }

  Router router() {
    return router;
  }

  List<Endpoint> endpoints() {
    return api.endpoints();
  }

  private static void registerWebMetrics(Metrics metrics, LiveApi live, LiveVideoApi video) {
    metrics.gauge("vigil_web_live_video_viewers", "Open live video WebSockets",
        () -> List.of(new Metrics.Sample(Map.of(), video.viewers())));
    metrics.counter("vigil_web_live_video_dropped_total", "Video frames skipped for viewers that could not keep up",
        () -> List.of(new Metrics.Sample(Map.of(), video.dropped())));
    metrics.gauge("vigil_web_live_clients", "Open live event streams",
        () -> List.of(new Metrics.Sample(Map.of(), live.clients())));
    metrics.counter("vigil_web_live_dropped_total", "Live messages not sent to viewers that could not keep up",
        () -> List.of(new Metrics.Sample(Map.of(), live.dropped())));
  }

  private static void registerVideoMetrics(Metrics metrics, LiveVideo video) {
    metrics.gauge("vigil_live_remuxes", "Cameras whose live video this node remuxes (connections to cameras)",
        () -> List.of(new Metrics.Sample(Map.of(), video.remuxes())));
  }

  /** What the camera registry knows per camera; frame totals, analytics time and the writer are the platform's to add. */
  private static void registerCameraMetrics(Metrics metrics, CameraDirectory cameras) {
    metrics.gauge("vigil_camera_online", "1 when the camera delivers frames, 0 otherwise",
        () -> perCamera(cameras, s -> s.online() ? 1 : 0));
    metrics.gauge("vigil_camera_fps_in", "Frames per second received", () -> perCamera(cameras, CameraHealth::fpsIn));
    metrics.gauge("vigil_camera_fps_analysed", "Frames per second analysed",
        () -> perCamera(cameras, CameraHealth::fpsAnalysed));
    metrics.gauge("vigil_camera_analysis_seconds", "Mean analytics time per frame",
        () -> perCamera(cameras, s -> s.analysisMillis() / 1000));
    metrics.counter("vigil_camera_dropped_frames_total", "Frames dropped because analysis could not keep up",
        () -> perCamera(cameras, CameraHealth::drops));
    metrics.counter("vigil_camera_reconnects_total", "Reconnections to the camera",
        () -> perCamera(cameras, CameraHealth::reconnects));
  }

  private static List<Metrics.Sample> perCamera(CameraDirectory cameras, ToDoubleFunction<CameraHealth> value) {
    List<Metrics.Sample> out = new ArrayList<>();
    for (CameraConfig c : cameras.cameras()) {
      CameraHealth s = cameras.state(c.id());
      if (s != null) out.add(new Metrics.Sample(Map.of("camera", c.id()), value.applyAsDouble(s)));
    }
    return out;
  }

  private void securityHeaders(RoutingContext ctx) {
    String tiles = mapTileUrl == null ? "" : " " + origin(mapTileUrl);
    ctx.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:" + tiles
            + "; media-src 'self' blob:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    ctx.next();
  }

  private void health(RoutingContext ctx) {
    DatabaseHealth h = bindings.database().get();
    ctx.response().setStatusCode(h.up() ? 200 : 503);
    ctx.json(new JsonObject().put("status", h.up() ? "ok" : "degraded")
        .put("database", h.state().name().toLowerCase(Locale.ROOT)).put("since", h.since().toString())
        .put("restarts", h.restarts()));
  }

  /**
   * Answers a failed request. What is known (refusals, the database being away) is logged without a
   * stack trace; the rest with one; either at most once a minute per kind (see {@link FailureLog}).
   */
  private void failure(RoutingContext ctx) {
    Throwable f = ctx.failure();
    ApiError e;
    if (DatabaseUnavailable.causedBy(f)) {
      e = f instanceof ApiError a ? a : DatabaseUnavailable.error();
      failures.log(Level.WARNING, DatabaseUnavailable.CODE, "Requests answered 503 while the database is "
          + "unavailable, such as " + ctx.request().method() + " " + ctx.request().path() + ": " + summary(f), null);
      ctx.response().putHeader("Retry-After", Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS));
    } else if (f instanceof ApiError) {
      e = (ApiError) f;
    } else if (f instanceof StreamCheckException) {
      e = new ApiError(422, ((StreamCheckException) f).code(), f.getMessage());
    } else if (f instanceof NoSuchElementException) {
      e = ApiError.notFound();
    } else if (f instanceof IllegalArgumentException) {
      // From a bound service refusing a value the web checks let through.
      e = new ApiError(422, "unprocessable", f.getMessage() == null ? "the request cannot be processed" : f.getMessage());
    } else if (f == null && ctx.statusCode() == 413) {
      e = new ApiError(413, "payload_too_large", "the body is larger than " + MAX_BODY_BYTES + " bytes");
    } else if (f == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      e = new ApiError(ctx.statusCode(), "bad_request", "the request cannot be processed");
    } else {
      StackTraceElement[] at = f == null ? new StackTraceElement[0] : f.getStackTrace();
      String kind = ctx.request().method() + " " + (f == null ? "status " + ctx.statusCode() : f.getClass().getName())
          + (at.length > 0 ? " at " + at[0] : "");
      failures.log(Level.ERROR, kind, "Request " + ctx.request().method() + " " + ctx.request().path() + " failed", f);
      e = new ApiError(500, "internal", "internal error; the server log has the details");
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response().setStatusCode(e.status()).putHeader("Content-Type", "application/json")
        .end(e.body().encode());
  }

  /** The messages of a failure and its causes, for a log line that stands in for a stack trace. */
  private static String summary(Throwable f) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = f; t != null && sb.length() < 300; t = t.getCause()) {
      if (sb.length() > 0) sb.append(": ");
      sb.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    }
    return StorageOptions.maskPasswords(sb.toString());
  }

  private static String checkTileUrl(String url) {
    if (url == null) return null;
    URI u = URI.create(url.replace("{z}", "0").replace("{x}", "0").replace("{y}", "0"));
    if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null
        || !url.contains("{z}") || !url.contains("{x}") || !url.contains("{y}")) {
      throw new IllegalArgumentException("map tile URL must be http(s)://host/...{z}/{x}/{y}...");
    }
    return url;
  }

  private static String origin(String url) {
    URI u = URI.create(url.replace("{z}", "0").replace("{x}", "0").replace("{y}", "0"));
    return u.getScheme() + "://" + u.getAuthority();
  }
}
