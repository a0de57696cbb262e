package io.vigil.store.impl;

import io.vertx.core.json.JsonObject;
import io.vigil.store.Alert;
import io.vigil.store.AlertState;
import io.vigil.store.Severity;
import java.time.Instant;
import java.util.UUID;

/** One alert as one line of JSON, the spool's format. */
final class AlertJson {
  private AlertJson() {}

  static String encode(Alert a) {
    JsonObject o = new JsonObject()
        .put("id", a.id().toString())
        .put("time", a.time().toString())
        .put("camera", a.cameraId())
        .put("zone", a.zoneId())
        .put("kind", a.kind())
        .put("severity", a.severity().code())
        .put("value", a.value())
        .put("threshold", a.threshold())
        .put("state", a.state().code())
        .put("ackBy", a.acknowledgedBy())
        .put("ackAt", a.acknowledgedAt() == null ? null : a.acknowledgedAt().toString())
        .put("resolvedBy", a.resolvedBy())
        .put("resolvedAt", a.resolvedAt() == null ? null : a.resolvedAt().toString())
        .put("note", a.note())
        .put("snapshot", a.snapshotRef());
    return o.encode();
  }

  /** @throws IllegalArgumentException (including Vert.x's DecodeException) when the line is not an alert */
  static Alert decode(String line) {
    JsonObject o = new JsonObject(line);
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
