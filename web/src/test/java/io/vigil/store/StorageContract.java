package io.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What storage does on every database it supports: each subclass runs these against one kind of
 * server. Checks read through the storage's own pool, as some servers take one connection only.
 */
abstract class StorageContract {
  static final Duration WAIT = Duration.ofSeconds(30);
  static Vertx vertx;
  @TempDir Path dir;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    Await.result(vertx.close());
  }

  abstract StoragePath expectedPath();

  /** Options for this test's database, spool in this test's directory. */
  abstract StorageOptions.Builder options();

  static long count(Storage s, String sql) throws Exception {
    try (Connection c = s.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static void execute(Storage s, String sql) throws Exception {
    try (Connection c = s.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  static void awaitWritten(Storage s) throws Exception {
    Await.until("the writer to store everything", WAIT, () -> {
      WriterStats st = s.writer().stats();
      return st.occupancyStored() + st.occupancyDropped() + st.occupancyRejected() == st.occupancyOffered()
          && st.alertsPending() == 0 && st.statusPending() == 0;
    });
  }

  @Test
  void storesQueriesAndKeepsEachRowOnce() throws Exception {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
    try (Storage s = Storage.start(options().build())) {
      assertEquals(expectedPath(), s.path());
      assertEquals(1, count(s, "SELECT count(*) FROM vigil_settings WHERE key = 'storage_path' AND value = '"
          + expectedPath().name().toLowerCase(Locale.ROOT) + "'"));

      // Two samples a second for five minutes, three zones, two cameras.
      List<OccupancySample> samples = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        Instant t = t0.plusMillis(500L * i);
        for (String cam : List.of("cam-1", "cam-2")) {
          for (String zone : List.of("gate", "hall", "yard")) {
            samples.add(new OccupancySample(t, cam, zone, i % 50, (i % 50) * 0.9));
          }
        }
      }
      samples.forEach(s.writer()::offer);
      List<Alert> alerts = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        Alert a = Alert.raise(t0.plusSeconds(10L * i), i % 2 == 0 ? "cam-1" : "cam-2", i % 3 == 0 ? null : "gate",
            i % 4 == 0 ? "gathering" : "over_capacity", i % 5 == 0 ? Severity.CRITICAL : Severity.WARNING, 40 + i, 30,
            null);
        // Snapshots are kept where the engine writes them: the spool's shape says only whether there is one.
        alerts.add(new Alert(a.id(), a.time(), a.cameraId(), a.zoneId(), a.kind(), a.severity(), a.value(), a.threshold(),
            a.state(), null, null, null, null, List.of(), Alert.snapshotRefOf(a.cameraId(), a.id()),
            a.time().minusSeconds(5), null, null));
      }
      alerts.forEach(s.writer()::append);
      s.writer().append(new CameraStatusChange(t0, "cam-1", "streaming", null));
      s.writer().append(new CameraStatusChange(t0.plusSeconds(30), "cam-1", "reconnecting", "read timeout"));
      awaitWritten(s);
      assertEquals(3600, count(s, "SELECT count(*) FROM occupancy"));
      assertEquals(20, count(s, "SELECT count(*) FROM alerts"));
      assertEquals(2, count(s, "SELECT count(*) FROM camera_status"));

      // A replay changes nothing.
      samples.forEach(s.writer()::offer);
      alerts.forEach(s.writer()::append);
      awaitWritten(s);
      assertEquals(3600, count(s, "SELECT count(*) FROM occupancy"));
      assertEquals(20, count(s, "SELECT count(*) FROM alerts"));

      // A later state moves an alert forward; an earlier one arriving late does not move it back.
      Alert first = alerts.get(0);
      s.writer().append(first.acknowledged("operator-7", t0.plusSeconds(5), "team sent"));
      s.writer().append(first);
      awaitWritten(s);
      assertEquals(1, count(s, "SELECT count(*) FROM alerts WHERE id = '" + first.id()
          + "' AND state = 'acknowledged' AND acknowledged_by = 'operator-7'"));
      assertEquals(1, count(s, "SELECT count(*) FROM alert_notes WHERE alert_id = '" + first.id()
          + "' AND author = 'operator-7' AND text = 'team sent'"), "the note is kept in the alert's history");

      // While open, an incident's peak and escalated severity are kept; a stale lower update is ignored.
      Alert open = alerts.get(2);
      Alert peak = new Alert(open.id(), open.time(), open.cameraId(), open.zoneId(), open.kind(), Severity.CRITICAL,
          open.value() + 10, open.threshold(), AlertState.OPEN, null, null, null, null, List.of(), open.snapshotRef(),
          open.breachStart(), null, open.time().plusSeconds(300));
      s.writer().append(peak);
      s.writer().append(open);
      awaitWritten(s);
      assertEquals(1, count(s, "SELECT count(*) FROM alerts WHERE id = '" + open.id()
          + "' AND state = 'open' AND severity = 'critical' AND value = " + (open.value() + 10)));

      StorageQueries q = s.queries(vertx);
      Page<Alert> all = Await.result(q.alerts(AlertQuery.between(t0, t0.plusSeconds(3600)).page(0, 7)));
      assertEquals(20, all.total());
      assertEquals(7, all.items().size());
      assertEquals(alerts.get(19).id(), all.items().get(0).id(), "newest first");
      Page<Alert> last = Await.result(q.alerts(AlertQuery.between(t0, t0.plusSeconds(3600)).page(14, 7)));
      assertEquals(6, last.items().size());
      Page<Alert> cam1Gate = Await.result(q.alerts(AlertQuery.between(t0, t0.plusSeconds(3600)).camera("cam-1").zone("gate")));
      assertEquals(alerts.stream().filter(a -> a.cameraId().equals("cam-1") && "gate".equals(a.zoneId())).count(),
          cam1Gate.total());
      Page<Alert> acked = Await.result(q.alerts(AlertQuery.between(t0, t0.plusSeconds(3600)).state(AlertState.ACKNOWLEDGED)));
      assertEquals(List.of(first.id()), acked.items().stream().map(Alert::id).toList());
      assertEquals(alerts.get(3), Await.result(q.alert(alerts.get(3).id())));

      Alert resolved = Await.result(q.resolve(alerts.get(1).id(), "operator-2", "crowd dispersed"));
      assertEquals(AlertState.RESOLVED, resolved.state());
      assertEquals("operator-2", resolved.resolvedBy());
      Alert ackAfterResolve = Await.result(q.acknowledge(alerts.get(1).id(), "operator-3", null));
      assertEquals(AlertState.RESOLVED, ackAfterResolve.state(), "acknowledging a resolved alert changes nothing");
      assertNull(ackAfterResolve.acknowledgedBy());
      assertInstanceOf(NoSuchElementException.class, Await.failure(q.acknowledge(UUID.randomUUID(), "x", null)));
      assertInstanceOf(IllegalArgumentException.class, Await.failure(q.acknowledge(first.id(), " ", null)));

      // Per-minute series: samples at i = 120k..120k+119 in minute k, people = i % 50.
      List<OccupancyPoint> series = Await.result(q.occupancy(
          new OccupancyQuery("cam-1", "hall", t0, t0.plus(Duration.ofMinutes(5)), Duration.ofMinutes(1))));
      assertEquals(5, series.size());
      for (int k = 0; k < 5; k++) {
        OccupancyPoint p = series.get(k);
        assertEquals(t0.plus(Duration.ofMinutes(k)), p.bucket());
        int max = 0;
        double sum = 0;
        for (int i = 120 * k; i < 120 * (k + 1); i++) {
          max = Math.max(max, i % 50);
          sum += i % 50;
        }
        assertEquals(max, p.maxPeople());
        assertEquals(sum / 120, p.meanPeople(), 1e-9);
        assertEquals(120, p.samples());
      }
      List<OccupancyPoint> perZone = Await.result(q.occupancy(
          new OccupancyQuery("cam-2", null, t0, t0.plus(Duration.ofMinutes(5)), Duration.ofMinutes(5))));
      assertEquals(List.of("gate", "hall", "yard"), perZone.stream().map(OccupancyPoint::zoneId).toList());
      assertTrue(perZone.stream().allMatch(p -> p.samples() == 600));

      List<OccupancySample> current = Await.result(q.currentCounts(Duration.ofHours(3)));
      assertEquals(6, current.size());
      assertTrue(current.stream().allMatch(c -> c.time().equals(t0.plusMillis(500L * 599)) && c.people() == 599 % 50));

      List<CameraStatusChange> status = Await.result(q.cameraStatus("cam-1", t0, t0.plusSeconds(60), 10));
      assertEquals(List.of("reconnecting", "streaming"), status.stream().map(CameraStatusChange::status).toList());

      RegisteredCamera cam = new RegisteredCamera("cam-9", "{\"url\":\"rtsp://10.0.0.9/live\",\"user\":\"viewer\"}",
          "s3cret", Instant.parse("2026-01-01T00:00:00Z"));
      Await.result(q.registerCamera(cam));
      Await.result(q.registerCamera(new RegisteredCamera("cam-9", "{\"url\":\"rtsp://10.0.0.9/sub\"}", null,
          Instant.now())));
      List<RegisteredCamera> cams = Await.result(q.registeredCameras());
      assertEquals(1, cams.size());
      assertEquals(Instant.parse("2026-01-01T00:00:00Z"), cams.get(0).registeredAt(), "first registration time kept");
      assertEquals("rtsp://10.0.0.9/sub", new io.vertx.core.json.JsonObject(cams.get(0).config()).getString("url"));
      assertTrue(Await.result(q.removeCamera("cam-9")));
      assertEquals(List.of(), Await.result(q.registeredCameras()));
      assertInstanceOf(NullPointerException.class, Await.failure(q.registerCamera(null)));
    }
  }

  @Test
  void aSecondStartKeepsTheSchemaAndItsPath() throws Exception {
    long migrations;
    try (Storage s = Await.result(Storage.start(vertx, options().build()))) {
      assertEquals(expectedPath(), s.path());
      migrations = count(s, "SELECT count(*) FROM flyway_schema_history WHERE success");
    }
    try (Storage s = Storage.start(options().build())) {
      assertEquals(expectedPath(), s.path());
      assertEquals(migrations, count(s, "SELECT count(*) FROM flyway_schema_history WHERE success"),
          "nothing migrated twice");
    }
  }
}
