package io.vigil.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vigil.ingest.testing.TestClosedPort;
import io.vigil.store.AlertChange;
import io.vigil.web.LiveFeed;
import io.vigil.web.auth.LoginThrottle;
import io.vigil.web.auth.Role;
import io.vigil.web.auth.Security;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks every route of the API as every role and as an anonymous caller, and checks the status each
 * gets, and that the OpenAPI document declares that status and the shape of its JSON body. The routes
 * come from the router itself: a route added without an entry here fails the test.
 */
class AccessControlIT {
  private static WebHarness h;
  private static final Map<Role, WebHarness.Session> sessions = new EnumMap<>(Role.class);

  /** Who gets what from one route; {@code anonymous} is the status without credentials. */
  record Expect(Function<Role, String> path, Function<Role, String> body, int anonymous, Map<Role, Integer> byRole,
      boolean stream, boolean ownSession) {}

  /** What one call gave; no content type or body for a stream. */
  record Answer(int status, String contentType, String body) {}

  private static Map<Role, Integer> roles(int admin, int ioc, int manager, int carrier) {
    return Map.of(Role.ADMIN, admin, Role.IOC, ioc, Role.MANAGER, manager, Role.CARRIER, carrier);
  }

  private static Expect e(String path, String body, int anonymous, Map<Role, Integer> byRole) {
    return new Expect(r -> path, r -> body, anonymous, byRole, false, false);
  }

  private static String cameraBody(String id, String site) {
    return new JsonObject().put("id", id).put("name", "Walk " + id).put("site", site).put("type", "checkpoint")
        .put("url", TestClosedPort.rtsp("stream")).encode();
  }

