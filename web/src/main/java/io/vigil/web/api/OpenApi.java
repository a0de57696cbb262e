package io.vigil.web.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.web.auth.Role;
import io.vigil.web.auth.Security;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.0 document, built from the router's own rules so that it cannot drift from the routes;
 * each route needs a description here, which {@code OpenApiTest} enforces.
 */
final class OpenApi {
  private static final Pattern PATH_PARAM = Pattern.compile(":([A-Za-z0-9_]+)");

  /** @param query names of query parameters */
  record Doc(String summary, List<String> query, String requestSchema) {}

  static final Map<String, Doc> DOCS = Map.ofEntries(
      Map.entry("GET /api/v1/health", new Doc("Liveness check", List.of(), null)),
      Map.entry("GET /api/v1/openapi.json", new Doc("This document", List.of(), null)),
      Map.entry("GET /api/v1/config", new Doc("Viewer settings (map tiles)", List.of(), null)),
      Map.entry("POST /api/v1/auth/login", new Doc("Sign in; sets the session and CSRF cookies", List.of(), "Login")),
      Map.entry("POST /api/v1/auth/logout", new Doc("Sign out", List.of(), null)),
      Map.entry("GET /api/v1/auth/me", new Doc("The signed-in user", List.of(), null)),
      Map.entry("POST /api/v1/auth/password", new Doc("Change one's own password; ends all sessions", List.of(),
          "PasswordChange")),
      Map.entry("GET /api/v1/tokens", new Doc("One's own API tokens (never the secrets)", List.of(), null)),
      Map.entry("POST /api/v1/tokens", new Doc("Make an API token; the secret is shown once", List.of(), "TokenRequest")),
      Map.entry("DELETE /api/v1/tokens/:id", new Doc("Revoke one of one's API tokens", List.of(), null)),
      Map.entry("GET /api/v1/users", new Doc("All users", List.of(), null)),
      Map.entry("POST /api/v1/users", new Doc("Create a user", List.of(), "UserRequest")),
      Map.entry("DELETE /api/v1/users/:id", new Doc("Delete a user", List.of(), null)),
      Map.entry("GET /api/v1/audit", new Doc("Audit log, newest first", List.of("offset", "limit"), null)),
      Map.entry("GET /api/v1/dead-letters", new Doc("Webhook deliveries that failed every attempt, newest first",
          List.of("limit"), null)),
      Map.entry("GET /api/v1/cluster", new Doc("Cluster members, which node pulls which camera, and each node's "
          + "load; {\"clustered\": false} on a single node", List.of(), null)),
      Map.entry("GET /api/v1/cameras", new Doc("Cameras the caller may see", List.of("site", "type"), null)),
      Map.entry("POST /api/v1/cameras", new Doc("Register a camera: its stream is probed first; the answer carries the "
          + "measured stream (codec, width, height, fps, keyframeInterval), or a 422 saying why it was refused",
          List.of(), "CameraRequest")),
      Map.entry("GET /api/v1/cameras/:id", new Doc("One camera with its zones and status", List.of(), null)),
      Map.entry("PUT /api/v1/cameras/:id", new Doc("Change a camera; its stream is probed again", List.of(),
          "CameraRequest")),
      Map.entry("DELETE /api/v1/cameras/:id", new Doc("Remove a camera", List.of(), null)),
      Map.entry("GET /api/v1/cameras/:id/frame.jpg", new Doc("Latest analysed frame (JPEG)", List.of(), null)),
      Map.entry("GET /api/v1/cameras/:id/live", new Doc("WebSocket: live H.264 as fragmented MP4 for Media Source "
          + "Extensions (a JSON start message, the init segment, then one fragment per frame)", List.of(), null)),
      Map.entry("GET /api/v1/cameras/:id/occupancy", new Doc("Occupancy history per zone", List.of("range", "zone"),
          null)),
      Map.entry("GET /api/v1/counts", new Doc("Current per-zone counts of each camera", List.of(), null)),
      Map.entry("GET /api/v1/alerts", new Doc("Alerts, newest first, paged",
          List.of("state", "camera", "site", "zone", "from", "to", "offset", "limit"), null)),
      Map.entry("GET /api/v1/alerts/:id", new Doc("One alert", List.of(), null)),
      Map.entry("GET /api/v1/alerts/:id/snapshot.jpg", new Doc("The frame that raised the alert (JPEG)", List.of(),
          null)),
      Map.entry("POST /api/v1/alerts/:id/acknowledge", new Doc("Acknowledge an alert, with an optional note", List.of(),
          "AlertAction")),
      Map.entry("POST /api/v1/alerts/:id/resolve", new Doc("Resolve an alert, with an optional note", List.of(),
          "AlertAction")),
      Map.entry("GET /api/v1/live", new Doc("Server-Sent Events: alert, analysis and status events", List.of("camera"),
          null)),
      Map.entry("GET /metrics", new Doc("Prometheus metrics (text format 0.0.4)", List.of(), null)));

