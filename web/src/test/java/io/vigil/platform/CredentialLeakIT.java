package io.vigil.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vigil.config.VigilConfig;
import io.vigil.ingest.testing.TestRtspServer;
import io.vigil.testing.TestSharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A camera password is write-only: the whole platform, with a real RTSP server that demands it, is
 * driven through every failure a carrier can cause (unknown host, wrong password at registration,
 * wrong password and a vanished server while running), and the password appears in no log line, no
 * console output, no API response, no live event, no metric and no audit entry.
 */
class CredentialLeakIT {
  private static final Path SHARED = Path.of(System.getProperty("vigil.shared", "../shared"));
  private static final String SECRET = "S3nt!n3l:@/#?%";
  private static final String WRONG = SECRET + "-old";

  @TempDir Path dir;
  private final StringBuffer logs = new StringBuffer();
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private final ByteArrayOutputStream live = new ByteArrayOutputStream();
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final HttpClient http = HttpClient.newHttpClient();
  private Vertx vertx;
  private Platform platform;
  private AppenderBase<ILoggingEvent> appender;
  private Level vigilLevel;
  private String cookie;
  private String csrf;

  @AfterEach
  void stop() throws Exception {
    System.setOut(originalOut);
    System.setErr(originalErr);
    if (platform != null) platform.close().await(60, TimeUnit.SECONDS);
    if (vertx != null) vertx.close().await(30, TimeUnit.SECONDS);
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    if (appender != null) ctx.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
    ctx.getLogger("io.vigil").setLevel(vigilLevel);
  }

  @Test
  void theCameraPasswordAppearsNowhere() throws Exception {
    Path clip = TestSharedFiles.require("data/sample-clips/one-by-one-person-detection.mp4");
    captureEverything();
    try (TestRtspServer camera = new TestRtspServer().auth("op", SECRET).h264("cam", clip).start()) {
      Path cfgFile = dir.resolve("cameras.yml");
      // The test's camera server listens on loopback, which production refuses: the operator's
      // allow-list, not a test-only switch, lets it through.
      Files.writeString(cfgFile, """
          server: {bind: 127.0.0.1, http_port: 0}
          data_dir: %s
          detector: {model: %s}
          registration: {allowed_networks: [127.0.0.0/8]}
          cameras: []
          """.formatted(dir.resolve("data"), SHARED.resolve("models/yolox-nano/yolox_nano.onnx")));
      vertx = Vertx.vertx();
      platform = Platform.start(vertx, VigilConfig.load(cfgFile)).await(3, TimeUnit.MINUTES);
      login();
      followLiveEvents();
      String url = camera.uri("cam").toString();

      // Registration failures answer with a reason, never with the password.
      HttpResponse<String> unknownHost = send("POST", "/api/v1/cameras",
          camera("gate", "rtsp://no-such-camera.invalid/cam", SECRET));
      assertEquals(422, unknownHost.statusCode(), unknownHost.body());
      assertEquals("unresolvable_host", error(unknownHost));
      HttpResponse<String> wrong = send("POST", "/api/v1/cameras", camera("gate", url, WRONG));
      assertEquals(422, wrong.statusCode(), wrong.body());
      assertEquals("stream_probe_failed", error(wrong));
      assertTrue(wrong.body().contains("401"), wrong.body());
      assertEquals(404, send("GET", "/api/v1/cameras/gate", null).statusCode(), "a refused camera is not stored");

      // The registration page's probe: the same check and measurements, on the url field, nothing stored.
      JsonObject probeBody = camera("gate", url, WRONG);
      for (String registrationOnly : List.of("id", "name", "site", "type")) probeBody.remove(registrationOnly);
      HttpResponse<String> probeWrong = send("POST", "/api/v1/cameras/probe", probeBody);
      assertEquals(422, probeWrong.statusCode(), probeWrong.body());
      assertEquals("stream_probe_failed", error(probeWrong));
      assertEquals("url", new JsonObject(probeWrong.body()).getJsonObject("error").getString("field"));
      assertTrue(probeWrong.body().contains("401"), probeWrong.body());
      HttpResponse<String> probed = send("POST", "/api/v1/cameras/probe", probeBody.put("password", SECRET));
      assertEquals(200, probed.statusCode(), probed.body());
      assertEquals("h264", new JsonObject(probed.body()).getString("codec"));
      assertEquals(768, new JsonObject(probed.body()).getInteger("width"));
      assertEquals(404, send("GET", "/api/v1/cameras/gate", null).statusCode(), "probing stores nothing");

      // The right password: the probe's measurements come back, the password does not.
      HttpResponse<String> ok = send("POST", "/api/v1/cameras", camera("gate", url, SECRET));
      assertEquals(201, ok.statusCode(), ok.body());
      JsonObject stream = new JsonObject(ok.body()).getJsonObject("stream");
      assertEquals("h264", stream.getString("codec"));
      assertEquals(768, stream.getInteger("width"));
      assertEquals(432, stream.getInteger("height"));
      assertEquals(10, stream.getDouble("fps"), 0.5);
      awaitState("online", r -> true);

      // Failures while running: the server vanishes, then comes back wanting another password.
      camera.stop();
      awaitState("offline", r -> true);
      camera.auth("op", "rotated-" + System.nanoTime()).start();
      awaitState("offline", r -> r.contains("401"));
      HttpResponse<String> changed = send("PUT", "/api/v1/cameras/gate", withoutId(camera("gate", url, WRONG)));
      assertEquals(422, changed.statusCode(), changed.body());

      StringBuilder responses = new StringBuilder(unknownHost.body()).append(wrong.body()).append(ok.body())
          .append(changed.body()).append(probeWrong.body()).append(probed.body());
      for (String path : List.of("/api/v1/cameras", "/api/v1/cameras/gate", "/api/v1/counts", "/api/v1/alerts",
          "/api/v1/cameras/gate/occupancy", "/api/v1/audit", "/api/v1/auth/me", "/api/v1/users", "/api/v1/tokens",
          "/metrics", "/api/v1/openapi.json")) {
        HttpResponse<String> r = send("GET", path, null);
        responses.append(r.body());
      }
      assertTrue(responses.toString().contains("camera_registered"), "the audit log was read");
      assertTrue(responses.toString().contains("vigil_camera"), "the metrics were read: " + responses);
      Thread.sleep(1000);
      String events;
      synchronized (live) {
        events = live.toString(StandardCharsets.UTF_8);
      }
      assertTrue(events.contains("401"), "the live events carried the failure: " + events);
      String logged = logs.toString();
      assertTrue(logged.contains("401"), "the failures were logged: " + logged);
      String printed = console.toString(StandardCharsets.UTF_8);

      for (String[] place : new String[][] {{"API responses", responses.toString()}, {"live events", events},
          {"logs", logged}, {"console", printed}}) {
        assertNoSecret(place[0], place[1]);
      }
    }
  }

