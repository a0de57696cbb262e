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

class AlertSpoolTest {
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
    try (AlertSpool spool = AlertSpool.open(dir)) {
      spool.append(written.subList(0, 10));
      spool.append(written.subList(10, 25));
      assertEquals(25, spool.pendingCount());
      List<Alert> read = new ArrayList<>();
      while (spool.hasPending()) {
        AlertSpool.Batch b = spool.read(7);
        read.addAll(b.alerts());
        spool.commit(b);
      }
      assertEquals(written, read);
      assertEquals(0, Files.size(dir.resolve(AlertSpool.FILE)));
    }
  }

  @Test
  void whatWasNotCommittedIsThereAfterAReopen() throws Exception {
    List<Alert> written = alerts(10);
    try (AlertSpool spool = AlertSpool.open(dir)) {
      spool.append(written);
      spool.commit(spool.read(4)); // stored, but the file is only emptied once everything is
    }
    try (AlertSpool spool = AlertSpool.open(dir)) {
      assertEquals(10, spool.pendingCount(), "after a restart everything not yet truncated is replayed");
      assertEquals(written, spool.read(100).alerts());
    }
  }

  @Test
  void anUnfinishedLastEntryIsRemovedAndAnUnreadableOneSetAside() throws Exception {
    try (AlertSpool spool = AlertSpool.open(dir)) {
      spool.append(alerts(3).subList(0, 2));
    }
    Files.writeString(dir.resolve(AlertSpool.FILE), "{\"id\":\"not json\n{\"id\":\"torn", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    try (AlertSpool spool = AlertSpool.open(dir)) {
      assertEquals(3, spool.pendingCount());
      AlertSpool.Batch b = spool.read(100);
      assertEquals(2, b.alerts().size());
      assertEquals(1, b.unreadable());
      spool.commit(b);
      assertFalse(spool.hasPending());
    }
    String rejected = Files.readString(dir.resolve(AlertSpool.REJECTED_FILE));
    assertTrue(rejected.contains("unreadable") && rejected.contains("not json"), rejected);
  }
}
