package io.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertJsonTest {
  private static final Instant T = Instant.parse("2026-11-28T10:00:00.123456Z");

  /** Every field set: escalated, acknowledged with a note, noted again, resolved by Vigil with its own note. */
  private static Alert full() {
    Alert a = Alert.raise(T, "cam-1", "door", "over_capacity", Severity.WARNING, 12, 10, null);
    a = new Alert(a.id(), a.time(), a.cameraId(), a.zoneId(), a.kind(), Severity.CRITICAL, 15, a.threshold(),
        AlertState.OPEN, null, null, null, null, List.of(), Alert.snapshotRefOf("cam-1", a.id()), T.minusSeconds(10),
        null, T.plusSeconds(300));
    a = a.acknowledged("manager1", T.plusSeconds(400), "Đã cử nhân viên \"bảo vệ\"\nđến cửa");
    a = a.noted(new AlertNote(T.plusSeconds(450), "manager2", "second note"));
    a = a.asOf(a.severity(), a.value(), a.breachStart(), T.plusSeconds(500), a.escalatedAt());
    return a.resolved(AlertNote.SYSTEM, T.plusSeconds(530), "Cleared for 30s; peak 15 against 10, lasted 8m30s");
  }

  @Test
  void anAlertRoundTripsThroughItsOneShape() {
    Alert a = full();
    JsonObject json = AlertJson.encode(a);
    assertEquals(1, json.getInteger("v"));
    assertEquals(a, AlertJson.decode(new JsonObject(json.encode())));
    Alert open = Alert.raise(T, "cam-2", null, "camera_offline", Severity.INFO, 0, 30, null);
    assertEquals(open, AlertJson.decode(new JsonObject(AlertJson.encode(open).encode())));
  }

  @Test
  void theShapeIsExactlyTheFieldsTheDocumentIsWrittenFrom() {
    Alert a = full();
    JsonObject json = AlertJson.encode(a);
    Set<String> names = new LinkedHashSet<>();
    AlertJson.FIELDS.forEach(f -> names.add(f.name()));
    assertEquals(List.copyOf(names), List.copyOf(json.fieldNames()), "same fields, same order");
    for (AlertJson.Field f : AlertJson.FIELDS) {
      Object v = json.getValue(f.name());
      if (v == null) {
        assertTrue(f.nullable(), f.name() + " is null but not nullable");
        continue;
      }
      switch (f.type()) {
        case INTEGER, NUMBER -> assertTrue(v instanceof Number, f.name());
        case BOOLEAN -> assertTrue(v instanceof Boolean, f.name());
        case NOTES -> assertTrue(v instanceof JsonArray, f.name());
        default -> assertTrue(v instanceof String, f.name());
      }
      if (!f.values().isEmpty()) assertTrue(f.values().contains(v), f.name() + " = " + v);
    }
    JsonObject note = json.getJsonArray("notes").getJsonObject(0);
    assertEquals(AlertJson.NOTE_FIELDS.stream().map(AlertJson.Field::name).toList(), List.copyOf(note.fieldNames()));
    assertEquals("/api/v1/alerts/" + a.id() + "/snapshot.jpg", json.getString("snapshot"));
    assertEquals(true, json.getBoolean("hasSnapshot"));
  }

  @Test
  void notesAreAHistoryThatNothingOverwrites() {
    Alert a = full();
    assertEquals(List.of("manager1", "manager2", "vigil"), a.notes().stream().map(AlertNote::by).toList());
    assertEquals("manager1", a.acknowledgedBy());
    assertEquals(T.plusSeconds(400), a.acknowledgedAt());
    assertEquals("vigil", a.resolvedBy());
    assertEquals(T.plusSeconds(530), a.resolvedAt());
    JsonArray history = AlertJson.history(a);
    assertEquals(List.of("opened", "escalated", "acknowledged", "noted", "noted", "noted", "closed"),
        history.stream().map(o -> ((JsonObject) o).getString("event")).toList());
    assertEquals(AlertJson.HISTORY_FIELDS.stream().map(AlertJson.Field::name).toList(),
        List.copyOf(history.getJsonObject(0).fieldNames()));
  }

  @Test
  void aShapeFromALaterVigilOrNoAlertAtAllIsRefused() {
    JsonObject later = AlertJson.encode(full()).put("v", 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlertJson.decode(later));
    assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    assertThrows(RuntimeException.class, () -> AlertJson.decode(new JsonObject().put("v", 1).put("id", "x")));
  }
}
