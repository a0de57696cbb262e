package io.vigil.web.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.config.CameraType;
import io.vigil.store.AlertJson;
import io.vigil.web.auth.AuthStore;
import io.vigil.web.auth.Role;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON bodies of the API. Requests: the handlers take their field names and limits from here, so
 * that the document states what they check. Answers: as {@link Json} writes them; ApiContractIT checks
 * every JSON answer of a route walk against them.
 */
final class Schemas {
  /** Names, sites and camera credentials. */
  static final int TEXT_MAX = 200;
  static final int USERNAME_MAX = 64;
  static final int TOKEN_NAME_MAX = 100;
  static final int NOTE_MAX = 2000;
  static final int URL_MAX = 2000;
  static final int MAX_SITES = 100;
  static final int MAX_ZONES = 32;
  static final int MAX_POINTS = 64;
  static final int MIN_POINTS = 3;
  static final int MAX_CAPACITY = 100_000;
  static final double MIN_FPS = 0.1;
  static final double MAX_FPS = 30;
  private static final String NULLABLE = "nullable";

  static final List<String> ROLES = Arrays.stream(Role.values()).map(Role::code).toList();
  static final List<String> CAMERA_TYPES = Arrays.stream(CameraType.values()).map(CameraType::key).toList();
  static final List<String> ALERT_STATES = fieldOf(AlertJson.FIELDS, "state").values();

  // Requests.
  static final ObjectSchema LOGIN = ObjectSchema.named("Login")
      .required("username", string(USERNAME_MAX)).required("password", string(AuthApi.MAX_PASSWORD)).strict();
  static final ObjectSchema PASSWORD_CHANGE = ObjectSchema.named("PasswordChange")
      .required("current", string(AuthApi.MAX_PASSWORD).put("minLength", 1))
      .required("password", string(AuthApi.MAX_PASSWORD).put("minLength", AuthApi.MIN_PASSWORD)).strict();
  static final ObjectSchema PASSWORD_RESET = ObjectSchema.named("PasswordReset")
      .required("password", string(AuthApi.MAX_PASSWORD).put("minLength", AuthApi.MIN_PASSWORD)).strict();
  static final ObjectSchema LANGUAGE_CHOICE = ObjectSchema.named("LanguageChoice")
      .required("language", oneOf(AuthStore.LANGUAGES)).strict();
  static final ObjectSchema TOKEN_REQUEST = ObjectSchema.named("TokenRequest")
      .required("name", string(TOKEN_NAME_MAX)).strict();
  static final ObjectSchema USER_REQUEST = ObjectSchema.named("UserRequest")
      .required("username", string(USERNAME_MAX))
      .required("password", string(AuthApi.MAX_PASSWORD).put("minLength", AuthApi.MIN_PASSWORD))
      .required("role", oneOf(ROLES))
      .optional("organisation", id().put("description", "Required for carriers, refused for the others"))
      .optional("sites", array(string(TEXT_MAX)).put("maxItems", MAX_SITES).put("description", "Only for managers"))
      .strict();
  static final ObjectSchema ALERT_ACTION = ObjectSchema.named("AlertAction")
      .optional("note", string(NOTE_MAX).put("description", "Added to the alert's notes")).strict();
  static final ObjectSchema NOTE_REQUEST = ObjectSchema.named("AlertNoteRequest")
      .required("text", string(NOTE_MAX).put("minLength", 1)).strict();
  static final ObjectSchema LOCATION = ObjectSchema.named("Location")
      .required("lat", number(-90, 90)).required("lon", number(-180, 180)).strict();
  static final ObjectSchema ZONE = ObjectSchema.named("Zone")
      .required("id", id())
      .required("polygon", array(array(number(0, 1)).put("minItems", 2).put("maxItems", 2))
          .put("minItems", MIN_POINTS).put("maxItems", MAX_POINTS)
          .put("description", "[x, y] points as fractions of the frame's width and height"))
      .optional("capacity", integer(0, MAX_CAPACITY)).strict();
  static final ObjectSchema CAMERA_REQUEST = camera("CameraRequest", true);
  static final ObjectSchema CAMERA_CHANGE = camera("CameraChange", false);
  static final ObjectSchema STREAM_PROBE_REQUEST = ObjectSchema.named("StreamProbeRequest")
      .required("url", string(URL_MAX).put("description", "rtsp:// or rtsps:// address, without credentials"))
      .optional("username", string(TEXT_MAX)).optional("password", string(TEXT_MAX).put("minLength", 1)).strict();

