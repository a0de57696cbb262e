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
      out.add(Alert.raise(t.plusSeconds(i), "cam-" + (i % 3), i % 2 == 0 ? null : "zone-1", "over_capacity",
          Severity.values()[i % 3], i, 10, i % 4 == 0 ? "snap/ünïcode \"quoted\"\n.jpg" : null));
    }
    out.set(1, out.get(1).acknowledged("op", t, "note"));
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
}
