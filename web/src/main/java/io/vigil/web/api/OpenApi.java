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
import java.util.stream.Stream;

/**
 * The OpenAPI 3.0 document, written from the endpoints the routes were registered with, so that it
 * cannot drift from them. The server serves it from its router's endpoints; the build writes it from
 * {@link #catalog()} (see {@link OpenApiFile}), lints it and generates a client from it; ApiContractIT
 * checks that the two are the same.
 */
final class OpenApi {
  static final String VERSION = "3.0.3";
  static final String TITLE = "Vigil API";
  static final String API_VERSION = "1";
  // The licence of the repository (LICENSE at its root).
  static final String LICENCE = "Apache-2.0";
  static final String LICENCE_URL = "https://www.apache.org/licenses/LICENSE-2.0";
  private static final Pattern PATH_PARAM = Pattern.compile(":([A-Za-z0-9_]+)");
  private static final String SESSION = "session";
  private static final String CSRF = "csrf";
  private static final String BEARER = "bearer";
  private static final String WEBSOCKETS = "x-websockets";

  /** Tags group the operations by resource: the first path segment after the API prefix names it. */
  private static final Map<String, String> TAG_OF_SEGMENT = Map.ofEntries(
      Map.entry("auth", "Accounts"), Map.entry("tokens", "Accounts"), Map.entry("users", "Accounts"),
      Map.entry("audit", "Accounts"), Map.entry("cameras", "Cameras"), Map.entry("counts", "Cameras"),
      Map.entry("alerts", "Alerts"), Map.entry("dead-letters", "Alerts"), Map.entry("live", "Live"),
      Map.entry("health", "Platform"), Map.entry("openapi.json", "Platform"), Map.entry("config", "Platform"),
      Map.entry("cluster", "Platform"), Map.entry("metrics", "Platform"));
  private static final Map<String, String> TAGS = Map.of(
      "Accounts", "Signing in and out, API tokens, users and the audit log",
      "Cameras", "The camera catalogue, frames, counts and occupancy history",
      "Alerts", "The alert inbox and failed webhook deliveries",
      "Live", "Live events and live video",
      "Platform", "Health, this document, viewer settings, the cluster and metrics");

  private OpenApi() {}

  /** Every endpoint the API registers, for writing the document without a running server. */
  static List<Endpoint> catalog() {
    return Stream.of(WebVerticle.ENDPOINTS, AuthApi.ENDPOINTS, UserApi.ENDPOINTS, CameraApi.ENDPOINTS,
        StreamProbeApi.ENDPOINTS, AlertApi.ENDPOINTS, LiveApi.ENDPOINTS, LiveVideoApi.ENDPOINTS, RecordingApi.ENDPOINTS)
        .flatMap(List::stream).toList();
  }

  /** {@code /cameras/:id} as OpenAPI writes it, {@code /cameras/{id}}. */
  static String openApiPath(String path) {
    return PATH_PARAM.matcher(path).replaceAll("{$1}");
  }

  static JsonObject document(List<Endpoint> endpoints) {
    JsonObject paths = new JsonObject();
    JsonObject webSockets = new JsonObject();
    for (Endpoint e : endpoints) {
      JsonObject into = e.reply().upgrades() ? webSockets : paths;
      String path = openApiPath(e.path());
      if (!into.containsKey(path)) into.put(path, new JsonObject());
      into.getJsonObject(path).put(e.method().name().toLowerCase(Locale.ROOT), operation(e));
    }
    JsonArray tags = new JsonArray();
    TAGS.keySet().stream().sorted().forEach(t -> tags.add(new JsonObject().put("name", t).put("description", TAGS.get(t))));
    JsonObject doc = new JsonObject().put("openapi", VERSION)
        .put("info", new JsonObject().put("title", TITLE).put("version", API_VERSION)
            .put("description", "Cameras, crowd counts and alerts of a Vigil platform. Errors share one shape, "
                + "{\"error\": {\"code\", \"message\"}}, whose code is stable; a refusal about one request field "
                + "also names it ({\"error\": {..., \"field\": \"location.lat\"}}).")
            .put("license", new JsonObject().put("name", LICENCE).put("url", LICENCE_URL)))
        .put("servers", new JsonArray().add(new JsonObject().put("url", "/")
            .put("description", "The Vigil server that serves this document")))
        .put("tags", tags)
        .put("paths", paths)
        .put("components", new JsonObject()
            .put("securitySchemes", securitySchemes())
            .put("schemas", Schemas.components())
            .put("responses", failures()));
    // OpenAPI 3.0 cannot describe a WebSocket; a generated client has no use for one either.
    if (!webSockets.isEmpty()) doc.put(WEBSOCKETS, webSockets);
    return doc;
  }

