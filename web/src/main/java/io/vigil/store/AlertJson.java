package io.vigil.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The one JSON shape of an alert, version {@value #VERSION}: what the API answers, the live inbox
 * receives, MQTT and webhooks deliver (inside their {@code event} envelope), the spool keeps and cluster
 * nodes send one another. {@link #FIELDS} describes it, and the OpenAPI document's {@code Alert} schema is
 * written from that list, so the document and every channel agree.
 *
 * <p>Here in the store, the lowest package that all of them (alerts, web, cluster) may use, beside the
 * alert it writes. Stateless; any thread.
 */
public final class AlertJson {
  /** Raised when a field changes meaning or goes away; fields may be added within a version. */
  public static final int VERSION = 1;
  /** Where the API serves an alert's snapshot: the picture needs a user allowed to see the camera. */
  private static final String SNAPSHOT_PATH = "/api/v1/alerts/%s/snapshot.jpg";

  /** The JSON type of a field. */
  public enum Type { INTEGER, UUID, DATE_TIME, STRING, NUMBER, BOOLEAN, NOTES }

  /**
   * One field of the shape.
   *
   * @param values the only values a string may take, or empty
   */
  public record Field(String name, Type type, boolean nullable, List<String> values, String description) {
    public Field {
      values = List.copyOf(values);
    }
  }

  public static final List<Field> FIELDS = List.of(
      field("v", Type.INTEGER, false, "The version of this shape: " + VERSION),
      field("id", Type.UUID, false, "The alert's id"),
      field("time", Type.DATE_TIME, false, "When the alert opened"),
      field("cameraId", Type.STRING, false, "The camera"),
      field("zoneId", Type.STRING, true, "The zone; null for an alert about a whole camera"),
      field("kind", Type.STRING, false, "over_capacity, gathering, camera_offline or camera_degraded"),
      new Field("severity", Type.STRING, false, Arrays.stream(Severity.values()).map(Severity::code).toList(),
          "As now: one level above the kind's once escalated"),
      field("escalatedAt", Type.DATE_TIME, true, "When it was escalated because nobody acknowledged it; null if not"),
      field("value", Type.NUMBER, false, "The measured value: the peak so far (people, group size); for "
          + "camera_degraded the analysed fps (the live feed and deliveries carry the lowest seen)"),
      field("threshold", Type.NUMBER, false, "The configured limit the value was compared with"),
      field("breachStart", Type.DATE_TIME, false, "When the condition began, the rule's hold time included"),
      field("breachEnd", Type.DATE_TIME, true, "When the condition was last seen, once it cleared; null while it lasts"),
      new Field("state", Type.STRING, false, Arrays.stream(AlertState.values()).map(AlertState::code).toList(),
          "Where the alert is in its life"),
      field("acknowledgedBy", Type.STRING, true, "Who acknowledged it"),
      field("acknowledgedAt", Type.DATE_TIME, true, "When it was acknowledged"),
      field("resolvedBy", Type.STRING, true, "Who resolved it: a user, or \"" + AlertNote.SYSTEM + "\" when Vigil "
          + "closed it because its condition cleared"),
      field("resolvedAt", Type.DATE_TIME, true, "When it was resolved"),
      field("notes", Type.NOTES, false, "Every note, oldest first; notes are never changed or removed"),
      field("hasSnapshot", Type.BOOLEAN, false, "Whether the frame that raised it is kept"),
      field("snapshot", Type.STRING, true, "Where the API serves that frame (for a signed-in user allowed to see the "
          + "camera); null when there is none"),
      field("noDataSince", Type.DATE_TIME, true, "For a crowd alert not resolved whose camera sends no frames now "
          + "(offline, stalled): its last frame; the alert then neither clears nor closes. Null while frames "
          + "arrive, and in the spool, which keeps what is stored"));

  /** The fields of one note. */
  public static final List<Field> NOTE_FIELDS = List.of(
      field("at", Type.DATE_TIME, false, "When it was written"),
      field("by", Type.STRING, false, "Who wrote it: a user, or \"" + AlertNote.SYSTEM + "\""),
      field("text", Type.STRING, false, "The note"));

  /** The fields of one entry of an alert's history ({@link #history}). */
  public static final List<Field> HISTORY_FIELDS = List.of(
      field("at", Type.DATE_TIME, false, "When it happened"),
      field("by", Type.STRING, false, "Who did it: a user, or \"" + AlertNote.SYSTEM + "\""),
      new Field("event", Type.STRING, false, List.of(AlertChange.OPENED.code(), AlertChange.ESCALATED.code(),
          AlertChange.ACKNOWLEDGED.code(), AlertChange.NOTED.code(), AlertChange.CLOSED.code()), "What happened"),
      field("text", Type.STRING, true, "The note, for a note"));

  private AlertJson() {}

  private static Field field(String name, Type type, boolean nullable, String description) {
    return new Field(name, type, nullable, List.of(), description);
  }

  public static JsonObject encode(Alert a) {
    return encode(a, null);
  }

  /** @param noDataSince the engine's mark of a blind camera (not stored: it is the state now), or null */
  public static JsonObject encode(Alert a, Instant noDataSince) {
    JsonArray notes = new JsonArray();
    for (AlertNote n : a.notes()) notes.add(note(n));
    return new JsonObject()
        .put("v", VERSION)
        .put("id", a.id().toString())
        .put("time", text(a.time()))
        .put("cameraId", a.cameraId())
        .put("zoneId", a.zoneId())
        .put("kind", a.kind())
        .put("severity", a.severity().code())
        .put("escalatedAt", text(a.escalatedAt()))
        .put("value", a.value())
        .put("threshold", a.threshold())
        .put("breachStart", text(a.breachStart()))
        .put("breachEnd", text(a.breachEnd()))
        .put("state", a.state().code())
        .put("acknowledgedBy", a.acknowledgedBy())
        .put("acknowledgedAt", text(a.acknowledgedAt()))
        .put("resolvedBy", a.resolvedBy())
        .put("resolvedAt", text(a.resolvedAt()))
        .put("notes", notes)
        .put("hasSnapshot", a.snapshotRef() != null)
        .put("snapshot", a.snapshotRef() == null ? null : String.format(SNAPSHOT_PATH, a.id()))
        .put("noDataSince", text(noDataSince));
  }

  /**
   * What happened to the alert, oldest first: its opening, escalation, acknowledgement, notes and
   * resolution, each with who and when.
   */
  public static JsonArray history(Alert a) {
    List<JsonObject> out = new ArrayList<>();
    out.add(entry(a.time(), AlertNote.SYSTEM, AlertChange.OPENED, null));
    if (a.escalatedAt() != null) out.add(entry(a.escalatedAt(), AlertNote.SYSTEM, AlertChange.ESCALATED, null));
    if (a.acknowledgedAt() != null) out.add(entry(a.acknowledgedAt(), a.acknowledgedBy(), AlertChange.ACKNOWLEDGED, null));
    for (AlertNote n : a.notes()) out.add(entry(n.at(), n.by(), AlertChange.NOTED, n.text()));
    if (a.resolvedAt() != null) out.add(entry(a.resolvedAt(), a.resolvedBy(), AlertChange.CLOSED, null));
    // A stable sort: a note written with an action comes after it.
    out.sort(Comparator.comparing(o -> Instant.parse(o.getString("at"))));
    return new JsonArray(new ArrayList<>(out));
  }

  private static JsonObject entry(Instant at, String by, AlertChange event, String text) {
    return new JsonObject().put("at", text(at)).put("by", by == null ? AlertNote.SYSTEM : by)
        .put("event", event.code()).put("text", text);
  }

  public static JsonObject note(AlertNote n) {
    return new JsonObject().put("at", text(n.at())).put("by", n.by()).put("text", n.text());
  }

  /**
   * The alert {@link #encode} wrote, or a spool line written before this shape existed (no {@code v});
   * a runtime exception when the object is neither, or of a later version.
   */
  public static Alert decode(JsonObject o) {
    Object v = o.getValue("v");
    if (v == null) return legacy(o);
    if (!(v instanceof Number n) || n.intValue() != VERSION) {
      throw new IllegalArgumentException("alert JSON of version " + v + ", this Vigil reads version " + VERSION);
    }
    UUID id = UUID.fromString(o.getString("id"));
    String camera = o.getString("cameraId");
    List<AlertNote> notes = new ArrayList<>();
    JsonArray list = o.getJsonArray("notes");
    if (list != null) {
      for (int i = 0; i < list.size(); i++) {
        JsonObject note = list.getJsonObject(i);
        notes.add(new AlertNote(Instant.parse(note.getString("at")), note.getString("by"), note.getString("text")));
      }
    }
    return new Alert(id, Instant.parse(o.getString("time")), camera, o.getString("zoneId"), o.getString("kind"),
        Severity.ofCode(o.getString("severity")), o.getDouble("value"), o.getDouble("threshold"),
        AlertState.ofCode(o.getString("state")), o.getString("acknowledgedBy"), instant(o.getString("acknowledgedAt")),
        o.getString("resolvedBy"), instant(o.getString("resolvedAt")), notes,
        Boolean.TRUE.equals(o.getBoolean("hasSnapshot")) ? Alert.snapshotRefOf(camera, id) : null,
        instant(o.getString("breachStart")), instant(o.getString("breachEnd")), instant(o.getString("escalatedAt")));
  }

  /**
   * A line of a spool written by a Vigil before version 1 (short keys, one note, the snapshot's
   * reference): still stored after an upgrade. Its note is kept as written by whoever acted last.
   */
  private static Alert legacy(JsonObject o) {
    Instant time = Instant.parse(o.getString("time"));
    String ackBy = o.getString("ackBy");
    Instant ackAt = instant(o.getString("ackAt"));
    String resolvedBy = o.getString("resolvedBy");
    Instant resolvedAt = instant(o.getString("resolvedAt"));
    String note = o.getString("note");
    List<AlertNote> notes = note == null || note.isBlank() ? List.of() : List.of(new AlertNote(
        resolvedAt != null ? resolvedAt : ackAt != null ? ackAt : time,
        resolvedBy != null ? resolvedBy : ackBy != null ? ackBy : AlertNote.SYSTEM, note));
    return new Alert(UUID.fromString(o.getString("id")), time, o.getString("camera"), o.getString("zone"),
        o.getString("kind"), Severity.ofCode(o.getString("severity")), o.getDouble("value"), o.getDouble("threshold"),
        AlertState.ofCode(o.getString("state")), ackBy, ackAt, resolvedBy, resolvedAt, notes, o.getString("snapshot"),
        time, null, null);
  }

  private static String text(Instant i) {
    return i == null ? null : i.toString();
  }

  private static Instant instant(String s) {
    return s == null ? null : Instant.parse(s);
  }
}