  private static void assertNoSecret(String where, String text) {
    for (String form : List.of(SECRET, URLEncoder.encode(SECRET, StandardCharsets.UTF_8),
        URLEncoder.encode(SECRET, StandardCharsets.UTF_8).replace("+", "%20"), "S3nt!n3l", "S3nt%21n3l")) {
      int at = text.indexOf(form);
      assertFalse(at >= 0, () -> "the password (" + form + ") appears in the " + where + ": ..."
          + text.substring(Math.max(0, at - 200), Math.min(text.length(), at + 100)));
    }
  }

  private static JsonObject camera(String id, String url, String password) {
    return new JsonObject().put("id", id).put("name", "Depot gate").put("site", "Depot").put("type", "checkpoint")
        .put("url", url).put("username", "op").put("password", password);
  }

  private static JsonObject withoutId(JsonObject o) {
    o.remove("id");
    return o;
  }

  private static String error(HttpResponse<String> r) {
    return new JsonObject(r.body()).getJsonObject("error").getString("code");
  }

  /** Every log event (io.vigil at debug, so retries are included), and everything printed. */
  private void captureEverything() throws Exception {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    appender = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent e) {
        logs.append(e.getLoggerName()).append(' ').append(e.getFormattedMessage()).append('\n');
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
          logs.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
        }
      }
    };
    appender.setContext(ctx);
    appender.start();
    ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    vigilLevel = ctx.getLogger("io.vigil").getLevel();
    ctx.getLogger("io.vigil").setLevel(Level.DEBUG);
    System.setOut(new PrintStream(tee(originalOut), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(tee(originalErr), true, StandardCharsets.UTF_8));
  }

  private OutputStream tee(PrintStream original) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        synchronized (console) {
          console.write(b);
        }
        original.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (console) {
          console.write(b, off, len);
        }
        original.write(b, off, len);
      }
    };
  }

  private void login() throws Exception {
    String printed;
    synchronized (console) {
      printed = console.toString(StandardCharsets.UTF_8);
    }
    String adminPassword = FirstAdminPassword.from(printed);
    assertTrue(adminPassword != null, "the first start says where the generated admin password is");
    HttpResponse<String> r = send("POST", "/api/v1/auth/login",
        new JsonObject().put("username", "admin").put("password", adminPassword));
    assertEquals(200, r.statusCode(), r.body());
    cookie = r.headers().allValues("set-cookie").stream().map(c -> c.split(";")[0])
        .filter(c -> c.startsWith("vigil_session=")).findFirst().orElseThrow();
    csrf = new JsonObject(r.body()).getString("csrfToken");
  }

  /** Reads the live event stream (SSE) into {@link #live} until the platform stops. */
  private void followLiveEvents() throws Exception {
    HttpResponse<InputStream> r = http.send(request("GET", "/api/v1/live", null).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode());
    Thread reader = new Thread(() -> {
      byte[] buf = new byte[8192];
      try (InputStream in = r.body()) {
        for (int n; (n = in.read(buf)) > 0; ) {
          synchronized (live) {
            live.write(buf, 0, n);
          }
        }
      } catch (IOException ended) {
        // the platform closed the stream
      }
    }, "live-events");
    reader.setDaemon(true);
    reader.start();
  }

  private void awaitState(String state, Predicate<String> reason) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    JsonObject status = null;
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> r = send("GET", "/api/v1/cameras/gate", null);
      status = new JsonObject(r.body()).getJsonObject("status");
      if (status != null && state.equals(status.getString("state"))
          && reason.test(String.valueOf(status.getString("reason")))) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("camera not " + state + ": " + status);
  }

  private HttpRequest.Builder request(String method, String path, JsonObject body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.httpPort() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) b.header("Content-Type", "application/json");
    if (cookie != null) b.header("Cookie", cookie).header("X-CSRF-Token", csrf);
    return b;
  }

  private HttpResponse<String> send(String method, String path, JsonObject body) throws Exception {
    return http.send(request(method, path, body).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
