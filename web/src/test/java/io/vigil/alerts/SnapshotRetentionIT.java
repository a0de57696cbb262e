package io.vigil.alerts;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.analytics.Box;
import io.vigil.analytics.OccupancyRule;
import io.vigil.analytics.Point;
import io.vigil.analytics.Zone;
import io.vigil.store.Alert;
import io.vigil.store.Severity;
import io.vigil.store.Storage;
import io.vigil.store.StorageOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots are drawn and kept as long as their alert, on the store's real PostgreSQL schema. */
class SnapshotRetentionIT {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

  @TempDir
  Path dir;

  @Test
  void aSnapshotGoesWithItsAlertAndNotBefore() throws Exception {
    String db = "vigil_snap_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection admin = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
        Statement s = admin.createStatement()) {
      s.execute("CREATE DATABASE " + db);
    }
    try (Storage storage = Storage.start(StorageOptions.builder(dir).database(SERVER + db, "postgres", null)
        .flushInterval(Duration.ofMillis(20)).build())) {
      Snapshots snapshots = new Snapshots(dir.resolve("snapshots"), storage.dataSource());
      Zone zone = new Zone("gate", List.of(new Point(0.1, 0.2), new Point(0.9, 0.2), new Point(0.5, 0.9)),
          new OccupancyRule(2, Duration.ZERO, 0), null, null, Duration.ofMinutes(1));
      byte[] jpeg;
      try (Mat frame = new Mat(360, 640, CV_8UC3, new Scalar(70, 70, 70, 0))) {
        jpeg = Snapshots.render(frame, List.of(new Box(0.4, 0.4, 0.5, 0.8)), List.of(zone), "gate", "cam-1 over capacity 3/2");
      }
      assertEquals((byte) 0xFF, jpeg[0]);
      assertEquals((byte) 0xD8, jpeg[1]);

      Alert kept = Alert.raise(Instant.now(), "cam-1", "gate", "over_capacity", Severity.WARNING, 3, 2, null);
      Alert purged = Alert.raise(Instant.now(), "cam-1", "gate", "over_capacity", Severity.WARNING, 3, 2, null);
      storage.writer().append(kept);
      storage.writer().append(purged);
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (storage.writer().stats().alertsStored() < 2 && System.nanoTime() < end) Thread.sleep(20);
      UUID fresh = UUID.randomUUID();
      for (UUID id : List.of(kept.id(), purged.id(), fresh)) snapshots.write(Snapshots.ref("cam-1", id), jpeg);
      Path root = dir.resolve("snapshots/cam-1");
      FileTime old = FileTime.from(Instant.now().minus(Snapshots.GRACE).minusSeconds(60));
      Files.setLastModifiedTime(root.resolve(kept.id() + ".jpg"), old);
      Files.setLastModifiedTime(root.resolve(purged.id() + ".jpg"), old);

      assertEquals(0, snapshots.sweep(Instant.now()), "both alerts stored, the third file too new to judge");
      // What the store's retention does to an alert past its time.
      try (Connection c = storage.dataSource().getConnection();
          PreparedStatement ps = c.prepareStatement("DELETE FROM alerts WHERE id = ?")) {
        ps.setObject(1, purged.id());
        assertEquals(1, ps.executeUpdate());
      }
      assertEquals(1, snapshots.sweep(Instant.now()));
      assertFalse(Files.exists(root.resolve(purged.id() + ".jpg")));
      assertTrue(Files.exists(root.resolve(kept.id() + ".jpg")));
      assertTrue(Files.exists(root.resolve(fresh + ".jpg")), "an alert still in the spool keeps its picture");
    } finally {
      try (Connection admin = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
          Statement s = admin.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      }
    }
  }
}
