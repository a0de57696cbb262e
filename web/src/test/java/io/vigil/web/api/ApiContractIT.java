package io.vigil.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.ingest.StreamAddressPolicy;
import io.vigil.ingest.testing.TestClosedPort;
import io.vigil.web.CameraHealth;
import io.vigil.web.auth.Role;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document against the routes, and bad input refused with the stable error shape. */
class ApiContractIT {
  private static WebHarness h;
  private static WebHarness.Session admin;
  private static WebHarness.Session carrier;

  @BeforeAll
  static void start() throws Exception {
    h = new WebHarness(true);
    admin = h.login("admin1");
    carrier = h.login("carrier1");
  }

  @AfterAll
  static void stop() throws Exception {
    if (h != null) h.close();
  }

  @Test
  void openApiDocumentDescribesExactlyTheRoutesAndTheirRoles() throws Exception {
    JsonObject doc = new JsonObject(h.send("GET", "/api/v1/openapi.json", null, null).body());
    assertEquals(OpenApi.VERSION, doc.getString("openapi"));
    Set<String> documented = new TreeSet<>();
    for (String section : List.of("paths", "x-websockets")) {
      JsonObject paths = doc.getJsonObject(section);
      for (String path : paths.fieldNames()) {
        for (String method : paths.getJsonObject(path).fieldNames()) documented.add(method.toUpperCase() + " " + path);
      }
    }
    OpenApiCheck check = new OpenApiCheck(doc);
    Set<String> routed = new TreeSet<>();
    for (Endpoint e : h.web.endpoints()) {
      routed.add(e.method().name() + " " + OpenApi.openApiPath(e.path()));
      JsonObject op = check.operation(e.key());
      Set<String> roles = new TreeSet<>();
      op.getJsonArray("x-roles").forEach(x -> roles.add((String) x));
      Set<String> expected = new TreeSet<>();
      e.roles().forEach(x -> expected.add(x.code()));
      assertEquals(expected, roles, e.path());
      assertEquals(e.isPublic(), op.getJsonArray("security").isEmpty(), e.path());
      assertEquals(e.hasBody(), op.containsKey("requestBody"), "request body of " + e.key());
      for (Failure f : e.failures()) {
        assertTrue(op.getJsonObject("responses").containsKey(Integer.toString(f.status)), e.key() + " " + f);
      }
    }
    assertEquals(routed, documented);
  }

  @Test
  void theServerRegistersExactlyTheEndpointsTheBuildDocuments() throws Exception {
    Set<String> registered = new TreeSet<>();
    h.web.endpoints().forEach(e -> registered.add(e.key()));
    Set<String> catalogued = new TreeSet<>();
    OpenApi.catalog().forEach(e -> catalogued.add(e.key()));
    assertEquals(catalogued, registered);
    // The document the build lints and generates the client from is the one the server serves.
    JsonObject built = new JsonObject(OpenApi.document(OpenApi.catalog()).encode());
    assertEquals(built, new JsonObject(h.send("GET", "/api/v1/openapi.json", null, null).body()));
  }