  // Answers.
  static final ObjectSchema ERROR_DETAIL = ObjectSchema.named("ErrorDetail")
      .required("code", string().put("description", "Stable and machine-readable")).required("message", string())
      .optional("field", string().put("description", "The request field at fault, by its path (location.lat), where "
          + "the refusal is about one field: a form shows the reason next to it"));
  static final ObjectSchema ERROR = ObjectSchema.named("Error").required("error", ref(ERROR_DETAIL));
  static final ObjectSchema HEALTH = ObjectSchema.named("Health")
      .required("status", oneOf(List.of("ok", "degraded")).put("description", "degraded while the database is down"))
      .required("database", oneOf(List.of("up", "down", "failed")).put("description",
          "down: not answering, an embedded one is being restarted; failed: it could not be restarted"))
      .required("since", dateTime().put("description", "When the database entered this state"))
      .required("restarts", int64().put("description", "Restarts of the embedded database since Vigil started"));
  static final ObjectSchema CONFIG = ObjectSchema.named("Config").required("mapTileUrl", nullable(string()));
  static final ObjectSchema ME = ObjectSchema.named("Me").required("username", string())
      .required("role", oneOf(ROLES)).required("language", nullable(oneOf(AuthStore.LANGUAGES))
          .put("description", "The viewer's language the user chose; null until chosen, when the browser's decides")).required("organisation", nullable(string())).required("sites", array(string()));
  static final ObjectSchema SIGNED_IN = ME.extendedAs("SignedIn").required("csrfToken", string()
      .put("description", "Send it back in the anti-forgery header with every state-changing request"));
  static final ObjectSchema TOKEN = ObjectSchema.named("Token").required("id", int64()).required("name", string())
      .required("createdAt", dateTime()).required("lastUsed", nullable(dateTime()));
  static final ObjectSchema TOKEN_LIST = list("TokenList", TOKEN);
  static final ObjectSchema NEW_TOKEN = ObjectSchema.named("NewToken").required("id", int64())
      .required("name", string()).required("token", string().put("description", "The secret, shown only now"));
  static final ObjectSchema NEW_USER = ObjectSchema.named("NewUser").required("id", int64())
      .required("username", string()).required("role", oneOf(ROLES)).required("organisation", nullable(string()))
      .required("sites", array(string()));
  static final ObjectSchema USER = NEW_USER.extendedAs("User").required("createdAt", dateTime())
      .required("language", nullable(oneOf(AuthStore.LANGUAGES))).required("disabled", bool());
  static final ObjectSchema USER_LIST = list("UserList", USER);
  static final ObjectSchema AUDIT_ENTRY = ObjectSchema.named("AuditEntry").required("id", int64())
      .required("at", dateTime()).required("actor", string()).required("action", string())
      .required("targetType", string()).required("targetId", nullable(string())).required("detail", freeForm());
  static final ObjectSchema AUDIT_PAGE = page("AuditPage", AUDIT_ENTRY);
  static final ObjectSchema DEAD_LETTER = ObjectSchema.named("DeadLetter").required("id", int64())
      .required("failedAt", dateTime()).required("site", nullable(string())).required("url", string())
      .required("alertId", uuid()).required("event", string()).required("attempts", integer())
      .required("lastError", nullable(string()));
  static final ObjectSchema DEAD_LETTER_LIST = list("DeadLetterList", DEAD_LETTER);
  static final ObjectSchema CLUSTER_MEMBER = ObjectSchema.named("ClusterMember").required("node", string())
      .required("self", bool()).required("ready", bool()).required("http", nullable(string()))
      .required("cameras", array(string())).required("analysisMillisPerSecond", number());
  static final ObjectSchema CLUSTER = ObjectSchema.named("ClusterView").required("clustered", bool())
      .optional("node", string().put("description", "The node that answered"))
      .optional("members", array(ref(CLUSTER_MEMBER)))
      .optional("assignment", new JsonObject().put("type", "object").put("additionalProperties", string())
          .put("description", "Camera id to the node that pulls it"));
  static final ObjectSchema CAMERA_STATUS = ObjectSchema.named("CameraStatus").required("cameraId", string())
      .required("state", string()).required("online", bool()).required("reason", nullable(string()))
      .required("fpsIn", number()).required("fpsAnalysed", number()).required("drops", int64())
      .required("reconnects", int64()).required("lastFrame", nullable(dateTime()))
      .required("analysisMillis", number());
  static final ObjectSchema CAMERA_ZONE = ObjectSchema.named("CameraZone").required("id", string())
      .required("polygon", array(array(number()))).required("capacity", nullable(integer()));
  static final ObjectSchema CAMERA = ObjectSchema.named("Camera").required("id", string())
      .required("name", string()).required("site", nullable(string())).required("type", oneOf(CAMERA_TYPES))
      .required("location", nullable(ref(LOCATION))).required("owner", nullable(string()))
      .required("enabled", bool()).required("analyticFps", number()).required("zones", array(ref(CAMERA_ZONE)))
      .required("status", nullable(ref(CAMERA_STATUS)))
      .optional("source", string().put("description", "The stream address (credentials masked); only for those "
          + "who manage the camera"));
  static final ObjectSchema CAMERA_PAGE = page("CameraPage", CAMERA);
  static final ObjectSchema STREAM = ObjectSchema.named("StreamInfo").required("codec", string())
      .required("width", integer()).required("height", integer()).required("fps", number())
      .required("keyframeInterval", nullable(number()));
  static final ObjectSchema REGISTERED_CAMERA = CAMERA.extendedAs("RegisteredCamera")
      .required("stream", nullable(ref(STREAM)).put("description", "What the probe measured; null when the camera "
          + "was registered disabled"));
  static final ObjectSchema OCCUPANCY_POINT = ObjectSchema.named("OccupancyPoint").required("time", dateTime())
      .required("zoneId", string()).required("max", number()).required("mean", number());
  static final ObjectSchema OCCUPANCY = ObjectSchema.named("Occupancy").required("cameraId", string())
      .required("from", dateTime()).required("to", dateTime()).required("bucketSeconds", int64())
      .required("items", array(ref(OCCUPANCY_POINT)));
  static final ObjectSchema ZONE_COUNT = ObjectSchema.named("ZoneCount").required("zoneId", string())
      .required("current", integer()).required("smoothed", number());
  static final ObjectSchema CAMERA_COUNTS = ObjectSchema.named("CameraCounts").required("cameraId", string())
      .required("zones", array(ref(ZONE_COUNT)));
  static final ObjectSchema COUNTS = list("Counts", CAMERA_COUNTS);
  // The alert's one shape, written from the list every channel's codec writes by (AlertJson).
  static final ObjectSchema ALERT_NOTE = fromFields("AlertNote", AlertJson.NOTE_FIELDS, null);
  static final ObjectSchema ALERT = fromFields("Alert", AlertJson.FIELDS, ALERT_NOTE);
  static final ObjectSchema ALERT_PAGE = page("AlertPage", ALERT);
  static final ObjectSchema ALERT_HISTORY_ENTRY = fromFields("AlertHistoryEntry", AlertJson.HISTORY_FIELDS, null);
  static final ObjectSchema ALERT_HISTORY = list("AlertHistory", ALERT_HISTORY_ENTRY);