  private OpenApi() {}

  static String key(ApiRoutes.Rule r) {
    return r.method().name() + " " + r.path();
  }

  /** {@code /cameras/:id} as OpenAPI writes it, {@code /cameras/{id}}. */
  static String openApiPath(String path) {
    return PATH_PARAM.matcher(path).replaceAll("{$1}");
  }

  static JsonObject document(List<ApiRoutes.Rule> rules) {
    JsonObject paths = new JsonObject();
    for (ApiRoutes.Rule r : rules) {
      Doc doc = DOCS.get(key(r));
      if (doc == null) throw new IllegalStateException("no OpenAPI description for " + key(r));
      JsonArray params = new JsonArray();
      Matcher m = PATH_PARAM.matcher(r.path());
      while (m.find()) {
        params.add(new JsonObject().put("name", m.group(1)).put("in", "path").put("required", true)
            .put("schema", new JsonObject().put("type", "string")));
      }
      doc.query().forEach(q -> params.add(new JsonObject().put("name", q).put("in", "query").put("required", false)
          .put("schema", new JsonObject().put("type", "string"))));
      JsonObject op = new JsonObject().put("summary", doc.summary())
          .put("operationId", operationId(r))
          .put("parameters", params)
          .put("x-roles", new JsonArray(r.roles().stream().map(Role::code).sorted().toList()))
          .put("security", r.isPublic() ? new JsonArray()
              : new JsonArray().add(new JsonObject().put("session", new JsonArray()))
                  .add(new JsonObject().put("bearer", new JsonArray())))
          .put("responses", new JsonObject()
              .put("200", new JsonObject().put("description", "success"))
              .put("default", new JsonObject().put("description", "error").put("content", new JsonObject()
                  .put("application/json", new JsonObject().put("schema", ref("Error"))))));
      if (doc.requestSchema() != null) {
        op.put("requestBody", new JsonObject().put("required", !doc.requestSchema().equals("AlertAction"))
            .put("content", new JsonObject().put("application/json",
                new JsonObject().put("schema", ref(doc.requestSchema())))));
      }
      String path = openApiPath(r.path());
      if (!paths.containsKey(path)) paths.put(path, new JsonObject());
      paths.getJsonObject(path).put(r.method().name().toLowerCase(Locale.ROOT), op);
    }
    return new JsonObject().put("openapi", "3.0.3")
        .put("info", new JsonObject().put("title", "Vigil API").put("version", "1"))
        .put("paths", paths)
        .put("components", new JsonObject()
            .put("securitySchemes", new JsonObject()
                .put("session", new JsonObject().put("type", "apiKey").put("in", "cookie").put("name", Security.SESSION_COOKIE)
                    .put("description", "State-changing requests also need the " + Security.CSRF_HEADER + " header"))
                .put("bearer", new JsonObject().put("type", "http").put("scheme", "bearer")))
            .put("schemas", schemas()));
  }

  private static JsonObject ref(String schema) {
    return new JsonObject().put("$ref", "#/components/schemas/" + schema);
  }

  private static String operationId(ApiRoutes.Rule r) {
    StringBuilder b = new StringBuilder(r.method().name().toLowerCase(Locale.ROOT));
    for (String seg : r.path().split("[/.]")) {
      if (seg.isEmpty() || seg.equals("api") || seg.equals("v1")) continue;
      String s = seg.startsWith(":") ? "By" + seg.substring(1) : seg;
      b.append(Character.toUpperCase(s.charAt(0))).append(s.substring(1));
    }
    return b.toString();
  }

  private static JsonObject schemas() {
    JsonObject str = new JsonObject().put("type", "string");
    return new JsonObject()
        .put("Error", new JsonObject().put("type", "object").put("required", new JsonArray().add("error"))
            .put("properties", new JsonObject().put("error", new JsonObject().put("type", "object")
                .put("required", new JsonArray().add("code").add("message"))
                .put("properties", new JsonObject().put("code", str).put("message", str)))))
        .put("Login", object(List.of("username", "password"), List.of()))
        .put("PasswordChange", object(List.of("current", "password"), List.of()))
        .put("TokenRequest", object(List.of("name"), List.of()))
        .put("UserRequest", object(List.of("username", "password", "role"), List.of("organisation", "sites")))
        .put("AlertAction", object(List.of(), List.of("note")))
        .put("CameraRequest", object(List.of("id", "name", "site", "type", "url"),
            List.of("location", "username", "password", "analyticFps", "zones", "owner", "enabled")));
  }

  private static JsonObject object(List<String> required, List<String> optional) {
    JsonObject props = new JsonObject();
    required.forEach(f -> props.put(f, new JsonObject()));
    optional.forEach(f -> props.put(f, new JsonObject()));
    JsonObject o = new JsonObject().put("type", "object").put("properties", props).put("additionalProperties", false);
    // OpenAPI 3.0 does not allow an empty required list.
    if (!required.isEmpty()) o.put("required", new JsonArray(required));
    return o;
  }
}
