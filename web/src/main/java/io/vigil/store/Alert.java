package io.vigil.store;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A crowd or camera alert. {@code id} is made by the producer ({@link #newId()}) and, with {@code
 * time} (when it was raised), identifies the alert: appending it again, from a replay or a retry,
 * never makes a second row. Appending a later state of the same alert (acknowledged, resolved)
 * moves the stored one forward; a state never moves back.
 *
 * @param zoneId null for alerts about a whole camera
 * @param kind what happened, e.g. {@code over_capacity}, {@code gathering}, {@code line_crossing}
 * @param value the measured value that raised it, e.g. the people counted
 * @param threshold the configured limit it was compared with
 * @param snapshotRef where the frame that raised it is kept, or null
 */
public record Alert(
    UUID id,
    Instant time,
    String cameraId,
    String zoneId,
    String kind,
    Severity severity,
    double value,
    double threshold,
    AlertState state,
    String acknowledgedBy,
    Instant acknowledgedAt,
    String resolvedBy,
    Instant resolvedAt,
    String note,
    String snapshotRef) {

  private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  public Alert {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(time, "time");
    Ids.require(cameraId, "cameraId");
    Ids.optional(zoneId, "zoneId");
    if (kind == null || !KIND.matcher(kind).matches()) {
      throw new IllegalArgumentException("kind must be 1-64 lower-case letters, digits or '_', was " + kind);
    }
    Objects.requireNonNull(severity, "severity");
    if (!Double.isFinite(value) || !Double.isFinite(threshold)) {
      throw new IllegalArgumentException("value and threshold must be finite numbers");
    }
    Objects.requireNonNull(state, "state");
    Ids.text(acknowledgedBy, "acknowledgedBy");
    Ids.text(resolvedBy, "resolvedBy");
    Ids.text(note, "note");
    Ids.text(snapshotRef, "snapshotRef");
    if ((acknowledgedBy != null || acknowledgedAt != null) && state == AlertState.OPEN) {
      throw new IllegalArgumentException("an open alert has no acknowledgement");
    }
    if ((resolvedBy != null || resolvedAt != null) && state != AlertState.RESOLVED) {
      throw new IllegalArgumentException("only a resolved alert has a resolution");
    }
  }

  /** A new open alert raised at {@code time}. */
  public static Alert raise(Instant time, String cameraId, String zoneId, String kind, Severity severity,
      double value, double threshold, String snapshotRef) {
    return new Alert(newId(), time, cameraId, zoneId, kind, severity, value, threshold, AlertState.OPEN,
        null, null, null, null, null, snapshotRef);
  }

  /**
   * A time-ordered UUID (version 7 layout: milliseconds first), so ids sort roughly by time and index
   * well.
   */
  public static UUID newId() {
    long millis = System.currentTimeMillis();
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (millis << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  public Alert acknowledged(String by, Instant at, String note) {
    return new Alert(id, time, cameraId, zoneId, kind, severity, value, threshold, AlertState.ACKNOWLEDGED,
        by, Objects.requireNonNull(at, "at"), null, null, note == null ? this.note : note, snapshotRef);
  }

  public Alert resolved(String by, Instant at, String note) {
    return new Alert(id, time, cameraId, zoneId, kind, severity, value, threshold, AlertState.RESOLVED,
        acknowledgedBy, acknowledgedAt, by, Objects.requireNonNull(at, "at"), note == null ? this.note : note,
        snapshotRef);
  }

  /** As JSON: one line of the alert spool, and what cluster nodes send one another. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("time", time.toString())
        .put("camera", cameraId)
        .put("zone", zoneId)
        .put("kind", kind)
        .put("severity", severity.code())
        .put("value", value)
        .put("threshold", threshold)
        .put("state", state.code())
        .put("ackBy", acknowledgedBy)
        .put("ackAt", acknowledgedAt == null ? null : acknowledgedAt.toString())
        .put("resolvedBy", resolvedBy)
        .put("resolvedAt", resolvedAt == null ? null : resolvedAt.toString())
        .put("note", note)
        .put("snapshot", snapshotRef);
  }

  /**
   * The alert {@link #toJson()} wrote; a runtime exception when the object is not one.
   */
  public static Alert fromJson(JsonObject o) {
    return new Alert(
        UUID.fromString(o.getString("id")),
        Instant.parse(o.getString("time")),
        o.getString("camera"),
        o.getString("zone"),
        o.getString("kind"),
        Severity.ofCode(o.getString("severity")),
        o.getDouble("value"),
        o.getDouble("threshold"),
        AlertState.ofCode(o.getString("state")),
        o.getString("ackBy"),
        instant(o.getString("ackAt")),
        o.getString("resolvedBy"),
        instant(o.getString("resolvedAt")),
        o.getString("note"),
        o.getString("snapshot"));
  }

  private static Instant instant(String s) {
    return s == null ? null : Instant.parse(s);
  }
}