  // Recordings (RecordingApi).
  static final ObjectSchema SEGMENT = ObjectSchema.named("Segment").required("start", dateTime())
      .required("end", dateTime()).required("bytes", int64())
      .required("url", string().put("description", "The segment's MP4 (HTTP range requests accepted)"));
  static final ObjectSchema RECORDED_ALERT = ObjectSchema.named("RecordedAlert").required("id", uuid())
      .required("time", dateTime()).required("resolvedAt", nullable(dateTime()));
  static final ObjectSchema RECORDINGS = ObjectSchema.named("Recordings").required("cameraId", id())
      .required("from", dateTime()).required("to", dateTime()).required("segments", array(ref(SEGMENT)))
      .required("alerts", array(ref(RECORDED_ALERT)));
  static final ObjectSchema CLIP = ObjectSchema.named("Clip").required("alertId", uuid()).required("cameraId", id())
      .required("from", dateTime()).required("to", dateTime()).required("opened", dateTime())
      .required("segments", array(ref(SEGMENT)))
      .required("tracks", array(array(new JsonObject())).put("description",
          "The boxes drawn over the clip: [time ms, [[track id, left, top, right, bottom], ...]] per analysed frame, "
              + "fractions of the frame"));

  /** Every schema the document defines, requests and answers. */
  static final List<ObjectSchema> ALL = List.of(LOGIN, PASSWORD_CHANGE, PASSWORD_RESET, LANGUAGE_CHOICE, TOKEN_REQUEST,
      USER_REQUEST, ALERT_ACTION, NOTE_REQUEST, ALERT_NOTE, ALERT_HISTORY_ENTRY, ALERT_HISTORY,
      LOCATION, ZONE, CAMERA_REQUEST, CAMERA_CHANGE, STREAM_PROBE_REQUEST, ERROR_DETAIL, ERROR, HEALTH, CONFIG, ME, SIGNED_IN,
      TOKEN, TOKEN_LIST,
      NEW_TOKEN, NEW_USER, USER, USER_LIST, AUDIT_ENTRY, AUDIT_PAGE, DEAD_LETTER, DEAD_LETTER_LIST, CLUSTER_MEMBER, CLUSTER,
      CAMERA_STATUS, CAMERA_ZONE, CAMERA, CAMERA_PAGE, STREAM, REGISTERED_CAMERA, OCCUPANCY_POINT, OCCUPANCY,
      ZONE_COUNT, CAMERA_COUNTS, COUNTS, ALERT, ALERT_PAGE, SEGMENT, RECORDED_ALERT, RECORDINGS, CLIP);

