package io.vigil.web.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vigil.analytics.OccupancyRule;
import io.vigil.analytics.Point;
import io.vigil.analytics.Zone;
import io.vigil.cluster.ClusterSegments;
import io.vigil.config.CameraConfig;
import io.vigil.config.CameraType;
import io.vigil.config.Credentials;
import io.vigil.config.Location;
import io.vigil.config.ServerSettings;
import io.vigil.config.StreamSource;
import io.vigil.ingest.testing.TestClosedPort;
import io.vigil.recordings.Playback;
import io.vigil.recordings.Recordings;
import io.vigil.store.Alert;
import io.vigil.store.DatabaseHealth;
import io.vigil.store.RecordingIndex;
import io.vigil.testing.TestPostgres;
import io.vigil.web.CameraHealth;
import io.vigil.web.LiveFeed;
import io.vigil.web.Metrics;
import io.vigil.web.WebBindings;
import io.vigil.web.auth.AuthStore;
import io.vigil.web.auth.PasswordHasher;
import io.vigil.web.auth.Role;
import io.vigil.web.auth.Security;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A running web module on a fresh database: four users (one per role), two cameras at two sites (one
 * owned by the carrier's organisation) and an open alert on each.
 */
final class WebHarness implements AutoCloseable {
  static final String PASSWORD = "correct horse battery staple";
  static final String SITE_A = "Quarantine site 1";
  static final String SITE_B = "District campus checkpoint";
  static final String ORG = "acme-transport";

  final Vertx vertx;
  final TestPostgres db;
  /** What the API is told of the database: the test PostgreSQL runs throughout, so up unless a test says otherwise. */
  volatile DatabaseHealth database = new DatabaseHealth(DatabaseHealth.State.UP, Instant.now(), 0, null);
  final FixtureServices services = new FixtureServices();
  final LiveFeed live;
  final Metrics metrics = new Metrics();
  final Path snapshots;
  final AuthStore store;
  final WebVerticle web;
  final ByteArrayOutputStream console = new ByteArrayOutputStream();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final Alert alertA;
  final Alert alertB;

  /** @param withUsers false leaves the user table empty, as on a first start */
  WebHarness(boolean withUsers) throws Exception {
    this(withUsers, null, null);
  }

  /** @param mapTileUrl the site map's tile server ({@code server.map_tiles}), or null for the offline grid */
  WebHarness(boolean withUsers, String mapTileUrl) throws Exception {
    this(withUsers, mapTileUrl, null);
  }

  /** @param recordings where recorded segments are served from (with the index in this database), or null */
  WebHarness(boolean withUsers, Path recordings) throws Exception {
    this(withUsers, null, recordings);
  }

  /**
   * @param mapTileUrl the site map's tile server ({@code server.map_tiles}), or null for the offline grid
   * @param recordings where recorded segments are served from (with the index in this database), or null
   */
  WebHarness(boolean withUsers, String mapTileUrl, Path recordings) throws Exception {
    this(Vertx.vertx(), withUsers, mapTileUrl, recordings, null);
  }

  /**
   * One cluster node's API, with users: {@code vertx} is clustered, the segments it records are indexed
   * as {@code node}'s, and those another node recorded are fetched from it over the event bus.
   */
  WebHarness(Vertx vertx, Path recordings, String node) throws Exception {
    this(vertx, true, null, recordings, node);
  }

  private WebHarness(Vertx vertx, boolean withUsers, String mapTileUrl, Path recordings, String node) throws Exception {
    this.vertx = vertx;
    live = new EventBusLiveFeed(vertx);
    db = TestPostgres.create();
    SecureRandom random = new SecureRandom();
    store = new AuthStore(db.migrated(), random, new PasswordHasher(random));
    if (withUsers) {
      store.createUser("admin1", PASSWORD.toCharArray(), Role.ADMIN, null, Set.of());
      store.createUser("ioc1", PASSWORD.toCharArray(), Role.IOC, null, Set.of());
      store.createUser("manager1", PASSWORD.toCharArray(), Role.MANAGER, null, Set.of(SITE_A));
      store.createUser("carrier1", PASSWORD.toCharArray(), Role.CARRIER, ORG, Set.of());
    }
    services.cameras.put("cam-a", camera("cam-a", SITE_A, null, 51.4550, -0.9700));
    services.cameras.put("cam-b", camera("cam-b", SITE_B, ORG, 51.4543, -0.9781));
    services.states.put("cam-a", new CameraHealth("cam-a", "online", null, 25, 5, 0, 0, Instant.now(), 42.5));
    services.states.put("cam-b", new CameraHealth("cam-b", "offline", "connection refused", 0, 0, 3, 2, null, 0));
    snapshots = Files.createTempDirectory("vigil-snapshots");
    Files.createDirectories(snapshots.resolve("cam-a"));
    Files.write(snapshots.resolve("cam-a/alert-1.jpg"), FixtureServices.jpeg("snapshot a"));
    Files.createDirectories(snapshots.resolve("cam-b"));
    Files.write(snapshots.resolve("cam-b/alert-2.jpg"), FixtureServices.jpeg("snapshot b"));
    alertA = services.raise("cam-a", "corridor", 4, 2, "cam-a/alert-1.jpg");
    alertB = services.raise("cam-b", "walkway", 9, 6, "cam-b/alert-2.jpg");
    WebBindings bindings = new WebBindings(db.migrated(), services, services, services, services, services,
        new DirectorySnapshots(vertx, snapshots), live, metrics, () -> database);
    web = new WebVerticle(new ServerSettings("127.0.0.1", 0, null), bindings, mapTileUrl,
        new PrintStream(console, true, StandardCharsets.UTF_8));
    if (recordings != null) {
      Recordings r = new Recordings(new RecordingIndex(db.migrated()), recordings, node, 1L << 30,
          services.cameras::get, (c, reason) -> { });
      if (node == null) {
        web.recordings(new Playback(vertx, r, services.cameras::get));
      } else {
        ClusterSegments segments = new ClusterSegments(vertx, node, r::owned);
        web.recordings(new Playback(vertx, r, services.cameras::get, s -> segments.fetch(s.node(), s.cameraId(), s.start())));
      }
    }
    vertx.deployVerticle(web).await(60, TimeUnit.SECONDS);
  }

  static CameraConfig camera(String id, String site, String owner, double lat, double lon) {
    Zone zone = new Zone(id.equals("cam-a") ? "corridor" : "walkway",
        List.of(new Point(0.1, 0.2), new Point(0.9, 0.2), new Point(0.9, 0.95), new Point(0.1, 0.95)),
        new OccupancyRule(5, Duration.ofSeconds(5), 1), null, null, Duration.ofMinutes(1));
    return new CameraConfig(id, "Camera " + id, site, CameraType.QUARANTINE_SITE, new Location(lat, lon),
        new StreamSource.Rtsp(URI.create(TestClosedPort.rtsp(id)), Credentials.none()), null, 1,
        List.of(zone), true, owner);
  }

  String base() {
    return "http://127.0.0.1:" + web.actualPort();
  }

  /** A signed-in browser session: its cookie header and anti-forgery token. */
  record Session(String cookie, String csrf) {}

  Session login(String username) throws Exception {
    HttpResponse<String> r = send("POST", "/api/v1/auth/login", null,
        new JsonObject().put("username", username).put("password", PASSWORD).encode());
    if (r.statusCode() != 200) throw new AssertionError("login " + username + ": " + r.statusCode() + " " + r.body());
    String session = null;
    for (String h : r.headers().allValues("set-cookie")) {
      if (h.startsWith(Security.SESSION_COOKIE + "=")) session = h.substring(0, h.indexOf(';'));
    }
    return new Session(session, new JsonObject(r.body()).getString("csrfToken"));
  }

  HttpResponse<String> send(String method, String path, Session s, String body) throws Exception {
    return send(method, path, s, body, Map.of());
  }

  HttpResponse<String> send(String method, String path, Session s, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null && !headers.containsKey("Content-Type")) b.header("Content-Type", "application/json");
    if (s != null) {
      b.header("Cookie", s.cookie());
      if (s.csrf() != null) b.header(Security.CSRF_HEADER, s.csrf());
    }
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Only the status and headers: for endpoints that stream (the live events). */
  int status(String method, String path, Session s) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (s != null) {
      b.header("Cookie", s.cookie());
      if (s.csrf() != null) b.header(Security.CSRF_HEADER, s.csrf());
    }
    HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    r.body().close();
    return r.statusCode();
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
    db.close();
    try (var files = Files.walk(snapshots)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
