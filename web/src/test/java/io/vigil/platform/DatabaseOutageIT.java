package io.vigil.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.config.VigilConfig;
import io.vigil.ingest.testing.TestMedia;
import io.vigil.ingest.testing.TestRtspServer;
import io.vigil.store.Await;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform as {@code ./vigil run} starts it, with a real RTSP camera on loopback, while its
 * database is down for as long as the test needs (an external server of the test's own, stopped and
 * started again on the same data and port; the embedded server's restart by the supervisor is quick,
 * and OutageIT kills it): the health check says degraded with a 503, signed-in users stay signed in and
 * see cameras, counts, frames, metrics and live events, sign-outs hold and reach the database later,
 * and what needs the database answers 503 with a clear error. Afterwards the camera's samples of the
 * outage are in the database.
 */
class DatabaseOutageIT {
  private static final Path SHARED = Path.of(System.getProperty("vigil.shared", "../shared"));

  private record Session(String cookie, String csrf) {}

  @TempDir Path dir;
  private Vertx vertx;
  private Platform platform;
  private EmbeddedPostgres pg;
  private final HttpClient http = HttpClient.newHttpClient();
  private final PrintStream originalOut = System.out;

  @AfterEach
  void stop() throws Exception {
    System.setOut(originalOut);
    if (platform != null) platform.close().await(60, TimeUnit.SECONDS);
    if (vertx != null) vertx.close().await(30, TimeUnit.SECONDS);
    if (pg != null) pg.close();
  }

  @Test
  void theApiStaysUsefulWhileTheDatabaseIsDownAndNothingIsLost() throws Exception {
    Path model = SHARED.resolve("models/yolox-nano/yolox_nano.onnx");
    assertTrue(Files.isRegularFile(model), "needs ../shared (the YOLOX model): " + SHARED.toAbsolutePath());
    int port = freePort();
    Path pgData = dir.resolve("external-pg");
    pg = cluster(pgData, port);
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE vigil");
    }
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/vigil";
    try (TestRtspServer cameras = new TestRtspServer().h264("cam", TestMedia.shared("sample-clips/one-by-one-person-detection.mp4")).start()) {
      Path cfgFile = dir.resolve("cameras.yml");
      Files.writeString(cfgFile, """
          server: {bind: 127.0.0.1, http_port: 0}
          data_dir: %s
          detector: {model: %s}
          registration: {allowed_networks: [127.0.0.0/8]}
          database: {url: "%s", user: postgres}
          cameras:
            - id: ward
              name: Ward entrance
              site: Site 1
              detect: {url: "%s"}
              zones:
                - {id: corridor, polygon: [[0, 0], [1, 0], [1, 1], [0, 1]], capacity: 10}
          """.formatted(dir.resolve("data"), model, url, cameras.uri("cam")));
      ByteArrayOutputStream console = new ByteArrayOutputStream();
      System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
      vertx = Vertx.vertx();
      platform = Platform.start(vertx, VigilConfig.load(cfgFile)).await(3, TimeUnit.MINUTES);
      System.setOut(originalOut);
      String password = FirstAdminPassword.from(console.toString(StandardCharsets.UTF_8));
      assertTrue(password != null, "the first start says where the generated admin password is");

      Session operator = login(password);
      Session leaving = login(password);
      JsonObject token = new JsonObject(send("POST", "/api/v1/tokens", operator, new JsonObject().put("name", "wall"))
          .body());
      String bearer = token.getString("token");
      Await.until("the camera to be analysed", Duration.ofSeconds(90),
          () -> send("GET", "/api/v1/cameras/ward/frame.jpg", operator, null).statusCode() == 200);
      // A wall display's token, used before the outage as it is every few seconds.
      assertEquals(200, withToken(bearer, "/api/v1/cameras").statusCode());
      HttpResponse<String> health = send("GET", "/api/v1/health", null, null);
      assertEquals(200, health.statusCode());
      assertEquals("up", new JsonObject(health.body()).getString("database"));

      Instant downAt = Instant.now();
      pg.close();
      Await.until("the health check to say degraded", Duration.ofSeconds(10),
          () -> send("GET", "/api/v1/health", null, null).statusCode() == 503);
      JsonObject degraded = new JsonObject(send("GET", "/api/v1/health", null, null).body());
      assertEquals("degraded", degraded.getString("status"), degraded.encode());
      assertEquals("down", degraded.getString("database"), degraded.encode());

      // What lives in memory keeps working for those signed in, by session or token.
      assertEquals(200, send("GET", "/api/v1/auth/me", operator, null).statusCode());
      HttpResponse<String> list = send("GET", "/api/v1/cameras", operator, null);
      assertEquals(200, list.statusCode(), list.body());
      JsonObject ward = new JsonObject(list.body()).getJsonArray("items").getJsonObject(0);
      assertEquals("online", ward.getJsonObject("status").getString("state"), ward.encode());
      assertTrue(counts(operator).size() > 0, "live counts");
      assertEquals(200, send("GET", "/api/v1/cameras/ward/frame.jpg", operator, null).statusCode());
      HttpResponse<String> metrics = send("GET", "/metrics", operator, null);
      assertEquals(200, metrics.statusCode(), metrics.body());
      assertTrue(metrics.body().contains("vigil_database_up 0"), metrics.body());
      assertEquals(200, withToken(bearer, "/api/v1/cameras").statusCode(), "an API token too");
      HttpResponse<InputStream> live = http.send(request("GET", "/api/v1/live", operator, null),
          HttpResponse.BodyHandlers.ofInputStream());
      live.body().close();
      assertEquals(200, live.statusCode(), "the live event stream opens");
      assertTrue(live.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));

