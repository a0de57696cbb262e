package io.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecordsTest {
  private static final Instant T = Instant.parse("2026-11-28T10:00:00Z");

  @Test
  void alertIdsAreTimeOrderedVersion7() throws Exception {
    UUID a = Alert.newId();
    Thread.sleep(2);
    UUID b = Alert.newId();
    assertEquals(7, a.version());
    assertEquals(2, a.variant());
    assertTrue(Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits()) < 0);
  }

  @Test
  void badInputIsRefusedWithTheFieldsName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new OccupancySample(T, "cam 1", "z", 1, 1));
    assertTrue(e.getMessage().startsWith("cameraId"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new OccupancySample(T, "cam", "z", -1, 1));
    assertThrows(IllegalArgumentException.class, () -> new OccupancySample(T, "cam", "z", 1, Double.NaN));
    assertThrows(IllegalArgumentException.class,
        () -> Alert.raise(T, "cam", null, "Over Capacity", Severity.INFO, 1, 1, null));
    assertThrows(IllegalArgumentException.class,
        () -> Alert.raise(T, "cam", null, "over_capacity", Severity.INFO, Double.POSITIVE_INFINITY, 1, null));
    Alert open = Alert.raise(T, "cam", null, "over_capacity", Severity.INFO, 1, 1, null);
    assertThrows(IllegalArgumentException.class, () -> new Alert(open.id(), T, "cam", null, "over_capacity",
        Severity.INFO, 1, 1, AlertState.OPEN, "op", T, null, null, List.of(), null, T, null, null));
    assertThrows(IllegalArgumentException.class, () -> new CameraStatusChange(T, "cam", "Offline!", null));
    assertThrows(IllegalArgumentException.class, () -> new RegisteredCamera("cam", "[1,2]", null, T));
    assertThrows(IllegalArgumentException.class,
        () -> new OccupancyQuery("cam", null, T, T.plus(Duration.ofDays(30)), Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> AlertQuery.between(T, T.plusSeconds(1)).page(0, 5000));
  }

  @Test
  void aRegisteredCamerasPasswordIsNeverPrinted() {
    RegisteredCamera c = new RegisteredCamera("cam", "{}", "hunter2", T);
    assertFalse(c.toString().contains("hunter2"));
  }

  @Test
  void alertStatesMoveForwardKeepingWhoDidWhat() {
    Alert open = Alert.raise(T, "cam", "z", "gathering", Severity.WARNING, 6, 5, null);
    Alert acked = open.acknowledged("op-1", T.plusSeconds(5), "on it");
    Alert resolved = acked.resolved("op-2", T.plusSeconds(60), null);
    assertEquals(AlertState.RESOLVED, resolved.state());
    assertEquals("op-1", resolved.acknowledgedBy());
    assertEquals(List.of(new AlertNote(T.plusSeconds(5), "op-1", "on it")), resolved.notes(), "notes are kept");
  }
}