  private static JsonObject operation(Endpoint e) {
    JsonArray params = new JsonArray();
    Matcher m = PATH_PARAM.matcher(e.path());
    while (m.find()) {
      params.add(new JsonObject().put("name", m.group(1)).put("in", "path").put("required", true)
          .put("schema", Schemas.string()));
    }
    e.query().forEach(q -> params.add(q.json()));
    JsonObject op = new JsonObject().put("summary", e.summary())
        .put("operationId", operationId(e))
        .put("tags", new JsonArray().add(tag(e)))
        .put("x-roles", new JsonArray(e.roles().stream().map(Role::code).sorted().toList()))
        .put("security", security(e))
        .put("responses", responses(e));
    if (!params.isEmpty()) op.put("parameters", params);
    if (e.hasBody()) {
      op.put("requestBody", new JsonObject().put("required", e.requestRequired())
          .put("content", new JsonObject().put(Reply.JSON, new JsonObject().put("schema", Schemas.ref(e.request())))));
    }
    return op;
  }

  private static JsonArray security(Endpoint e) {
    if (e.isPublic()) return new JsonArray();
    JsonObject session = new JsonObject().put(SESSION, new JsonArray());
    if (!Security.isSafe(e.method())) session.put(CSRF, new JsonArray());
    return new JsonArray().add(session).add(new JsonObject().put(BEARER, new JsonArray()));
  }

  private static JsonObject responses(Endpoint e) {
    Reply r = e.reply();
    JsonObject success = new JsonObject().put("description", r.description());
    if (r.mediaType() != null) {
      JsonObject schema = r.schema() != null ? new JsonObject().put("$ref", "#/components/schemas/" + r.schema())
          : Reply.JSON.equals(r.mediaType()) ? Schemas.freeForm()
          : r.mediaType().startsWith("image/") ? Schemas.string().put("format", "binary") : Schemas.string();
      success.put("content", new JsonObject().put(r.mediaType(), new JsonObject().put("schema", schema)));
    }
    JsonObject out = new JsonObject().put(Integer.toString(r.status()), success);
    for (Reply o : e.otherwise()) {
      out.put(Integer.toString(o.status()), new JsonObject().put("description", o.description())
          .put("content", new JsonObject().put(o.mediaType(), new JsonObject()
              .put("schema", new JsonObject().put("$ref", "#/components/schemas/" + o.schema())))));
    }
    for (Failure f : e.failures()) {
      out.put(Integer.toString(f.status), new JsonObject().put("$ref", "#/components/responses/" + f.component));
    }
    return out;
  }

  private static JsonObject failures() {
    JsonObject out = new JsonObject();
    for (Failure f : Failure.values()) {
      JsonObject response = new JsonObject().put("description", f.description)
          .put("content", new JsonObject().put(Reply.JSON, new JsonObject().put("schema", Schemas.ref(Schemas.ERROR))));
      if (f == Failure.TOO_MANY_REQUESTS || f == Failure.UNAVAILABLE) {
        response.put("headers", new JsonObject().put("Retry-After", new JsonObject()
            .put("description", f == Failure.UNAVAILABLE ? "Seconds to wait before trying again"
                : "Seconds to wait before signing in again")
            .put("schema", Schemas.integer())));
      }
      out.put(f.component, response);
    }
    return out;
  }

  private static JsonObject securitySchemes() {
    return new JsonObject()
        .put(SESSION, new JsonObject().put("type", "apiKey").put("in", "cookie").put("name", Security.SESSION_COOKIE)
            .put("description", "Set by signing in; state-changing requests also need the anti-forgery header"))
        .put(CSRF, new JsonObject().put("type", "apiKey").put("in", "header").put("name", Security.CSRF_HEADER)
            .put("description", "The csrfToken given when signing in; only with the session cookie"))
        .put(BEARER, new JsonObject().put("type", "http").put("scheme", "bearer")
            .put("description", "An API token (POST /api/v1/tokens)"));
  }

  static String tag(Endpoint e) {
    String rest = e.path().startsWith("/api/v1/") ? e.path().substring("/api/v1/".length()) : e.path().substring(1);
    String segment = rest.split("/")[0];
    String tag = TAG_OF_SEGMENT.get(segment);
    if (tag == null) throw new IllegalStateException("no OpenAPI tag for " + e.key());
    return tag;
  }

  private static String operationId(Endpoint e) {
    StringBuilder b = new StringBuilder(e.method().name().toLowerCase(Locale.ROOT));
    for (String seg : e.path().split("[/.-]")) {
      if (seg.isEmpty() || seg.equals("api") || seg.equals("v1")) continue;
      if (seg.startsWith(":")) b.append("By").append(capitalised(seg.substring(1)));
      else b.append(capitalised(seg));
    }
    return b.toString();
  }

  private static String capitalised(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

}
