package io.vigil.alerts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vigil.analytics.Point;
import io.vigil.analytics.Zone;
import io.vigil.analytics.OccupancyRule;
import io.vigil.config.AlertSettings;
import io.vigil.ingest.testing.TestClosedPort;
import io.vigil.config.CameraConfig;
import io.vigil.config.CameraType;
import io.vigil.config.Credentials;
import io.vigil.config.Location;
import io.vigil.config.ServerSettings;
import io.vigil.config.StreamSource;
import io.vigil.platform.StoreServices;
import io.vigil.store.Storage;
import io.vigil.web.CameraDirectory;
import io.vigil.web.CameraHealth;
import io.vigil.web.CameraRegistrar;
import io.vigil.web.FrameSource;
import io.vigil.web.LiveFeed;
import io.vigil.web.Metrics;
import io.vigil.web.OccupancyService;
import io.vigil.web.WebBindings;
import io.vigil.web.api.DirectorySnapshots;
import io.vigil.web.api.EventBusLiveFeed;
import io.vigil.web.api.WebVerticle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One engine wired as the platform wires it, against real services: the store on PostgreSQL, the web
 * API, Mosquitto on 127.0.0.1:1883 and a webhook receiver. The MQTT topic prefix is unique per harness
 * so retained messages of earlier runs never count.
 */
final class AlertsHarness implements AutoCloseable {
  static final String SITE = "Quarantine site 1";
  static final String SECRET = "webhook-secret-for-tests-0123";
  static final Map<String, String> ENV = Map.of("HOOK_SECRET", SECRET);
  /** The broker: Mosquitto on 127.0.0.1, port 1883 unless {@code vigil.test.mqtt.port} says otherwise. */
  static final int MQTT_PORT = Integer.getInteger("vigil.test.mqtt.port", 1883);
  private static final Pattern ADMIN_PASSWORD = Pattern.compile("User: admin  Password: (\\S+)");
  /** The first harness of a database creates the administrator; later ones reuse the password. */
  private static final Map<String, String> passwords = new ConcurrentHashMap<>();

  record Received(String topic, String payload, boolean retained, long nanos) {
    JsonObject json() {
      return new JsonObject(payload);
    }
  }

  final Vertx vertx = Vertx.vertx();
  final Storage storage;
  final String prefix = "vigil-it-" + UUID.randomUUID().toString().substring(0, 8);
  final List<CameraConfig> cameras = new CopyOnWriteArrayList<>();
  final List<Received> mqtt = new CopyOnWriteArrayList<>();
  final List<JsonObject> live = new CopyOnWriteArrayList<>();
  final WebhookReceiver receiver = new WebhookReceiver(vertx);
  final AlertEngine engine;
  private final MqttClient subscriber;
  private final WebVerticle web;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String cookie;
  private String csrf;

  /** @param alerts the {@code alerts:} section, given the receiver (for its URLs) and the MQTT prefix */
  AlertsHarness(Storage storage, Path snapshotDir, List<CameraConfig> cameras,
      Function<AlertsHarness, Map<String, Object>> alerts) throws Exception {
    this.storage = storage;
    this.cameras.addAll(cameras);
    subscriber = MqttClient.create(vertx, new MqttClientOptions().setClientId("t" + prefix.substring(9)).setCleanSession(true));
    subscriber.publishHandler(m -> mqtt.add(new Received(m.topicName(), m.payload().toString(StandardCharsets.UTF_8),
        m.isRetain(), System.nanoTime())));
    subscriber.connect(MQTT_PORT, "127.0.0.1").await(10, TimeUnit.SECONDS);
    subscriber.subscribe(prefix + "/#", 1).await(10, TimeUnit.SECONDS);
    vertx.eventBus().<JsonObject>consumer("vigil.web.live", m -> {
      if ("alert".equals(m.body().getString("type"))) {
        live.add(m.body().getJsonObject("data").copy().put("receivedNanos", System.nanoTime()));
      }
    });
    LiveFeed feed = new EventBusLiveFeed(vertx);
    CameraDirectory directory = new CameraDirectory() {
      @Override
      public List<CameraConfig> cameras() {
        return List.copyOf(AlertsHarness.this.cameras);
      }

      @Override
      public CameraHealth state(String cameraId) {
        return null;
      }
    };
    AlertSettings settings = AlertSettings.fromMap(alerts.apply(this), ENV);
    AtomicReference<AlertEngine> started = new AtomicReference<>();
    engine = AlertEngine.start(vertx, settings, new AlertEngine.Bindings(storage.writer(), storage.dataSource(),
        alert -> feed.alert(StoreServices.info(alert, started.get() == null ? null : started.get().noDataSince(alert))), id -> directory.cameras().stream()
            .filter(c -> c.id().equals(id)).findFirst().orElse(null), snapshotDir)).await(30, TimeUnit.SECONDS);
    started.set(engine);
    CameraRegistrar registrar = new CameraRegistrar() {
      @Override
      public Future<Registration> register(CameraConfig camera) {
        return Future.failedFuture(new UnsupportedOperationException());
      }

      @Override
      public Future<Boolean> remove(String cameraId) {
        return Future.failedFuture(new UnsupportedOperationException());
      }
    };
    OccupancyService occupancy = (c, z, f, t, b) -> Future.succeededFuture(List.of());
    FrameSource frames = c -> Future.failedFuture(new NoSuchElementException());
    WebBindings bindings = new WebBindings(storage.dataSource(), directory, registrar,
        new StoreServices(storage.queries(vertx), engine), occupancy, frames,
        new DirectorySnapshots(vertx, snapshotDir), feed, new Metrics());
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    web = new WebVerticle(new ServerSettings("127.0.0.1", 0, null), bindings, null, new PrintStream(console, true, StandardCharsets.UTF_8));
    vertx.deployVerticle(web).await(60, TimeUnit.SECONDS);
    Matcher m = ADMIN_PASSWORD.matcher(console.toString(StandardCharsets.UTF_8));
    String db;
    try (Connection c = storage.dataSource().getConnection()) {
      db = c.getCatalog();
    }
    if (m.find()) passwords.put(db, m.group(1));
    login(passwords.get(db));
  }