  private static Map<String, Expect> expectations() {
    String a = "/api/v1/alerts/" + h.alertA.id();
    Map<String, Expect> m = new HashMap<>();
    m.put("GET /api/v1/health", e("/api/v1/health", null, 200, roles(200, 200, 200, 200)));
    m.put("GET /api/v1/openapi.json", e("/api/v1/openapi.json", null, 200, roles(200, 200, 200, 200)));
    m.put("GET /api/v1/config", e("/api/v1/config", null, 200, roles(200, 200, 200, 200)));
    m.put("POST /api/v1/auth/login", e("/api/v1/auth/login", "{}", 400, roles(400, 400, 400, 400)));
    m.put("POST /api/v1/auth/logout",
        new Expect(r -> "/api/v1/auth/logout", r -> null, 401, roles(204, 204, 204, 204), false, true));
    m.put("GET /api/v1/auth/me", e("/api/v1/auth/me", null, 401, roles(200, 200, 200, 200)));
    m.put("POST /api/v1/auth/password", e("/api/v1/auth/password",
        "{\"current\":\"not the password\",\"password\":\"a new long password\"}", 401, roles(403, 403, 403, 403)));
    m.put("GET /api/v1/tokens", e("/api/v1/tokens", null, 401, roles(200, 200, 200, 200)));
    m.put("POST /api/v1/tokens", e("/api/v1/tokens", "{\"name\":\"walk\"}", 401, roles(200, 200, 200, 200)));
    m.put("DELETE /api/v1/tokens/:id", e("/api/v1/tokens/999999", null, 401, roles(404, 404, 404, 404)));
    m.put("GET /api/v1/users", e("/api/v1/users", null, 401, roles(200, 403, 403, 403)));
    m.put("POST /api/v1/users", new Expect(r -> "/api/v1/users",
        r -> "{\"username\":\"walk-" + who(r) + "\",\"password\":\"long enough password\",\"role\":\"ioc\"}", 401,
        roles(201, 403, 403, 403), false, false));
    m.put("DELETE /api/v1/users/:id", e("/api/v1/users/999999", null, 401, roles(404, 403, 403, 403)));
    m.put("GET /api/v1/audit", e("/api/v1/audit", null, 401, roles(200, 403, 403, 403)));
    m.put("PUT /api/v1/auth/me/language", e("/api/v1/auth/me/language", "{\"language\":\"en\"}", 401,
        roles(204, 204, 204, 204)));
    m.put("POST /api/v1/users/:id/disable", e("/api/v1/users/999999/disable", null, 401, roles(404, 403, 403, 403)));
    m.put("POST /api/v1/users/:id/enable", e("/api/v1/users/999999/enable", null, 401, roles(404, 403, 403, 403)));
    m.put("POST /api/v1/users/:id/password", e("/api/v1/users/999999/password",
        "{\"password\":\"long enough password\"}", 401, roles(404, 403, 403, 403)));
    m.put("GET /api/v1/dead-letters", e("/api/v1/dead-letters", null, 401, roles(200, 403, 403, 403)));
    m.put("GET /api/v1/cluster", e("/api/v1/cluster", null, 401, roles(200, 403, 403, 403)));
    m.put("GET /api/v1/cameras", e("/api/v1/cameras", null, 401, roles(200, 200, 200, 200)));
    m.put("POST /api/v1/cameras", new Expect(r -> "/api/v1/cameras",
        r -> cameraBody("walk-" + who(r), "Walk site"), 401, roles(201, 403, 403, 201), false, false));
    // The probe is let through to a stream that does not answer: refused as such (422), after the role check.
    m.put("POST /api/v1/cameras/probe", e("/api/v1/cameras/probe",
        new JsonObject().put("url", TestClosedPort.rtsp("probe")).encode(), 401, roles(422, 403, 403, 422)));
    m.put("GET /api/v1/cameras/:id", e("/api/v1/cameras/cam-a", null, 401, roles(200, 200, 200, 404)));
    m.put("PUT /api/v1/cameras/:id", e("/api/v1/cameras/cam-a", cameraBody("cam-a", WebHarness.SITE_A), 401,
        roles(200, 403, 403, 404)));
    m.put("DELETE /api/v1/cameras/:id", e("/api/v1/cameras/no-such-camera", null, 401, roles(404, 403, 403, 404)));
    m.put("GET /api/v1/cameras/:id/frame.jpg", e("/api/v1/cameras/cam-a/frame.jpg", null, 401,
        roles(200, 200, 200, 404)));
    // A plain GET is refused as not an upgrade, but only after the caller and the camera were checked;
    // the upgrade itself is walked in liveVideoUpgradeIsCheckedBeforeItHappens.
    m.put("GET /api/v1/cameras/:id/live", e("/api/v1/cameras/cam-a/live", null, 401, roles(400, 400, 400, 404)));
    m.put("GET /api/v1/cameras/:id/occupancy", e("/api/v1/cameras/cam-a/occupancy?range=day", null, 401,
        roles(200, 200, 200, 404)));
    m.put("GET /api/v1/counts", e("/api/v1/counts", null, 401, roles(200, 200, 200, 200)));
    m.put("GET /api/v1/alerts", e("/api/v1/alerts", null, 401, roles(200, 200, 200, 200)));
    m.put("GET /api/v1/alerts/:id", e(a, null, 401, roles(200, 200, 200, 404)));
    // Recordings: the camera rules first (the carrier does not see cam-a), then nothing is recorded.
    String range = "?from=2026-12-08T09:00:00Z&to=2026-12-08T09:30:00Z";
    m.put("GET /api/v1/cameras/:id/recordings", e("/api/v1/cameras/cam-a/recordings" + range, null, 401,
        roles(200, 200, 200, 404)));
    m.put("GET /api/v1/cameras/:id/recordings/:start", e("/api/v1/cameras/cam-a/recordings/1765184400000", null, 401,
        roles(404, 404, 404, 404)));
    m.put("GET /api/v1/cameras/:id/recording.mp4", e("/api/v1/cameras/cam-a/recording.mp4" + range, null, 401,
        roles(404, 404, 404, 404)));
    m.put("GET /api/v1/alerts/:id/clip", e(a + "/clip", null, 401, roles(404, 404, 404, 404)));
    m.put("GET /api/v1/alerts/:id/snapshot.jpg", e(a + "/snapshot.jpg", null, 401, roles(200, 200, 200, 404)));
    m.put("POST /api/v1/alerts/:id/acknowledge", e(a + "/acknowledge", "{\"note\":\"seen\"}", 401,
        roles(200, 403, 200, 403)));
    m.put("POST /api/v1/alerts/:id/resolve", e(a + "/resolve", null, 401, roles(200, 403, 200, 403)));
    m.put("POST /api/v1/alerts/:id/notes", e(a + "/notes", "{\"text\":\"seen\"}", 401, roles(200, 403, 200, 403)));
    m.put("GET /api/v1/alerts/:id/history", e(a + "/history", null, 401, roles(200, 200, 200, 404)));
    m.put("GET /api/v1/live", new Expect(r -> "/api/v1/live", r -> null, 401, roles(200, 200, 200, 200), true, false));
    m.put("GET /metrics", e("/metrics", null, 401, roles(200, 403, 403, 403)));
    return m;
  }

