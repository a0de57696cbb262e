package io.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
  @TempDir Path dir;

  private static List<Alert> alerts(int n) {
    List<Alert> out = new ArrayList<>();
    Instant t = Instant.parse("2026-11-28T10:00:00.123456Z");
    for (int i = 0; i < n; i++) {
      Alert a = Alert.raise(t.plusSeconds(i), "cam-" + (i % 3), i % 2 == 0 ? null : "zone-1", "over_capacity",
          Severity.values()[i % 3], i, 10, null);
      out.add(i % 4 != 0 ? a : new Alert(a.id(), a.time(), a.cameraId(), a.zoneId(), a.kind(), a.severity(), a.value(),
          a.threshold(), a.state(), null, null, null, null, List.of(), Alert.snapshotRefOf(a.cameraId(), a.id()),
          a.time().minusSeconds(10), null, a.time().plusSeconds(300)));
    }
    out.set(1, out.get(1).acknowledged("op", t, "ünïcode \"quoted\"\nnote"));
    out.set(2, out.get(2).resolved("op", t.plusSeconds(9), null));
    return out;
  }

  @Test
  void readsBackInOrderAcrossBatchesAndEmptiesWhenAllIsCommitted() throws Exception {
    List<Alert> written = alerts(25);
    try (Spool<Alert> spool = Spool.open(dir, Spool.ALERTS)) {
      spool.append(written.subList(0, 10));
      spool.append(written.subList(10, 25));
      assertEquals(25, spool.pendingCount());
      List<Alert> read = new ArrayList<>();
      while (spool.hasPending()) {
        Spool.Batch<Alert> b = spool.read(7);
        read.addAll(b.items());
        spool.commit(b);
      }
      assertEquals(written, read);
      assertEquals(0, Files.size(dir.resolve(Spool.ALERTS.file())));
    }
  }

  @Test
  void whatWasNotCommittedIsThereAfterAReopen() throws Exception {
    List<Alert> written = alerts(10);
    try (Spool<Alert> spool = Spool.open(dir, Spool.ALERTS)) {
      spool.append(written);
      spool.commit(spool.read(4)); // stored, but the file is only emptied once everything is
    }
    try (Spool<Alert> spool = Spool.open(dir, Spool.ALERTS)) {
      assertEquals(10, spool.pendingCount(), "after a restart everything not yet truncated is replayed");
      assertEquals(written, spool.read(100).items());
    }
  }

  @Test
  void anUnfinishedLastEntryIsRemovedAndAnUnreadableOneSetAside() throws Exception {
    try (Spool<Alert> spool = Spool.open(dir, Spool.ALERTS)) {
      spool.append(alerts(3).subList(0, 2));
    }
    Files.writeString(dir.resolve(Spool.ALERTS.file()), "{\"id\":\"not json\n{\"id\":\"torn", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    try (Spool<Alert> spool = Spool.open(dir, Spool.ALERTS)) {
      assertEquals(3, spool.pendingCount());
      Spool.Batch<Alert> b = spool.read(100);
      assertEquals(2, b.items().size());
      assertEquals(1, b.unreadable());
      spool.commit(b);
      assertFalse(spool.hasPending());
    }
    String rejected = Files.readString(dir.resolve(Spool.ALERTS.rejectedFile()));
    assertTrue(rejected.contains("unreadable") && rejected.contains("not json"), rejected);
  }

  @Test
  void statusChangesComeBackAsWrittenAfterAReopen() throws Exception {
    Instant t = Instant.parse("2026-11-28T10:00:00.123456Z");
    List<CameraStatusChange> written = List.of(new CameraStatusChange(t, "cam-1", "online", null),
        new CameraStatusChange(t.plusMillis(1), "cam-1", "offline", "connection refused \"by peer\"\n"),
        new CameraStatusChange(t.plusSeconds(2), "cam-2", "stalled", "ünïcode"));
    try (Spool<CameraStatusChange> spool = Spool.open(dir, Spool.STATUS)) {
      spool.append(written);
    }
    try (Spool<CameraStatusChange> spool = Spool.open(dir, Spool.STATUS)) {
      assertEquals(3, spool.pendingCount());
      Spool.Batch<CameraStatusChange> b = spool.read(100);
      assertEquals(written, b.items());
      spool.commit(b);
      assertFalse(spool.hasPending());
    }
    assertEquals(0, Files.size(dir.resolve(Spool.STATUS.file())));
  }

  @Test
  void aSpoolWrittenBeforeTheVersionedShapeIsStillStored() throws Exception {
    // Two lines as the Vigil before AlertJson version 1 wrote them: short keys, one note, the snapshot's reference.
    String old = """
        {"id":"0190b5d4-8a4e-7000-8000-000000000001","time":"2026-11-28T10:00:00.123456Z","camera":"cam-1",        "zone":"door","kind":"over_capacity","severity":"warning","value":12.0,"threshold":10.0,"state":"resolved",        "ackBy":"manager1","ackAt":"2026-11-28T10:00:05Z","resolvedBy":"vigil","resolvedAt":"2026-11-28T10:01:00Z",        "note":"Cleared for 30s; peak 12 against 10, lasted 25s","snapshot":"cam-1/0190b5d4-8a4e-7000-8000-000000000001.jpg"}
        {"id":"0190b5d4-8a4e-7000-8000-000000000002","time":"2026-11-28T10:02:00Z","camera":"cam-2","zone":null,        "kind":"camera_offline","severity":"info","value":0.0,"threshold":30.0,"state":"open","ackBy":null,        "ackAt":null,"resolvedBy":null,"resolvedAt":null,"note":null,"snapshot":null}
        """;
    Files.writeString(dir.resolve(Spool.ALERTS.file()), old, StandardCharsets.UTF_8);
    try (Spool<Alert> spool = Spool.open(dir, Spool.ALERTS)) {
      Spool.Batch<Alert> b = spool.read(100);
      assertEquals(0, b.unreadable(), "nothing of the old spool is set aside");
      assertEquals(2, b.items().size());
      Alert first = b.items().get(0);
      assertEquals("cam-1", first.cameraId());
      assertEquals("door", first.zoneId());
      assertEquals(AlertState.RESOLVED, first.state());
      assertEquals("manager1", first.acknowledgedBy());
      assertEquals("vigil", first.resolvedBy());
      assertEquals(List.of(new AlertNote(Instant.parse("2026-11-28T10:01:00Z"), "vigil",
          "Cleared for 30s; peak 12 against 10, lasted 25s")), first.notes());
      assertEquals("cam-1/0190b5d4-8a4e-7000-8000-000000000001.jpg", first.snapshotRef());
      Alert second = b.items().get(1);
      assertEquals(AlertState.OPEN, second.state());
      assertEquals(List.of(), second.notes());
      assertEquals(second.time(), second.breachStart());
      // Once read, an alert goes back to the spool (a retry) in the versioned shape, and reads the same.
      spool.commit(b);
      spool.append(b.items());
      assertEquals(b.items(), spool.read(100).items());
      assertTrue(Files.readString(dir.resolve(Spool.ALERTS.file())).startsWith("{\"v\":1,"));
    }
  }

  @Test
  void samplesComeBackAsWrittenAndACompactedSpoolKeepsOnlyWhatIsLeft() throws Exception {
    Instant t = Instant.parse("2026-11-28T10:00:00.123456Z");
    List<OccupancySample> written = new ArrayList<>();
    for (int i = 0; i < 30; i++) written.add(new OccupancySample(t.plusMillis(i), "cam-" + (i % 2), "gate", i, i / 3.0));
    try (Spool<OccupancySample> spool = Spool.open(dir, Spool.OCCUPANCY)) {
      spool.append(written);
      spool.commit(spool.read(20)); // stored (or dropped as the oldest)
      long before = Files.size(dir.resolve(Spool.OCCUPANCY.file()));
      spool.compactIfWasteful(1);
      assertTrue(Files.size(dir.resolve(Spool.OCCUPANCY.file())) < before / 2, "the stored head is gone");
      assertEquals(10, spool.pendingCount());
      spool.append(written.subList(0, 1));
      assertEquals(written.subList(20, 30), spool.read(10).items());
    }
    try (Spool<OccupancySample> spool = Spool.open(dir, Spool.OCCUPANCY)) {
      assertEquals(11, spool.pendingCount(), "a reopen finds the compacted file and the later append");
      List<OccupancySample> expected = new ArrayList<>(written.subList(20, 30));
      expected.add(written.get(0));
      assertEquals(expected, spool.read(100).items());
    }
  }
}