  private Schemas() {}

  static JsonObject components() {
    JsonObject o = new JsonObject();
    ALL.forEach(s -> o.put(s.name(), s.json()));
    return o;
  }

  static JsonObject ref(ObjectSchema s) {
    return new JsonObject().put("$ref", "#/components/schemas/" + s.name());
  }

  static JsonObject string() {
    return new JsonObject().put("type", "string");
  }

  static JsonObject string(int maxLength) {
    return string().put("maxLength", maxLength);
  }

  static JsonObject id() {
    return string().put("pattern", "^" + Input.ID.pattern() + "$");
  }

  static JsonObject dateTime() {
    return string().put("format", "date-time");
  }

  static JsonObject uuid() {
    return string().put("format", "uuid");
  }

  static JsonObject oneOf(List<String> values) {
    return string().put("enum", new JsonArray(values));
  }

  static JsonObject number() {
    return new JsonObject().put("type", "number").put("format", "double");
  }

  static JsonObject number(double min, double max) {
    return number().put("minimum", min).put("maximum", max);
  }

  static JsonObject integer() {
    return new JsonObject().put("type", "integer").put("format", "int32");
  }

  static JsonObject integer(int min, int max) {
    return integer().put("minimum", min).put("maximum", max);
  }

  static JsonObject int64() {
    return new JsonObject().put("type", "integer").put("format", "int64");
  }

  static JsonObject bool() {
    return new JsonObject().put("type", "boolean");
  }

  static JsonObject array(JsonObject items) {
    return new JsonObject().put("type", "array").put("items", items);
  }

  static JsonObject freeForm() {
    return new JsonObject().put("type", "object").put("additionalProperties", true);
  }

  /**
   * May be null. A {@code $ref} cannot carry {@code nullable} in OpenAPI 3.0 (its siblings are ignored),
   * so a nullable reference to an object is written as an object that is {@code allOf} the one schema.
   */
  static JsonObject nullable(JsonObject schema) {
    if (schema.containsKey("$ref")) {
      return new JsonObject().put("type", "object").put("allOf", new JsonArray().add(schema)).put(NULLABLE, true);
    }
    return schema.put(NULLABLE, true);
  }

  /** A camera as registered ({@code registering}: the id is required) or as replaced (the id may be left out). */
  private static ObjectSchema camera(String name, boolean registering) {
    JsonObject id = id();
    ObjectSchema s = registering ? ObjectSchema.named(name).required("id", id)
        : ObjectSchema.named(name).optional("id", id.put("description", "The camera's own id: it cannot be changed"));
    return s.required("name", string(TEXT_MAX)).required("site", string(TEXT_MAX)).required("type", oneOf(CAMERA_TYPES))
        .optional("location", nullable(ref(LOCATION)))
        .required("url", string(URL_MAX).put("description", "rtsp:// or rtsps:// address, without credentials"))
        .optional("username", string(TEXT_MAX)).optional("password", string(TEXT_MAX).put("minLength", 1))
        .optional("analyticFps", number(MIN_FPS, MAX_FPS).put("default", 1))
        .optional("zones", array(ref(ZONE)).put("maxItems", MAX_ZONES))
        .optional("owner", id().put("description", "A carrier's own organisation; only an admin names another"))
        .optional("enabled", bool().put("default", true)).strict();
  }

  /** Every field required (present in every answer), null only where the field says so. */
  private static ObjectSchema fromFields(String name, List<AlertJson.Field> fields, ObjectSchema note) {
    ObjectSchema s = ObjectSchema.named(name);
    for (AlertJson.Field f : fields) {
      JsonObject type = switch (f.type()) {
        case INTEGER -> integer();
        case UUID -> uuid();
        case DATE_TIME -> dateTime();
        case STRING -> f.values().isEmpty() ? string() : oneOf(f.values());
        case NUMBER -> number();
        case BOOLEAN -> bool();
        case NOTES -> array(ref(note));
      };
      s = s.required(f.name(), (f.nullable() ? nullable(type) : type).put("description", f.description()));
    }
    return s;
  }

  private static AlertJson.Field fieldOf(List<AlertJson.Field> fields, String name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }

  private static ObjectSchema list(String name, ObjectSchema item) {
    return ObjectSchema.named(name).required("items", array(ref(item)));
  }

  private static ObjectSchema page(String name, ObjectSchema item) {
    return list(name, item).required("offset", integer()).required("limit", integer()).required("total", int64());
  }
}