  @BeforeAll
  static void start() throws Exception {
    h = new WebHarness(true, Files.createTempDirectory("vigil-recordings"));
    sessions.put(Role.ADMIN, h.login("admin1"));
    sessions.put(Role.IOC, h.login("ioc1"));
    sessions.put(Role.MANAGER, h.login("manager1"));
    sessions.put(Role.CARRIER, h.login("carrier1"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (h != null) h.close();
  }

  private static String who(Role r) {
    return r == null ? "anonymous" : r.code();
  }

  private static String user(Role r) {
    return r == Role.ADMIN ? "admin1" : r.code() + "1";
  }

  @Test
  void everyRouteAdmitsExactlyItsRoles() throws Exception {
    Map<String, Expect> expect = expectations();
    Set<String> routed = new TreeSet<>();
    for (Route route : h.web.router().getRoutes()) {
      String path = route.getPath();
      if (path == null || !(path.startsWith("/api") || path.startsWith("/metrics"))) continue;
      if (route.methods() == null || route.methods().isEmpty()) continue;
      route.methods().forEach(m -> routed.add(m.name() + " " + path));
    }
    Set<String> ruled = new TreeSet<>();
    h.web.endpoints().forEach(e -> ruled.add(e.key()));
    assertEquals(routed, ruled, "every API route must be added through ApiRoutes with its roles");
    assertEquals(routed, new TreeSet<>(expect.keySet()), "every API route needs an expectation in this test");

    OpenApiCheck doc = new OpenApiCheck(new JsonObject(h.send("GET", "/api/v1/openapi.json", null, null).body()));
    List<String> wrong = new ArrayList<>();
    for (String key : routed) {
      Expect x = expect.get(key);
      String method = key.substring(0, key.indexOf(' '));
      check(wrong, doc, key, "anonymous", x.anonymous(), call(method, x, null, null));
      for (Role r : Role.values()) {
        WebHarness.Session s = x.ownSession() ? h.login(user(r)) : sessions.get(r);
        check(wrong, doc, key, r.code(), x.byRole().get(r), call(method, x, r, s));
      }
    }
    if (!wrong.isEmpty()) fail(String.join("\n", wrong));
  }

  private static Answer call(String method, Expect x, Role r, WebHarness.Session s) throws Exception {
    String path = x.path().apply(r);
    if (x.stream()) return new Answer(h.status(method, path, s), null, null);
    HttpResponse<String> resp = h.send(method, path, s, x.body().apply(r));
    return new Answer(resp.statusCode(), resp.headers().firstValue("content-type").orElse(null), resp.body());
  }

  private static void check(List<String> wrong, OpenApiCheck doc, String key, String who, int expected, Answer actual) {
    if (expected != actual.status()) wrong.add(key + " as " + who + ": expected " + expected + ", got " + actual.status());
    String undocumented = doc.problem(key, actual.status(), actual.contentType(), actual.body());
    if (undocumented != null) wrong.add(undocumented + " (as " + who + ")");
  }

  @Test
  void allUnknownApiPathsAreJson404() throws Exception {
    HttpResponse<String> r = h.send("GET", "/api/v1/nothing-here", null, null);
    assertEquals(404, r.statusCode());
    assertEquals("not_found", new JsonObject(r.body()).getJsonObject("error").getString("code"));
  }

  @Test
  void carrierSeesOnlyItsOwnCamerasAndAlerts() throws Exception {
    WebHarness.Session carrier = sessions.get(Role.CARRIER);
    JsonArray cams = new JsonObject(h.send("GET", "/api/v1/cameras", carrier, null).body()).getJsonArray("items");
    Set<String> ids = new HashSet<>();
    cams.forEach(c -> ids.add(((JsonObject) c).getString("id")));
    assertTrue(ids.contains("cam-b") && !ids.contains("cam-a"), ids.toString());
    JsonArray alerts = new JsonObject(h.send("GET", "/api/v1/alerts", carrier, null).body()).getJsonArray("items");
    alerts.forEach(a -> assertEquals("cam-b", ((JsonObject) a).getString("cameraId")));
    assertEquals(404, h.send("GET", "/api/v1/alerts/" + h.alertA.id() + "/snapshot.jpg", carrier, null).statusCode());
    assertEquals(200, h.send("GET", "/api/v1/alerts/" + h.alertB.id() + "/snapshot.jpg", carrier, null).statusCode());
    // The carrier's own camera shows where its stream is; the manager's view of a camera never does.
    JsonObject own = new JsonObject(h.send("GET", "/api/v1/cameras/cam-b", carrier, null).body());
    assertEquals(TestClosedPort.rtsp("cam-b"), own.getString("source"));
    JsonObject seen = new JsonObject(h.send("GET", "/api/v1/cameras/cam-a", sessions.get(Role.MANAGER), null).body());
    assertTrue(!seen.containsKey("source"));
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void liveEventsReachOnlyThoseWhoMaySeeTheCamera() throws Exception {
    WebHarness.Session carrier = sessions.get(Role.CARRIER);
    HttpRequest req = HttpRequest.newBuilder(URI.create(h.base() + "/api/v1/live"))
        .header("Cookie", carrier.cookie()).build();
    HttpResponse<Stream<String>> r = h.http.send(req, HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
    // Published from another thread, as a camera's analysis thread does; cam-a's first, so that it
    // would arrive before cam-b's if it were let through.
    // The stream's subscription may be registered just after the headers arrive, so keep publishing
    // until the reader has what it waits for.
    AtomicBoolean done = new AtomicBoolean();
    Thread publisher = new Thread(() -> {
      while (!done.get()) {
        h.live.analysis("cam-a", 1, List.of(new LiveFeed.Track(1, 0, 0, 0.1, 0.1)), List.of());
        h.live.alert(AlertChange.OPENED, h.alertA, null);
        h.live.analysis("cam-b", 2, List.of(), List.of(new LiveFeed.ZoneCount("walkway", 3, 3)));
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    publisher.start();
    List<String> data = new ArrayList<>();
    try (var lines = r.body()) {
      var it = lines.iterator();
      while (it.hasNext()) {
        String line = it.next();
        if (!line.startsWith("data: ")) continue;
        JsonObject d = new JsonObject(line.substring(6));
        data.add(d.getString("cameraId"));
        if ("cam-b".equals(d.getString("cameraId")) && d.containsKey("tracks")) break;
      }
    } finally {
      done.set(true);
    }
    assertTrue(!data.contains("cam-a"), data.toString());
    assertTrue(data.contains("cam-b"), data.toString());
    assertEquals(404, h.status("GET", "/api/v1/live?camera=cam-a", carrier));
  }

  @Test
  void liveVideoUpgradeIsCheckedBeforeItHappens() throws Exception {
    assertEquals(401, upgrade("cam-a", null, null));
    assertEquals(404, upgrade("cam-a", sessions.get(Role.CARRIER), null), "another organisation's camera");
    assertEquals(404, upgrade("no-such-camera", sessions.get(Role.ADMIN), null));
    assertEquals(403, upgrade("cam-a", sessions.get(Role.ADMIN), "https://elsewhere.example"), "a foreign page");
    assertEquals(101, upgrade("cam-b", sessions.get(Role.CARRIER), null), "its own camera");
    assertEquals(101, upgrade("cam-a", sessions.get(Role.MANAGER), h.base()));
  }

  /** The status of a WebSocket handshake to the camera's live video. */
  private static int upgrade(String camera, WebHarness.Session s, String origin) throws Exception {
    WebSocket.Builder b = h.http.newWebSocketBuilder();
    if (s != null) b.header("Cookie", s.cookie());
    if (origin != null) b.header("Origin", origin);
    try {
      WebSocket ws = b.buildAsync(URI.create(h.base().replace("http:", "ws:")
          + "/api/v1/cameras/" + camera + "/live"), new WebSocket.Listener() { })
          .get(30, TimeUnit.SECONDS);
      ws.abort();
      return 101;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException w) return w.getResponse().statusCode();
      throw e;
    }
  }

  @Test
  void managerCannotHandleAnotherSitesAlert() throws Exception {
    WebHarness.Session manager = sessions.get(Role.MANAGER);
    assertEquals(404, h.send("POST", "/api/v1/alerts/" + h.alertB.id() + "/acknowledge", manager, "{}").statusCode());
    assertEquals("open", h.services.alert(h.alertB.id()).result().state().code());
  }

  @Test
  void stateChangesNeedTheAntiForgeryHeaderButTokensDoNot() throws Exception {
    WebHarness.Session admin = sessions.get(Role.ADMIN);
    WebHarness.Session noCsrf = new WebHarness.Session(admin.cookie(), null);
    HttpResponse<String> r = h.send("POST", "/api/v1/tokens", noCsrf, "{\"name\":\"x\"}");
    assertEquals(403, r.statusCode());
    assertEquals("csrf", new JsonObject(r.body()).getJsonObject("error").getString("code"));
    WebHarness.Session wrong = new WebHarness.Session(admin.cookie(), "forged");
    assertEquals(403, h.send("POST", "/api/v1/tokens", wrong, "{\"name\":\"x\"}").statusCode());

    String token = new JsonObject(h.send("POST", "/api/v1/tokens", admin, "{\"name\":\"prometheus\"}").body())
        .getString("token");
    HttpResponse<String> metrics = h.send("GET", "/metrics", null, null, Map.of("Authorization", "Bearer " + token));
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.body().contains("vigil_web_live_clients"), metrics.body());
    assertTrue(metrics.body().contains("vigil_camera_online{camera=\"cam-a\"} 1\n"), metrics.body());
    assertTrue(metrics.body().contains("vigil_camera_reconnects_total{camera=\"cam-b\"} 2\n"), metrics.body());
    assertTrue(metrics.body().contains("vigil_camera_analysis_seconds{camera=\"cam-a\"} 0.0425\n"), metrics.body());
    assertEquals(401, h.send("GET", "/metrics", null, null, Map.of("Authorization", "Bearer vgt_wrong")).statusCode());
    // Tokens are stored only as digests.
    try (var c = h.db.migrated().getConnection(); var st = c.createStatement();
        var rs = st.executeQuery("SELECT count(*) FROM vigil_api_token WHERE encode(token_hash, 'escape') LIKE '%"
            + token.substring(4, 12) + "%'")) {
      rs.next();
      assertEquals(0, rs.getInt(1));
    }
  }

  @Test
  void logoutEndsTheSession() throws Exception {
    WebHarness.Session s = h.login("ioc1");
    assertEquals(200, h.send("GET", "/api/v1/auth/me", s, null).statusCode());
    assertEquals(204, h.send("POST", "/api/v1/auth/logout", s, null).statusCode());
    assertEquals(401, h.send("GET", "/api/v1/auth/me", s, null).statusCode());
  }

  @Test
  void sessionCookieIsHttpOnlyAndStrict() throws Exception {
    HttpResponse<String> r = h.send("POST", "/api/v1/auth/login", null,
        new JsonObject().put("username", "IOC1").put("password", WebHarness.PASSWORD).encode());
    assertEquals(200, r.statusCode());
    String cookie = r.headers().allValues("set-cookie").stream()
        .filter(c -> c.startsWith(Security.SESSION_COOKIE + "=")).findFirst().orElseThrow();
    String lower = cookie.toLowerCase(Locale.ROOT);
    assertTrue(lower.contains("; httponly") && lower.contains("; samesite=strict"), cookie);
  }

  @Test
  void failedLoginsAreThrottledPerAccount() throws Exception {
    String body = new JsonObject().put("username", "manager1").put("password", "wrong password!").encode();
    for (int i = 0; i < LoginThrottle.MAX_PER_ACCOUNT; i++) {
      HttpResponse<String> r = h.send("POST", "/api/v1/auth/login", null, body);
      assertEquals(401, r.statusCode());
      assertEquals("invalid_credentials", new JsonObject(r.body()).getJsonObject("error").getString("code"));
    }
    // Now even the right password is refused until the window passes.
    HttpResponse<String> r = h.send("POST", "/api/v1/auth/login", null,
        new JsonObject().put("username", "manager1").put("password", WebHarness.PASSWORD).encode());
    assertEquals(429, r.statusCode());
    assertTrue(r.headers().firstValue("Retry-After").isPresent());
  }

  @Test
  void cameraChangesAndAlertHandlingAreAudited() throws Exception {
    WebHarness.Session carrier = sessions.get(Role.CARRIER);
    assertEquals(201, h.send("POST", "/api/v1/cameras", carrier, cameraBody("audit-cam", "Depot")).statusCode());
    assertEquals(204, h.send("DELETE", "/api/v1/cameras/audit-cam", carrier, null).statusCode());
    WebHarness.Session manager = sessions.get(Role.MANAGER);
    var a = h.services.raise("cam-a", "corridor", 5, 2, null);
    assertEquals(200, h.send("POST", "/api/v1/alerts/" + a.id() + "/resolve", manager, "{\"note\":\"cleared\"}")
        .statusCode());
    JsonArray items = new JsonObject(h.send("GET", "/api/v1/audit?limit=500", sessions.get(Role.ADMIN), null).body())
        .getJsonArray("items");
    Set<String> seen = new HashSet<>();
    items.forEach(i -> seen.add(((JsonObject) i).getString("actor") + " " + ((JsonObject) i).getString("action")));
    assertTrue(seen.containsAll(List.of("carrier1 camera_registered", "carrier1 camera_deleted",
        "manager1 alert_resolved")), seen.toString());
  }
}
