package io.vigil.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.config.VigilConfig;
import io.vigil.testing.TestSharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole platform as {@code ./vigil run} starts it: embedded PostgreSQL, a demo camera replaying a
 * real clip, the analytics and the web API. A first analysed frame must reach the API and the
 * database.
 */
class PlatformIT {
  private static final Path SHARED = Path.of(System.getProperty("vigil.shared", "../shared"));

  @TempDir Path dir;
  private Vertx vertx;
  private Platform platform;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private final PrintStream originalOut = System.out;

  @AfterEach
  void stop() throws Exception {
    System.setOut(originalOut);
    if (platform != null) platform.close().await(60, TimeUnit.SECONDS);
    if (vertx != null) vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void demoCameraIsAnalysedAndStored() throws Exception {
    Path clip = TestSharedFiles.require("data/sample-clips/one-by-one-person-detection.mp4");
    Path model = SHARED.resolve("models/yolox-nano/yolox_nano.onnx");
    Path cfgFile = dir.resolve("cameras.yml");
    Files.writeString(cfgFile, """
        server: {bind: 127.0.0.1, http_port: 0}
        data_dir: %s
        detector: {model: %s}
        cameras:
          - id: ward
            name: Ward entrance
            site: Site 1
            location: {lat: 1.0, lon: 2.0}
            detect: {replay: %s}
            zones:
              - {id: corridor, polygon: [[0, 0], [1, 0], [1, 1], [0, 1]], capacity: 10}
          - id: missing
            detect: {replay: %s}
        """.formatted(dir.resolve("data"), model, clip, dir.resolve("no-such-clip.mp4")));
    VigilConfig config = VigilConfig.load(cfgFile);

    System.setOut(new PrintStream(console, true, "UTF-8"));
    vertx = Vertx.vertx();
    platform = Platform.start(vertx, config).await(3, TimeUnit.MINUTES);
    System.setOut(originalOut);
    String adminPassword = FirstAdminPassword.from(console.toString("UTF-8"));
    assertTrue(adminPassword != null, "the first start says where the generated admin password is");

    HttpClient http = vertx.createHttpClient();
    int port = platform.httpPort();
    HttpClientResponse login = http.request(new RequestOptions().setMethod(HttpMethod.POST).setPort(port)
            .setHost("127.0.0.1").setURI("/api/v1/auth/login").putHeader("Content-Type", "application/json"))
        .compose(r -> r.send(new JsonObject().put("username", "admin").put("password", adminPassword).toBuffer()))
        .await(30, TimeUnit.SECONDS);
    assertEquals(200, login.statusCode());
    String cookie = login.cookies().stream().map(c -> c.split(";")[0])
        .filter(c -> c.startsWith("vigil_session=")).findFirst().orElseThrow();

    // The first analysed frame: the camera is online with an analysis rate and its zone has a count.
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    JsonObject ward = null;
    JsonObject missing = null;
    while (Instant.now().isBefore(deadline)) {
      JsonArray cams = get(http, port, cookie, "/api/v1/cameras").getJsonArray("items");
      for (Object o : cams) {
        JsonObject c = (JsonObject) o;
        if (c.getString("id").equals("ward")) ward = c;
        if (c.getString("id").equals("missing")) missing = c;
      }
      JsonObject st = ward == null ? null : ward.getJsonObject("status");
      if (st != null && st.getDouble("fpsAnalysed") > 0 && missing.getJsonObject("status") != null
          && "offline".equals(missing.getJsonObject("status").getString("state"))) {
        break;
      }
      Thread.sleep(500);
    }
    assertNotNull(ward);
    assertEquals("online", ward.getJsonObject("status").getString("state"), ward.encodePrettily());
    assertTrue(ward.getJsonObject("status").getDouble("fpsAnalysed") > 0, ward.encodePrettily());
    // A missing clip does not stop the platform: that camera is offline and says why.
    assertEquals("offline", missing.getJsonObject("status").getString("state"), missing.encodePrettily());
    assertTrue(missing.getJsonObject("status").getString("reason").length() > 0);

    JsonArray counts = get(http, port, cookie, "/api/v1/counts").getJsonArray("items");
    assertTrue(counts.stream().anyMatch(o -> ((JsonObject) o).getString("cameraId").equals("ward")), counts.encode());

    // Occupancy samples reach the embedded database through the writer.
    String pgPort = Files.readAllLines(dir.resolve("data/pg/postmaster.pid")).get(3);
    assertNotNull(pgPort);
    long rows = 0;
    deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (rows == 0 && Instant.now().isBefore(deadline)) {
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort.trim() + "/vigil", "postgres", "");
          ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM occupancy WHERE camera_id = 'ward'")) {
        rs.next();
        rows = rs.getLong(1);
      }
      if (rows == 0) Thread.sleep(500);
    }
    assertTrue(rows > 0, "occupancy samples are stored");
  }

  private static JsonObject get(HttpClient http, int port, String cookie, String uri) throws Exception {
    return http.request(new RequestOptions().setPort(port).setHost("127.0.0.1").setURI(uri).putHeader("Cookie", cookie))
        .compose(r -> r.send().compose(res -> {
          assertEquals(200, res.statusCode(), uri);
          return res.body();
        }))
        .map(b -> b.toJsonObject())
        .await(30, TimeUnit.SECONDS);
  }
}