  Map<String, Object> mqttSection() {
    return Map.of("host", "127.0.0.1", "port", MQTT_PORT, "client_id", "v" + prefix.substring(9), "topic_prefix", prefix);
  }

  static Map<String, Object> hook(String url) {
    return Map.of("url", url, "secret", "${HOOK_SECRET}");
  }

  static CameraConfig camera(String id, double fps, Zone... zones) {
    return new CameraConfig(id, "Camera " + id, SITE, CameraType.QUARANTINE_SITE, new Location(51.45, -0.97),
        new StreamSource.Rtsp(URI.create(TestClosedPort.rtsp(id)), Credentials.none()), null, fps,
        List.of(zones), true, null);
  }

  static Zone zone(String id, int capacity) {
    return new Zone(id, List.of(new Point(0.0, 0.2), new Point(1.0, 0.2), new Point(1.0, 1.0), new Point(0.0, 1.0)),
        new OccupancyRule(capacity, Duration.ofSeconds(1), 1), null, null, Duration.ofMinutes(1));
  }

  private void login(String password) throws Exception {
    HttpResponse<String> r = send("POST", "/api/v1/auth/login",
        new JsonObject().put("username", "admin").put("password", password).encode());
    if (r.statusCode() != 200) throw new AssertionError("login: " + r.statusCode() + " " + r.body());
    for (String h : r.headers().allValues("set-cookie")) {
      if (h.startsWith("vigil_session=")) cookie = h.substring(0, h.indexOf(';'));
    }
    csrf = new JsonObject(r.body()).getString("csrfToken");
  }

  HttpResponse<String> send(String method, String path, String body) throws Exception {
    return http.send(request(method, path, body, true).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> bytes(String path, boolean signedIn) throws Exception {
    return http.send(request("GET", path, null, signedIn).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpRequest.Builder request(String method, String path, String body, boolean signedIn) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.actualPort() + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) b.header("Content-Type", "application/json");
    if (signedIn && cookie != null) b.header("Cookie", cookie).header("X-CSRF-Token", csrf);
    return b;
  }

  /** A stored alert as the database has it: kind, state, who acknowledged and resolved it, snapshot. */
  record Stored(UUID id, String zoneId, String kind, String state, String acknowledgedBy, String resolvedBy,
      String snapshotRef) {}

  List<Stored> stored(String cameraId) throws Exception {
    List<Stored> out = new ArrayList<>();
    try (Connection c = storage.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT id, zone_id, kind, state, acknowledged_by, resolved_by, "
            + "snapshot_ref FROM alerts WHERE camera_id = ? ORDER BY time")) {
      ps.setString(1, cameraId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Stored(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getString(7)));
        }
      }
    }
    return out;
  }

  List<Received> mqttAlerts(String cameraId) {
    return mqtt.stream().filter(r -> r.topic().equals(prefix + "/quarantine-site-1/" + cameraId + "/alerts")).toList();
  }

  static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(20);
    }
  }

  @Override
  public void close() throws Exception {
    engine.close().await(10, TimeUnit.SECONDS);
    receiver.close();
    vertx.close().await(30, TimeUnit.SECONDS);
  }
}