  /** Refused with the status and code, both as the OpenAPI document declares for the route called. */
  private static void assertError(HttpResponse<String> r, int status, String code) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    String key = routeOf(r.request().method(), r.request().uri().getPath());
    OpenApiCheck doc = new OpenApiCheck(new JsonObject(h.send("GET", "/api/v1/openapi.json", null, null).body()));
    String undocumented = doc.problem(key, r.statusCode(), r.headers().firstValue("content-type").orElse(null),
        r.body());
    assertTrue(undocumented == null, undocumented);
    assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
    JsonObject e = new JsonObject(r.body()).getJsonObject("error");
    assertEquals(code, e.getString("code"));
    assertTrue(!e.getString("message").isBlank());
  }

  /** The key of the endpoint that serves a request. */
  private static String routeOf(String method, String path) {
    for (Endpoint e : h.web.endpoints()) {
      if (e.method().name().equals(method) && path.matches(e.path().replaceAll(":[A-Za-z0-9_]+", "[^/]+"))) {
        return e.key();
      }
    }
    throw new AssertionError("no endpoint serves " + method + " " + path);
  }

  private static JsonObject camera(String id) {
    return new JsonObject().put("id", id).put("name", "Depot gate").put("site", "Depot").put("type", "checkpoint")
        .put("url", TestClosedPort.rtsp("stream"));
  }

  @Test
  void badInputIsRefusedWithTheStableShapeAndChangesNothing() throws Exception {
    int before = h.services.cameras().size();
    assertError(h.send("POST", "/api/v1/cameras", carrier, "x".repeat((int) WebVerticle.MAX_BODY_BYTES + 10)), 413,
        "payload_too_large");
    assertError(h.send("POST", "/api/v1/cameras", carrier, "{\"id\": \"a\","), 400, "malformed_json");
    assertError(h.send("POST", "/api/v1/auth/login", null, "{\"username\":\"carrier1\",\"password\":\"x\"}",
        Map.of("Content-Type", "text/plain")), 415, "unsupported_media_type");
    assertError(h.send("POST", "/api/v1/cameras", carrier, "[1,2]"), 400, "malformed_json");
    assertError(h.send("POST", "/api/v1/cameras", carrier, camera("x1").put("name", 42).encode()), 400,
        "invalid_request");
    assertError(h.send("POST", "/api/v1/cameras", carrier, camera("x2").put("name", "a".repeat(201)).encode()), 400,
        "invalid_request");
    assertError(h.send("POST", "/api/v1/cameras", carrier,
        camera("x3").put("name", "gate\u202Egnp.exe").encode()), 400, "invalid_request");
    assertError(h.send("POST", "/api/v1/cameras", carrier, camera("x4").put("name", "gate\u0000").encode()), 400,
        "invalid_request");
    assertError(h.send("POST", "/api/v1/cameras", carrier, camera("../x5").encode()), 400, "invalid_request");
    assertError(h.send("POST", "/api/v1/cameras", carrier, camera("x6").put("url", "http://127.0.0.1/").encode()),
        400, "invalid_request");
    HttpResponse<String> secret = h.send("POST", "/api/v1/cameras", carrier,
        camera("x7").put("url", "rtsp://user:hunter2@127.0.0.1/").encode());
    assertError(secret, 400, "invalid_request");
    assertTrue(!secret.body().contains("hunter2"), "the refusal never repeats a secret");
    assertError(h.send("POST", "/api/v1/cameras", carrier, camera("x8").put("unknown", 1).encode()), 400,
        "invalid_request");
    assertError(h.send("POST", "/api/v1/cameras", carrier, camera("x9")
        .put("zones", new JsonArray().add(new JsonObject().put("id", "z").put("polygon",
            new JsonArray().add(new JsonArray().add(0).add(0)).add(new JsonArray().add(2).add(0))
                .add(new JsonArray().add(1).add(1))))).encode()), 400, "invalid_request");
    assertError(h.send("POST", "/api/v1/cameras", carrier, camera("cam-b").encode()), 409, "conflict");
    assertError(h.send("GET", "/api/v1/alerts?limit=100000", admin, null), 400, "invalid_request");
    assertError(h.send("GET", "/api/v1/alerts?from=yesterday", admin, null), 400, "invalid_request");
    assertError(h.send("GET", "/api/v1/alerts/not-a-uuid", admin, null), 404, "not_found");
    assertError(h.send("GET", "/api/v1/cameras/cam-a/occupancy?range=decade", admin, null), 400, "invalid_request");
    assertError(h.send("POST", "/api/v1/alerts/" + h.alertA.id() + "/acknowledge", admin,
        "{\"note\":\"ok\u2066hidden\"}"), 400, "invalid_request");
    assertEquals(before, h.services.cameras().size());
    assertEquals("open", h.services.alert(h.alertA.id()).result().state().code());
  }

  /** A refusal about one field names it, so that the registration form shows the reason next to it. */
  @Test
  void refusalsNameTheirField() throws Exception {
    Map<String, JsonObject> bodies = new LinkedHashMap<>();
    bodies.put("name", camera("f1").put("name", 42));
    bodies.put("id", camera("Bad Id"));
    bodies.put("url", camera("f2").put("url", "rtsp://user:hunter2@127.0.0.1/"));
    bodies.put("location.lat", camera("f3").put("location", new JsonObject().put("lat", 95).put("lon", 105.6)));
    bodies.put("location.lon", camera("f4").put("location", new JsonObject().put("lat", 21.9).put("lon", "east")));
    bodies.put("analyticFps", camera("f5").put("analyticFps", 0));
    bodies.put("username", camera("f6").put("password", "only a password"));
    bodies.put("type", camera("f7").put("type", "tower"));
    for (Map.Entry<String, JsonObject> b : bodies.entrySet()) {
      HttpResponse<String> r = h.send("POST", "/api/v1/cameras", carrier, b.getValue().encode());
      assertError(r, 400, "invalid_request");
      assertEquals(b.getKey(), new JsonObject(r.body()).getJsonObject("error").getString("field"), r.body());
    }
    HttpResponse<String> taken = h.send("POST", "/api/v1/cameras", carrier, camera("cam-b").encode());
    assertError(taken, 409, "conflict");
    assertEquals("id", new JsonObject(taken.body()).getJsonObject("error").getString("field"));
    HttpResponse<String> deaf = h.send("POST", "/api/v1/cameras/probe", carrier,
        new JsonObject().put("url", TestClosedPort.rtsp("deaf")).encode());
    assertError(deaf, 422, "stream_probe_failed");
    assertEquals("url", new JsonObject(deaf.body()).getJsonObject("error").getString("field"));
    HttpResponse<String> probe = h.send("POST", "/api/v1/cameras/probe", carrier,
        new JsonObject().put("url", "ftp://127.0.0.1/x").encode());
    assertError(probe, 400, "invalid_request");
    assertEquals("url", new JsonObject(probe.body()).getJsonObject("error").getString("field"));
    // A refusal about the request as a whole names no field.
    assertFalse(new JsonObject(h.send("POST", "/api/v1/cameras", carrier, "[1]").body()).getJsonObject("error")
        .containsKey("field"));
  }

  @Test
  void registrationCannotPointTheServerAtItselfOrItsCloud() throws Exception {
    int before = h.services.cameras().size();
    h.services.policy = StreamAddressPolicy.defaults();
    try {
      for (String url : new String[] {"rtsp://127.0.0.1/live", "rtsp://localhost:8554/live", "rtsp://[::1]/live",
          "rtsp://169.254.169.254/latest/meta-data", "rtsp://0.0.0.0/x", "rtsps://224.0.0.1/x"}) {
        assertError(h.send("POST", "/api/v1/cameras", carrier, camera("ssrf").put("url", url).encode()), 422,
            "address_not_allowed");
        // Probing alone is no way round it.
        HttpResponse<String> probe = h.send("POST", "/api/v1/cameras/probe", carrier,
            new JsonObject().put("url", url).encode());
        assertError(probe, 422, "address_not_allowed");
        assertEquals("url", new JsonObject(probe.body()).getJsonObject("error").getString("field"), url);
      }
    } finally {
      h.services.policy = FixtureServices.LOOPBACK_ALLOWED;
    }
    assertEquals(before, h.services.cameras().size());
  }

  @Test
  void aCameraPasswordNeverComesBackFromAnyRoute() throws Exception {
    String sentinel = "SENTINEL-" + UUID.randomUUID();
    assertEquals(201, h.send("POST", "/api/v1/cameras", carrier,
        camera("sentinel-cam").put("username", "svc").put("password", sentinel).encode()).statusCode());
    h.live.status(new CameraHealth("sentinel-cam", "offline", "401 Unauthorized", 0, 0, 0, 1, null, 0));
    for (WebHarness.Session s : new WebHarness.Session[] {admin, carrier}) {
      for (Endpoint r : h.web.endpoints()) {
        if (!r.method().name().equals("GET") || r.path().equals("/api/v1/live")) continue;
        String path = r.path().replace(":id", r.path().startsWith("/api/v1/alerts") ? h.alertB.id().toString()
            : "sentinel-cam");
        HttpResponse<String> resp = h.send("GET", path, s, null);
        assertTrue(!resp.body().contains(sentinel), path);
      }
    }
    try (var c = h.db.migrated().getConnection(); var st = c.createStatement();
        var rs = st.executeQuery("SELECT count(*) FROM vigil_audit WHERE detail::text LIKE '%SENTINEL%'")) {
      rs.next();
      assertEquals(0, rs.getInt(1), "the audit log never records a camera password");
    }
  }

  @Test
  void staticFilesStayInsideTheWebroot() throws Exception {
    for (String path : new String[] {"/..%2f..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd",
        "/static/../../../../etc/passwd", "/..%5c..%5cetc%5cpasswd"}) {
      HttpResponse<String> r = h.send("GET", path, null, null);
      assertTrue(r.statusCode() == 404 || r.statusCode() == 400, path + " gave " + r.statusCode());
      assertTrue(!r.body().contains("root:"), path);
    }
    HttpResponse<String> page = h.send("GET", "/login.html", null, null);
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("content-security-policy").orElse("").contains("default-src 'self'"));
  }

  @Test
  void aSnapshotReferencePointingOutsideIsNotFollowed() throws Exception {
    var evil = h.services.raise("cam-a", "corridor", 3, 2, "../../../../etc/passwd");
    assertError(h.send("GET", "/api/v1/alerts/" + evil.id() + "/snapshot.jpg", admin, null), 404, "not_found");
  }

  @Test
  void aCarrierRegistersACameraForItsOwnOrganisationOnly() throws Exception {
    assertError(h.send("POST", "/api/v1/cameras", carrier, camera("c1").put("owner", "other-org").encode()), 400,
        "invalid_request");
    HttpResponse<String> r = h.send("POST", "/api/v1/cameras", carrier,
        camera("c2").put("username", "viewer").put("password", "p4ss").encode());
    assertEquals(201, r.statusCode(), r.body());
    assertTrue(!r.body().contains("p4ss"), "a stored password is never returned");
    assertEquals(WebHarness.ORG, h.services.cameras.get("c2").owner());
  }

  @Test
  void anAdminAddsAUserWhoChangesTheirPasswordWhichEndsTheirSessions() throws Exception {
    HttpResponse<String> created = h.send("POST", "/api/v1/users", admin, new JsonObject().put("username", "Site.Lead")
        .put("password", WebHarness.PASSWORD).put("role", "manager").put("sites", new JsonArray().add("Depot")).encode());
    assertEquals(201, created.statusCode(), created.body());
    assertTrue(!created.body().contains(WebHarness.PASSWORD));
    assertError(h.send("POST", "/api/v1/users", admin, new JsonObject().put("username", "site.lead")
        .put("password", WebHarness.PASSWORD).put("role", "ioc").encode()), 409, "conflict");
    assertError(h.send("POST", "/api/v1/users", admin, new JsonObject().put("username", "short")
        .put("password", "too short").put("role", "ioc").encode()), 400, "invalid_request");
    assertError(h.send("POST", "/api/v1/users", admin, new JsonObject().put("username", "nocompany")
        .put("password", WebHarness.PASSWORD).put("role", "carrier").encode()), 400, "invalid_request");

    WebHarness.Session lead = h.login("site.lead");
    WebHarness.Session other = h.login("site.lead");
    assertEquals(204, h.send("POST", "/api/v1/auth/password", lead, new JsonObject().put("current", WebHarness.PASSWORD)
        .put("password", "a brand new passphrase").encode()).statusCode());
    assertEquals(401, h.send("GET", "/api/v1/auth/me", other, null).statusCode());
    assertError(h.send("POST", "/api/v1/auth/login", null, new JsonObject().put("username", "site.lead")
        .put("password", WebHarness.PASSWORD).encode()), 401, "invalid_credentials");
    assertEquals(200, h.send("POST", "/api/v1/auth/login", null, new JsonObject().put("username", "site.lead")
        .put("password", "a brand new passphrase").encode()).statusCode());
  }

  @Test
  void firstStartCreatesAnAdministratorWhosePasswordIsPrintedOnce() throws Exception {
    try (WebHarness fresh = new WebHarness(false)) {
      String out = fresh.console.toString(StandardCharsets.UTF_8);
      Matcher m = Pattern.compile("User: admin  Password: (\\S+)").matcher(out);
      assertTrue(m.find(), out);
      HttpResponse<String> r = fresh.send("POST", "/api/v1/auth/login", null,
          new JsonObject().put("username", "admin").put("password", m.group(1)).encode());
      assertEquals(200, r.statusCode());
      assertEquals(Role.ADMIN.code(), new JsonObject(r.body()).getString("role"));
    }
  }
}
