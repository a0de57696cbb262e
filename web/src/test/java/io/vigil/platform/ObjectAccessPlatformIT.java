package io.vigil.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.config.VigilConfig;
import io.vigil.ingest.testing.TestRtspServer;
import io.vigil.testing.TestPostgres;
import io.vigil.testing.TestSharedFiles;
import io.vigil.web.auth.Security;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-object access on the whole platform (issue #20 point 7): real PostgreSQL, two real RTSP cameras
 * registered by carriers of two organisations, one at each of two sites, the real analytics raising
 * real alerts with snapshots, and the real recorder writing their cameras' video around them (events
 * mode, 2 s segments). Each carrier, and each site's manager, reads, changes and deletes every kind of
 * object of the other (camera, its frame, occupancy and live video, recordings' timeline, a segment, a
 * range download and the alert's clip, alert, snapshot, API token, user), by session and by API token. Every such request answers exactly as for an object that does not
 * exist (404; 403 where the role may not use the route at all, for any id), and nothing changed: the
 * owner reads it all back the same, and the other's live events never carry the other's camera.
 */
class ObjectAccessPlatformIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** Registration, the first analysed frames and a breach held for its 10 s, on a loaded machine. */
  private static final Duration ALERT_DEADLINE = Duration.ofSeconds(180);
  private static final String PASSWORD = "a-long-test-password-1";
  private static final String MISSING_CAMERA = "no-such-camera";
  private static final String MISSING_ALERT = UUID.randomUUID().toString();
  private static final long MISSING_NUMBER = 999_999;
  /** The alert holds its camera on record: the pre-roll's and the first 2 s segment are indexed within seconds. */
  private static final Duration SEGMENT_DEADLINE = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final PrintStream originalOut = System.out;
  private Vertx vertx;
  private Platform platform;
  private TestPostgres db;
  /** A recorded segment of each camera, by camera id. */
  private final Map<String, RecordedSegment> segments = new HashMap<>();

  /** A signed-in user with one API token, and the camera and alert that are theirs (or their site's). */
  private record User(String name, long id, String cookie, String csrf, long tokenId, String token, String camera,
      String alert) {
    User with(String cameraId, String alertId) {
      return new User(name, id, cookie, csrf, tokenId, token, cameraId, alertId);
    }
  }

  @AfterEach
  void stop() throws Exception {
    System.setOut(originalOut);
    if (platform != null) platform.close().await(60, TimeUnit.SECONDS);
    if (vertx != null) vertx.close().await(30, TimeUnit.SECONDS);
    if (db != null) db.close();
  }

  @Test
  void noCarrierOrManagerReachesAnotherOnesObjects() throws Exception {
    Path model = TestSharedFiles.require("models/yolox-nano/yolox_nano.onnx");
    // H.264 as cameras send it; someone is in the picture most of the time, so a zone of capacity 0 is
    // breached within seconds and stays so for the registered zones' 10 s hold.
    Path clip = TestSharedFiles.require("data/sample-clips/one-by-one-person-detection.mp4");
    db = TestPostgres.create();
    try (TestRtspServer cameras = new TestRtspServer().h264("a", clip).h264("b", clip).start()) {
      Path cfg = dir.resolve("cameras.yml");
      Files.writeString(cfg, """
          server: {bind: 127.0.0.1, http_port: 0}
          data_dir: %s
          database: {url: "%s", user: %s}
          detector: {model: %s}
          registration: {allowed_networks: [127.0.0.0/8]}
          alerts: {clear_after: 30m}
          recording: {segment: 2s}
          cameras: []
          """.formatted(dir.resolve("data"), db.url, TestPostgres.USER, model));
      ByteArrayOutputStream console = new ByteArrayOutputStream();
      System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
      vertx = Vertx.vertx();
      platform = Platform.start(vertx, VigilConfig.load(cfg)).await(3, TimeUnit.MINUTES);
      System.setOut(originalOut);
      User admin = signIn("admin", FirstAdminPassword.from(console.toString(StandardCharsets.UTF_8)), 0);

      User carrierA = newUser(admin, "carrier-a", new JsonObject().put("role", "carrier").put("organisation", "org-a"));
      User carrierB = newUser(admin, "carrier-b", new JsonObject().put("role", "carrier").put("organisation", "org-b"));
      User managerX = newUser(admin, "manager-x", new JsonObject().put("role", "manager").put("sites", List.of("Site X")));
      User managerY = newUser(admin, "manager-y", new JsonObject().put("role", "manager").put("sites", List.of("Site Y")));
      register(carrierA, "org-a-gate", "Site X", cameras.uri("a"));
      register(carrierB, "org-b-gate", "Site Y", cameras.uri("b"));
      String alertA = awaitAlertWithSnapshot(admin, "org-a-gate");
      String alertB = awaitAlertWithSnapshot(admin, "org-b-gate");
      for (String camera : List.of("org-a-gate", "org-b-gate")) {
        segments.put(camera, RecordedSegment.awaitFirst(SEGMENT_DEADLINE, camera, () -> json(send(admin, "GET",
            "/api/v1/cameras/" + camera + "/recordings", null, false), 200).getJsonArray("segments")));
      }
      carrierA = carrierA.with("org-a-gate", alertA);
      carrierB = carrierB.with("org-b-gate", alertB);
      managerX = managerX.with("org-a-gate", alertA);
      managerY = managerY.with("org-b-gate", alertB);
      ByteArrayOutputStream eventsOfA = follow(carrierA);
      ByteArrayOutputStream eventsOfX = follow(managerX);

      List<User[]> pairs = List.of(new User[] {carrierA, carrierB}, new User[] {carrierB, carrierA},
          new User[] {managerX, managerY}, new User[] {managerY, managerX});
      for (User[] pair : pairs) {
        User intruder = pair[0];
        User owner = pair[1];
        String before = state(admin, owner);
        int checked = trespass(intruder, owner, false) + trespass(intruder, owner, true);
        assertEquals(before, state(admin, owner), intruder.name() + " changed what is " + owner.name() + "'s");
        // A refused download leaves no trace of one either (the intruder's own, as an owner, are theirs).
        JsonArray downloads = json(send(admin, "GET", "/api/v1/audit?action=recording_downloaded&actor="
            + intruder.name(), null, false), 200).getJsonArray("items");
        assertFalse(downloads.stream().anyMatch(d -> owner.camera().equals(((JsonObject) d).getString("targetId"))),
            downloads.encode());
        System.out.println(intruder.name() + " -> " + owner.name() + ": " + checked + " requests, all refused");
      }

      // Two more seconds of status events: the other's camera never shows on a live stream.
      Thread.sleep(2000);
      assertLiveEvents(eventsOfA, "org-a-gate", "org-b-gate");
      assertLiveEvents(eventsOfX, "org-a-gate", "org-b-gate");
    }
  }

  /**
   * Every route that names an object, as {@code intruder}, on {@code owner}'s objects; each answer must be
   * the one the same route gives for an id that does not exist, and that one must be 404 where the role
   * may use the route, 403 (for any id) where it may not.
   *
   * @return how many requests were made
   */
  private int trespass(User intruder, User owner, boolean byToken) throws Exception {
    boolean carrier = intruder.name().startsWith("carrier");
    String cam = "/api/v1/cameras/";
    String alert = "/api/v1/alerts/";
    JsonObject change = new JsonObject().put("name", "Taken over").put("site", "Elsewhere").put("type", "checkpoint")
        .put("url", "rtsp://127.0.0.1:1/none");
    List<Object[]> routes = List.of(
        new Object[] {"GET", cam + "%s", null, 404},
        new Object[] {"PUT", cam + "%s", change, carrier ? 404 : 403},
        new Object[] {"GET", cam + "%s/frame.jpg", null, 404},
        new Object[] {"GET", cam + "%s/occupancy?range=hour", null, 404},
        new Object[] {"GET", cam + "%s/recordings", null, 404},
        new Object[] {"GET", cam + "%s/recordings/%m", null, 404},
        new Object[] {"GET", cam + "%s/recording.mp4?%r", null, 404},
        new Object[] {"GET", alert + "%a/clip", null, 404},
        new Object[] {"GET", alert + "%a", null, 404},
        new Object[] {"GET", alert + "%a/snapshot.jpg", null, 404},
        new Object[] {"POST", alert + "%a/acknowledge", new JsonObject().put("note", "not mine"), carrier ? 403 : 404},
        new Object[] {"POST", alert + "%a/resolve", new JsonObject().put("note", "not mine"), carrier ? 403 : 404},
        new Object[] {"DELETE", "/api/v1/tokens/%t", null, 404},
        new Object[] {"DELETE", "/api/v1/users/%u", null, 403},
        new Object[] {"DELETE", cam + "%s", null, carrier ? 404 : 403});
    int n = 0;
    for (Object[] r : routes) {
      String path = (String) r[1];
      // The missing camera is asked for the owner's segment and range: only the camera differs.
      RecordedSegment segment = segments.get(owner.camera());
      String theirs = fill(path, owner.camera(), owner.alert(), owner.tokenId(), owner.id(), segment);
      String none = fill(path, MISSING_CAMERA, MISSING_ALERT, MISSING_NUMBER, MISSING_NUMBER, segment);
      int expected = (int) r[3];
      HttpResponse<String> cross = send(intruder, (String) r[0], theirs, (JsonObject) r[2], byToken);
      HttpResponse<String> absent = send(intruder, (String) r[0], none, (JsonObject) r[2], byToken);
      String what = intruder.name() + (byToken ? " (API token) " : " (session) ") + r[0] + " " + theirs;
      assertEquals(expected, cross.statusCode(), what + ": " + cross.body());
      assertEquals(absent.statusCode(), cross.statusCode(), what + " answers unlike a missing object");
      assertEquals(errorCode(absent), errorCode(cross), what + " answers unlike a missing object");
      n += 2;
    }
    // Live video: the WebSocket handshake is refused as for a camera that does not exist.
    assertEquals(404, liveVideo(intruder, owner.camera(), byToken), "live video of " + owner.camera());
    assertEquals(404, liveVideo(intruder, MISSING_CAMERA, byToken));
    // Lists leave the other's objects out; filtering on them gives nothing.
    assertFalse(send(intruder, "GET", "/api/v1/cameras", null, byToken).body().contains(owner.camera()));
    assertFalse(send(intruder, "GET", "/api/v1/counts", null, byToken).body().contains(owner.camera()));
    JsonObject filtered = json(send(intruder, "GET", "/api/v1/alerts?camera=" + owner.camera(), null, byToken), 200);
    assertEquals(0, filtered.getJsonArray("items").size(), filtered.encode());
    JsonArray tokens = json(send(intruder, "GET", "/api/v1/tokens", null, byToken), 200).getJsonArray("items");
    assertFalse(tokens.stream().anyMatch(t -> ((JsonObject) t).getLong("id") == owner.tokenId()), tokens.encode());
    assertEquals(403, send(intruder, "GET", "/api/v1/users", null, byToken).statusCode());
    return n + 7;
  }

  /**
   * What the owner, and the administrator for users, read of the owner's objects: compared before and
   * after the intrusions (the camera's live status, which changes by itself, left out).
   */
  private String state(User admin, User owner) throws Exception {
    JsonObject camera = json(send(owner, "GET", "/api/v1/cameras/" + owner.camera(), null, false), 200);
    camera.remove("status");
    JsonObject alert = json(send(owner, "GET", "/api/v1/alerts/" + owner.alert(), null, false), 200);
    // The alert's peak may rise and its no-data mark come and go with the real camera; who did what may not.
    for (String moving : List.of("value", "severity", "noDataSince")) alert.remove(moving);
    HttpResponse<byte[]> snapshot = http.send(request(owner, "GET", "/api/v1/alerts/" + owner.alert() + "/snapshot.jpg",
        null, false).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, snapshot.statusCode());
    // The platform keeps the pictures of watched cameras only: the first requests start it.
    Instant deadline = Instant.now().plus(TIMEOUT);
    int frame;
    do {
      frame = http.send(request(owner, "GET", "/api/v1/cameras/" + owner.camera() + "/frame.jpg", null, false).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
      if (frame != 200) Thread.sleep(500);
    } while (frame != 200 && Instant.now().isBefore(deadline));
    assertEquals(200, frame, "the owner's camera delivers frames");
    assertEquals(200, send(owner, "GET", "/api/v1/cameras/" + owner.camera() + "/occupancy?range=hour", null, false).statusCode());
    JsonObject recordings = recordings(owner);
    JsonArray tokens = json(send(owner, "GET", "/api/v1/tokens", null, false), 200).getJsonArray("items");
    tokens.forEach(t -> ((JsonObject) t).remove("lastUsed"));
    JsonObject me = json(send(owner, "GET", "/api/v1/auth/me", null, true), 200);
    JsonArray users = json(send(admin, "GET", "/api/v1/users", null, false), 200).getJsonArray("items");
    return new JsonObject().put("camera", camera).put("alert", alert).put("snapshotBytes", snapshot.body().length)
        .put("tokens", tokens).put("meByToken", me).put("users", users).put("recordings", recordings).encodePrettily();
  }

  /**
   * What the owner reads of its camera's recording: the timeline over its segment (the camera goes on
   * recording after it), the segment's bytes, a download of it and the alert's clip listing it.
   */
  private JsonObject recordings(User owner) throws Exception {
    RecordedSegment segment = segments.get(owner.camera());
    String cam = "/api/v1/cameras/" + owner.camera();
    JsonArray timeline = json(send(owner, "GET", cam + "/recordings?" + segment.range(), null, false), 200)
        .getJsonArray("segments");
    HttpResponse<byte[]> file = http.send(request(owner, "GET", cam + "/recordings/" + segment.startMillis(), null,
        false).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, file.statusCode(), "the owner plays its segment");
    HttpResponse<byte[]> download = http.send(request(owner, "GET", cam + "/recording.mp4?" + segment.range(), null,
        false).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertTrue(download.statusCode() == 200 && download.body().length > 0, "the owner downloads its recording");
    JsonObject clip = json(send(owner, "GET", "/api/v1/alerts/" + owner.alert() + "/clip", null, false), 200);
    assertTrue(segment.in(clip.getJsonArray("segments")), "the alert's clip lists the segment: " + clip.encode());
    return new JsonObject().put("timeline", timeline).put("segmentBytes", file.body().length)
        .put("segmentHash", Arrays.hashCode(file.body()));
  }

  private static String fill(String path, String camera, String alert, long token, long user,
      RecordedSegment segment) {
    return path.replace("%s", camera).replace("%a", alert).replace("%t", Long.toString(token))
        .replace("%u", Long.toString(user)).replace("%m", segment.startMillis()).replace("%r", segment.range());
  }

  private User signIn(String name, String password, long id) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/v1/auth/login")).timeout(TIMEOUT)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            new JsonObject().put("username", name).put("password", password).encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    String cookie = r.headers().allValues("set-cookie").stream().map(c -> c.split(";")[0])
        .filter(c -> c.startsWith("vigil_session=")).findFirst().orElseThrow();
    User u = new User(name, id, cookie, new JsonObject(r.body()).getString("csrfToken"), 0, null, null, null);
    JsonObject token = json(send(u, "POST", "/api/v1/tokens", new JsonObject().put("name", name + "-script"), false), 200);
    return new User(name, id, u.cookie(), u.csrf(), token.getLong("id"), token.getString("token"), null, null);
  }

  private User newUser(User admin, String name, JsonObject role) throws Exception {
    JsonObject created = json(send(admin, "POST", "/api/v1/users",
        role.copy().put("username", name).put("password", PASSWORD), false), 201);
    return signIn(name, PASSWORD, created.getLong("id"));
  }

  private void register(User carrier, String id, String site, URI url) throws Exception {
    JsonObject camera = new JsonObject().put("id", id).put("name", "Gate of " + carrier.name()).put("site", site)
        .put("type", "checkpoint").put("url", url.toString()).put("analyticFps", 2)
        .put("zones", new JsonArray().add(new JsonObject().put("id", "floor").put("capacity", 0)
            .put("polygon", new JsonArray(List.of(List.of(0, 0), List.of(1, 0), List.of(1, 1), List.of(0, 1))))));
    json(send(carrier, "POST", "/api/v1/cameras", camera, false), 201);
  }

  private String awaitAlertWithSnapshot(User admin, String camera) throws Exception {
    Instant deadline = Instant.now().plus(ALERT_DEADLINE);
    while (Instant.now().isBefore(deadline)) {
      JsonArray items = json(send(admin, "GET", "/api/v1/alerts?camera=" + camera, null, false), 200).getJsonArray("items");
      for (Object o : items) {
        JsonObject a = (JsonObject) o;
        if (a.getBoolean("hasSnapshot") && http.send(request(admin, "GET", "/api/v1/alerts/" + a.getString("id")
            + "/snapshot.jpg", null, false).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return a.getString("id");
        }
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("no alert with a snapshot on " + camera + " within " + ALERT_DEADLINE);
  }

  private int liveVideo(User u, String camera, boolean byToken) {
    WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(TIMEOUT);
    if (byToken) b.header("Authorization", "Bearer " + u.token()); else b.header("Cookie", u.cookie());
    URI ws = URI.create("ws://127.0.0.1:" + platform.httpPort() + "/api/v1/cameras/" + camera + "/live");
    try {
      WebSocket open = b.buildAsync(ws, new WebSocket.Listener() {}).join();
      open.abort();
      return 101;
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException h) return h.getResponse().statusCode();
      throw e;
    }
  }

  /** The user's live events (Server-Sent Events), read into the returned buffer until the platform stops. */
  private ByteArrayOutputStream follow(User u) throws Exception {
    HttpResponse<InputStream> r = http.send(request(u, "GET", "/api/v1/live", null, false).timeout(Duration.ofHours(1))
        .build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> {
      byte[] buf = new byte[8192];
      try (InputStream in = r.body()) {
        for (int n; (n = in.read(buf)) > 0; ) {
          synchronized (out) {
            out.write(buf, 0, n);
          }
        }
      } catch (IOException ended) {
        // the platform closed the stream
      }
    }, "live-events-" + u.name());
    reader.setDaemon(true);
    reader.start();
    return out;
  }

  private static void assertLiveEvents(ByteArrayOutputStream events, String own, String other) {
    String text;
    synchronized (events) {
      text = events.toString(StandardCharsets.UTF_8);
    }
    assertTrue(text.contains(own), "the live stream carried the user's own camera: " + text);
    assertFalse(text.contains(other), "the live stream carried another's camera");
  }

  private HttpResponse<String> send(User u, String method, String path, JsonObject body, boolean byToken)
      throws Exception {
    return http.send(request(u, method, path, body, byToken).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(User u, String method, String path, JsonObject body, boolean byToken) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) b.header("Content-Type", "application/json");
    if (byToken) {
      b.header("Authorization", "Bearer " + u.token());
    } else {
      b.header("Cookie", u.cookie()).header(Security.CSRF_HEADER, u.csrf());
    }
    return b;
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + platform.httpPort() + path);
  }

  private static JsonObject json(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.request().method() + " " + r.uri() + ": " + r.body());
    return new JsonObject(r.body());
  }

  private static String errorCode(HttpResponse<String> r) {
    try {
      return new JsonObject(r.body()).getJsonObject("error").getString("code");
    } catch (RuntimeException e) {
      return "not JSON: " + r.body();
    }
  }
}
