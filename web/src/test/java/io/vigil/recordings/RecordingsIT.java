package io.vigil.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.ingest.record.SegmentFiles;
import io.vigil.store.RecordingIndex;
import io.vigil.store.SegmentRow;
import io.vigil.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index in real PostgreSQL: the start-up check's repairs, retention by age and budget, alerts' protection. */
class RecordingsIT {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  @TempDir
  Path dir;

  private Path file(String camera, long start, long duration, int bytes) throws Exception {
    Path f = dir.resolve(camera).resolve(DAY.format(Instant.ofEpochMilli(start))).resolve(start + "_" + duration + ".mp4");
    Files.createDirectories(f.getParent());
    Files.write(f, new byte[bytes]);
    return f;
  }

  private SegmentRow row(Path f, String camera, long start, long duration) throws Exception {
    return new SegmentRow(camera, Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + duration), Files.size(f),
        dir.relativize(f).toString(), 0, null);
  }

  @Test
  void theStartUpCheckRepairsBothWaysAndSaysWhat() throws Exception {
    try (TestPostgres pg = TestPostgres.create()) {
      RecordingIndex index = new RecordingIndex(pg.migrated());
      long t = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
      Path kept = file("cam", t, 10_000, 100);
      index.add(row(kept, "cam", t, 10_000));
      Path unindexed = file("cam", t + 10_000, 9_800, 200);
      Path part = dir.resolve("cam").resolve(DAY.format(Instant.ofEpochMilli(t))).resolve((t + 20_000) + SegmentFiles.PART);
      Files.write(part, new byte[50]);
      Path gone = file("cam", t + 30_000, 10_000, 100);
      index.add(row(gone, "cam", t + 30_000, 10_000));
      Files.delete(gone);

      try (Recordings r = new Recordings(index, dir, null, 1L << 30, id -> null, (c, s) -> { })) {
        StartupCheck.Report report = r.check().get(30, TimeUnit.SECONDS);
        assertEquals(new StartupCheck.Report(2, 1, 1, 0, 1), report);
        assertTrue(report.toString().contains("removed 1 unfinished segment files"), report.toString());
      }
      assertFalse(Files.exists(part));
      List<SegmentRow> rows = index.between("cam", Instant.ofEpochMilli(t), Instant.ofEpochMilli(t + 60_000));
      assertEquals(List.of(dir.relativize(kept).toString(), dir.relativize(unindexed).toString()),
          rows.stream().map(SegmentRow::path).toList());
      assertEquals(9_800, rows.get(1).end().toEpochMilli() - rows.get(1).start().toEpochMilli());
      assertEquals(300, index.bytes(null));
    }
  }

  @Test
  void retentionDeletesOldestFirstButNeverAnUnresolvedAlertsClip() throws Exception {
    try (TestPostgres pg = TestPostgres.create()) {
      RecordingIndex index = new RecordingIndex(pg.migrated());
      Instant now = Instant.parse("2026-12-08T12:00:00Z");
      long old = now.minusSeconds(8 * 86_400).toEpochMilli();
      Path expired = file("a", old, 10_000, 1000);
      index.add(row(expired, "a", old, 10_000));
      long t = now.minusSeconds(3_600).toEpochMilli();
      Path[] recent = new Path[6];
      for (int i = 0; i < 6; i++) {
        recent[i] = file("a", t + i * 10_000L, 10_000, 1000);
        index.add(row(recent[i], "a", t + i * 10_000L, 10_000));
      }
      // An unresolved alert raised in the second segment: its clip (and 60 s before it) stays.
      try (var c = pg.connect(); var ps = c.prepareStatement("INSERT INTO alerts (id, time, camera_id, kind, severity, "
          + "value, threshold, state) VALUES (?, ?, 'a', 'over_capacity', 'warning', 9, 6, 'open')")) {
        ps.setObject(1, UUID.randomUUID());
        ps.setTimestamp(2, java.sql.Timestamp.from(Instant.ofEpochMilli(t + 75_000)));
        ps.executeUpdate();
      }
      // Budget of 3 segments: the expired one goes for its age, then the oldest until 3 are left, but
      // the alert protects those from 15 s on (75 s - 60 s): only the first recent one may go.
      try (Recordings r = new Recordings(index, dir, null, 3_000, id -> null, (c, s) -> { })) {
        List<SegmentRow> deleted = r.sweepNow(now);
        assertEquals(List.of(dir.relativize(expired).toString(), dir.relativize(recent[0]).toString()),
            deleted.stream().map(SegmentRow::path).toList());
      }
      assertFalse(Files.exists(expired));
      assertFalse(Files.exists(recent[0]));
      assertTrue(Files.exists(recent[1]));
      assertEquals(5_000, index.bytes(null), "rows and files deleted together");
    }
  }
}