      // What needs the database says so, at once for sign-in.
      HttpResponse<String> write = send("POST", "/api/v1/tokens", operator, new JsonObject().put("name", "later"));
      assertUnavailable(write);
      assertTrue(write.headers().firstValue("retry-after").isPresent(), "Retry-After");
      assertUnavailable(send("POST", "/api/v1/auth/login", null,
          new JsonObject().put("username", "admin").put("password", password)));
      assertUnavailable(send("GET", "/api/v1/auth/me", new Session("vigil_session=never-issued", "x"), null));

      // A sign-out during the outage holds at once.
      assertEquals(204, send("POST", "/api/v1/auth/logout", leaving, null).statusCode());
      assertEquals(401, send("GET", "/api/v1/auth/me", leaving, null).statusCode());

      // The camera goes on being analysed through the outage.
      Thread.sleep(3_000);
      pg = cluster(pgData, port);
      Await.until("the health check to see the database back", Duration.ofSeconds(30),
          () -> send("GET", "/api/v1/health", null, null).statusCode() == 200);
      Instant backAt = Instant.now();
      JsonObject back = new JsonObject(send("GET", "/api/v1/health", null, null).body());
      assertEquals("ok", back.getString("status"));
      assertEquals("up", back.getString("database"));

      // The database decides again: the sign-out made meanwhile reaches it, writes work.
      assertEquals(200, send("GET", "/api/v1/auth/me", operator, null).statusCode());
      Await.until("the sign-out to be stored", Duration.ofSeconds(20),
          () -> count(url, "SELECT count(*) FROM vigil_session") == 1);
      assertEquals(401, send("GET", "/api/v1/auth/me", leaving, null).statusCode());
      assertEquals(200, send("POST", "/api/v1/tokens", operator, new JsonObject().put("name", "later")).statusCode());

      // The camera's samples of the outage reached the database once it was back.
      String window = " AND time >= '" + downAt + "' AND time < '" + backAt + "'";
      Await.until("the outage's samples to be stored", Duration.ofSeconds(30),
          () -> count(url, "SELECT count(*) FROM occupancy WHERE camera_id = 'ward'" + window) > 0);
      assertTrue(count(url, "SELECT count(*) FROM camera_status WHERE camera_id = 'ward'") > 0);
      String after = send("GET", "/metrics", operator, null).body();
      assertTrue(after.contains("vigil_database_up 1"), after);
      assertTrue(after.contains("vigil_writer_occupancy_dropped_total 0"), after);
    }
  }

  private static EmbeddedPostgres cluster(Path data, int port) throws IOException {
    return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
        .setServerConfig("synchronous_commit", "on").start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void assertUnavailable(HttpResponse<String> r) {
    assertEquals(503, r.statusCode(), r.body());
    assertEquals("database_unavailable", new JsonObject(r.body()).getJsonObject("error").getString("code"), r.body());
  }

  private JsonArray counts(Session s) throws Exception {
    HttpResponse<String> r = send("GET", "/api/v1/counts", s, null);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getJsonArray("items");
  }

  private static long count(String url, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Session login(String password) throws Exception {
    HttpResponse<String> r = send("POST", "/api/v1/auth/login", null,
        new JsonObject().put("username", "admin").put("password", password));
    assertEquals(200, r.statusCode(), r.body());
    String cookie = r.headers().allValues("set-cookie").stream().map(c -> c.split(";")[0])
        .filter(c -> c.startsWith("vigil_session=")).findFirst().orElseThrow();
    return new Session(cookie, new JsonObject(r.body()).getString("csrfToken"));
  }

  private HttpResponse<String> send(String method, String path, Session s, JsonObject body) throws Exception {
    return http.send(request(method, path, s, body), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> withToken(String token, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + platform.httpPort() + path);
  }

  private HttpRequest request(String method, String path, Session s, JsonObject body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) b.header("Content-Type", "application/json");
    if (s != null) b.header("Cookie", s.cookie()).header("X-CSRF-Token", s.csrf());
    return b.build();
  }
}
