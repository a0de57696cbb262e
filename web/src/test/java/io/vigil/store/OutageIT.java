package io.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vigil.analytics.Zone;
import io.vigil.config.CameraConfig;
import io.vigil.config.CameraType;
import io.vigil.config.Credentials;
import io.vigil.config.StreamSource;
import io.vigil.ingest.CameraManager;
import io.vigil.ingest.CameraState;
import io.vigil.ingest.CameraStatus;
import io.vigil.ingest.IngestOptions;
import io.vigil.ingest.testing.TestMedia;
import io.vigil.ingest.testing.TestRtspServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops a real PostgreSQL server for a minute (property {@code vigil.outage.seconds}) while alerts,
 * occupancy samples and camera status changes keep coming, then starts it again on the same data
 * and port. The server is a throw-away cluster of the test's own. And kills the embedded server's
 * postmaster, which Vigil's supervisor must start again by itself.
 */
class OutageIT {
  private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("vigil.outage.seconds", 60));

  @TempDir Path dir;

  @Test
  void everyAlertIsStoredOnceAndInOrderAndProducersNeverWait() throws Exception {
    int port = freePort();
    Path data = dir.resolve("pg");
    EmbeddedPostgres pg = cluster(data, port);
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE vigil");
    }
    String url = "jdbc:postgresql://localhost:" + port + "/vigil";
    StorageOptions options = StorageOptions.builder(dir).database(url, "postgres", null).spoolDir(dir.resolve("spool"))
        .occupancyBuffer(5_000).connectTimeout(Duration.ofSeconds(1)).flushInterval(Duration.ofMillis(100)).build();

    // A real camera beside the synthetic producer: its frames feed the same writer, as the analysis
    // pipeline does, and it must ride through the outage without a reconnect.
    Path clip = Path.of(System.getProperty("vigil.shared", "../shared"), "data/sample-clips/one-by-one-person-detection.mp4");
    Vertx vertx = Vertx.vertx();
    CameraManager cameras = null;
    AtomicLong cameraSamples = new AtomicLong();
    CameraStatus cameraAfter = null;
    OutageProducer producer;
    long alertsBeforeOutage;
    long alertsDuringOutage;
    WriterStats duringOutage;
    try (Storage storage = Storage.start(options)) {
      producer = new OutageProducer(storage.writer());
      producer.start();
      if (Files.isRegularFile(clip)) {
        StorageWriter writer = storage.writer();
        cameras = new CameraManager(vertx, (id, bgr, ts) -> {
          writer.offer(new OccupancySample(Instant.ofEpochMilli(ts), id, "frame", bgr.width() > 0 ? 1 : 0, 1));
          cameraSamples.incrementAndGet();
        }, IngestOptions.defaults());
        cameras.start(new CameraConfig("ward", "Ward", "site", CameraType.QUARANTINE_SITE, null,
            new StreamSource.Replay(clip, true), null, 1, List.of(Zone.wholeFrame("frame")), true, null))
            .await(30, TimeUnit.SECONDS);
      }
      Thread.sleep(5_000);
      CameraStatus cameraBefore = cameras == null ? null : cameras.registry().get("ward").orElseThrow();

      pg.close();
      long downAt = System.nanoTime();
      alertsBeforeOutage = producer.alerts.size();
      Await.until("the writer to notice the outage", Duration.ofSeconds(20), () -> !storage.writer().stats().databaseUp());
      LockSupport.parkNanos(OUTAGE.toNanos() - (System.nanoTime() - downAt));
      alertsDuringOutage = producer.alerts.size() - alertsBeforeOutage;
      duringOutage = storage.writer().stats();
      pg = cluster(data, port);

      Thread.sleep(5_000);
      producer.stop();
      if (cameras != null) {
        cameraAfter = cameras.registry().get("ward").orElseThrow();
        cameras.close().await(30, TimeUnit.SECONDS);
        cameras = null;
      }
      Await.until("everything produced to be accounted for", Duration.ofSeconds(60), () -> {
        WriterStats s = storage.writer().stats();
        return s.alertsPending() == 0
            && s.occupancyStored() + s.occupancyDropped() + s.occupancyRejected() == s.occupancyOffered();
      });
      WriterStats end = storage.writer().stats();
      assertTrue(end.databaseUp());
      if (cameraAfter != null) {
        assertEquals(CameraState.ONLINE, cameraBefore.state());
        assertEquals(CameraState.ONLINE, cameraAfter.state(), "the camera is still online after the outage");
        assertEquals(cameraBefore.reconnects(), cameraAfter.reconnects(), "the outage restarted no camera");
        assertEquals(cameraBefore.since(), cameraAfter.since(), "the camera never left the online state");
      }
      assertEquals(0, end.alertsRejected());
      assertEquals(0, end.occupancyRejected());
      assertEquals(0, end.ignoredInputs());
      assertEquals(0, Files.size(dir.resolve("spool").resolve("alerts.jsonl")), "spool emptied once all is stored");

      // Occupancy: the buffer kept the newest samples, and every sample is either stored or counted as dropped.
      try (Connection c = pg.getDatabase("postgres", "vigil").getConnection(); Statement st = c.createStatement()) {
        long rows = count(st, "SELECT count(*) FROM occupancy");
        assertEquals(producer.samples.get() + cameraSamples.get(), rows + end.occupancyDropped());
        assertTrue(end.occupancyDropped() > 0, "an outage longer than the buffer drops samples");
        assertEquals(producer.statusChanges.get(), count(st, "SELECT count(*) FROM camera_status"),
            "status changes fit in their buffer and are all stored");

        assertEveryAlertStoredOnceInOrder(st, producer.alerts);
      }
    } finally {
      if (cameras != null) cameras.close().await(30, TimeUnit.SECONDS);
      vertx.close().await(30, TimeUnit.SECONDS);
      pg.close();
    }

    // The outage filled the spool, not the producers' threads.
    assertTrue(duringOutage.alertsPending() > 0, "alerts waited in the spool during the outage");
    assertFalse(duringOutage.databaseUp());
    assertNull(producer.failure.get(), "a producer call threw");
    double expected = OUTAGE.toNanos() / (double) OutageProducer.TICK_NANOS / 2;
    System.out.printf("Outage %s: %d alerts produced before, %d during (paced for %.0f), %d samples, %d dropped; "
            + "slowest producer call %.3f ms%n", OUTAGE, alertsBeforeOutage, alertsDuringOutage, expected,
        producer.samples.get(), duringOutage.occupancyDropped(), producer.slowestCallNanos.get() / 1e6);
    // Generous bounds: they only tell a producer that kept its pace from one that waited on the
    // database, whose connection timeout is a full second.
    assertTrue(alertsDuringOutage > 0.8 * expected, "producer fell behind during the outage: " + alertsDuringOutage);
    assertTrue(producer.slowestCallNanos.get() < TimeUnit.MILLISECONDS.toNanos(500),
        "a producer call waited " + producer.slowestCallNanos.get() / 1e6 + " ms");
  }

  /**
   * The embedded server's postmaster is killed (SIGKILL, as the kernel's out-of-memory killer does it)
   * while a real RTSP camera's frames and the synthetic producer's alerts, samples and status changes
   * come in. Vigil's supervisor must have it back within 30 s, and afterwards every one of them, those
   * of the outage included, is in the database once.
   */
  @Test
  void aKilledEmbeddedServerIsRestartedAndNothingOfTheOutageIsLost() throws Exception {
    StorageOptions options = StorageOptions.builder(dir).flushInterval(Duration.ofMillis(100)).build();
    Path h264 = TestMedia.shared("sample-clips/one-by-one-person-detection.mp4");
    Vertx vertx = Vertx.vertx();
    CameraManager cameras = null;
    OutageProducer producer = null;
    AtomicLong cameraSamples = new AtomicLong();
    Queue<Long> cameraTimes = new ConcurrentLinkedQueue<>();
    try (TestRtspServer server = new TestRtspServer().h264("cam", h264).start();
        Storage storage = Storage.start(options)) {
      StorageWriter writer = storage.writer();
      cameras = new CameraManager(vertx, (id, bgr, ts) -> {
        writer.offer(new OccupancySample(Instant.ofEpochMilli(ts), id, "frame", bgr.width() > 0 ? 1 : 0, 1));
        cameraSamples.incrementAndGet();
        cameraTimes.add(ts);
      }, IngestOptions.defaults());
      cameras.start(new CameraConfig("gate", "Gate", "site", CameraType.CHECKPOINT, null,
          new StreamSource.Rtsp(server.uri("cam"), Credentials.none()), null, 5, List.of(Zone.wholeFrame("frame")),
          true, null)).await(30, TimeUnit.SECONDS);
      producer = new OutageProducer(writer);
      producer.start();
      Await.until("the camera to deliver frames", Duration.ofSeconds(30), () -> cameraSamples.get() > 0);
      Thread.sleep(2_000);
      CameraStatus cameraBefore = cameras.registry().get("gate").orElseThrow();

      long pid = Long.parseLong(Files.readAllLines(options.embeddedDataDir().resolve("postmaster.pid")).get(0).trim());
      assertEquals(pid, storage.embeddedPostmasterPid());
      ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
      long killed = System.nanoTime();
      Instant killedAt = Instant.now();
      assertTrue(postmaster.destroyForcibly(), "SIGKILL sent to the postmaster");
      Await.until("the supervisor to see the server gone", Duration.ofSeconds(10), () -> !storage.health().up());
      Await.until("the supervisor to have the server back within 30 s of the kill",
          Duration.ofSeconds(30).minusNanos(System.nanoTime() - killed), () -> storage.health().up());
      Instant backAt = Instant.now();
      assertEquals(1, storage.health().restarts());
      assertTrue(storage.embeddedPostmasterPid() != pid, "a new postmaster");

      Thread.sleep(2_000);
      producer.stop();
      OutageProducer stopped = producer;
      producer = null;
      CameraStatus cameraAfter = cameras.registry().get("gate").orElseThrow();
      cameras.close().await(30, TimeUnit.SECONDS);
      cameras = null;
      Await.until("everything produced to be stored", Duration.ofSeconds(60), () -> {
        WriterStats s = writer.stats();
        return s.alertsPending() == 0 && s.statusPending() == 0
            && s.occupancyStored() + s.occupancyDropped() + s.occupancyRejected() == s.occupancyOffered();
      });
      WriterStats end = writer.stats();
      assertEquals(0, end.occupancyDropped(), "a short outage fits in the sample buffer");
      assertEquals(0, end.occupancyRejected() + end.alertsRejected() + end.statusRejected() + end.ignoredInputs());
      assertEquals(CameraState.ONLINE, cameraAfter.state(), "the camera was analysed throughout");
      assertEquals(cameraBefore.reconnects(), cameraAfter.reconnects(), "the outage restarted no camera");
      assertNull(stopped.failure.get(), "a producer call threw");

      try (Connection c = storage.dataSource().getConnection(); Statement st = c.createStatement()) {
        assertEquals(stopped.samples.get() + cameraSamples.get(), count(st, "SELECT count(*) FROM occupancy"),
            "every sample is stored once");
        String window = " AND time >= '" + killedAt + "' AND time < '" + backAt + "'";
        // The restart takes a fraction of a second, in which the camera (about a frame a second) may give none.
        long cameraInWindow = cameraTimes.stream()
            .filter(t -> !Instant.ofEpochMilli(t).isBefore(killedAt) && Instant.ofEpochMilli(t).isBefore(backAt)).count();
        assertEquals(cameraInWindow, count(st, "SELECT count(*) FROM occupancy WHERE camera_id = 'gate'" + window),
            "the camera's samples of the outage are stored");
        assertTrue(count(st, "SELECT count(*) FROM occupancy WHERE camera_id = 'cam-1'" + window) > 0,
            "the producer's samples of the outage are stored");
        assertTrue(count(st, "SELECT count(*) FROM alerts WHERE camera_id = 'cam-1'" + window) > 0,
            "the alerts of the outage are stored");
        assertEquals(stopped.statusChanges.get(), count(st, "SELECT count(*) FROM camera_status"),
            "every status change is stored once");
        assertEveryAlertStoredOnceInOrder(st, stopped.alerts);
      }
      assertEquals(0, Files.size(options.spoolDir().resolve(Spool.ALERTS.file())));
      assertEquals(0, Files.size(options.spoolDir().resolve(Spool.STATUS.file())));
    } finally {
      if (producer != null) producer.stop();
      if (cameras != null) cameras.close().await(30, TimeUnit.SECONDS);
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /**
   * A killed server that cannot be started again (here: a process of the test's own keeps working in
   * its data directory, as a backend of the dead server that never exits would) is tried
   * {@link DatabaseSupervisor#MAX_TRIES} times with a growing backoff, then given up on: the health
   * says failed, and Vigil keeps taking alerts, status changes and samples into its spool files, which
   * the next start (a person restarting Vigil) stores.
   */
  @Test
  void aServerThatCannotBeRestartedIsGivenUpOnAfterTheLastTry() throws Exception {
    StorageOptions options = StorageOptions.builder(dir).build();
    Process squatter = null;
    Alert during;
    try {
      try (Storage storage = Storage.start(options)) {
        squatter = new ProcessBuilder("sleep", "300").directory(options.embeddedDataDir().toFile()).start();
        long pid = storage.embeddedPostmasterPid();
        assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly(), "SIGKILL sent to the postmaster");
        Await.until("the supervisor to see the server gone", Duration.ofSeconds(10), () -> !storage.health().up());
        during = Alert.raise(Instant.now(), "cam-1", "gate", "over_capacity", Severity.WARNING, 41, 40, null);
        storage.writer().append(during);
        storage.writer().append(new CameraStatusChange(Instant.now(), "cam-1", "stalled", null));
        Instant t0 = Instant.now();
        for (int i = 0; i < 100; i++) {
          storage.writer().offer(new OccupancySample(t0.plusMillis(i), "cam-1", "gate", i % 7, i % 7));
        }
        // 1 + 2 + 4 + 8 + 16 s between the six tries.
        Await.until("the supervisor to give up", Duration.ofSeconds(90),
            () -> storage.health().state() == DatabaseHealth.State.FAILED);
        assertEquals(0, storage.health().restarts());
        assertTrue(storage.health().reason().contains("could not be restarted"), storage.health().reason());
        assertEquals(1, storage.writer().stats().alertsPending(), "the alert waits in the spool");
        Thread.sleep(2 * DatabaseSupervisor.CHECK_INTERVAL.toMillis());
        assertEquals(DatabaseHealth.State.FAILED, storage.health().state(), "no more tries");
        Await.until("the samples to be spilled to disk", Duration.ofSeconds(10),
            () -> Files.size(options.spoolDir().resolve(Spool.OCCUPANCY.file())) > 0);
      }
      squatter.destroyForcibly().waitFor();
      try (Storage again = Storage.start(options)) {
        Await.until("what waited on disk to be stored", Duration.ofSeconds(30), () -> {
          WriterStats s = again.writer().stats();
          return s.alertsPending() == 0 && s.statusPending() == 0 && s.occupancyBuffered() == 0;
        });
        try (Connection c = again.dataSource().getConnection(); Statement st = c.createStatement()) {
          assertEquals(1, count(st, "SELECT count(*) FROM alerts WHERE id = '" + during.id() + "'"));
          assertEquals(1, count(st, "SELECT count(*) FROM camera_status WHERE status = 'stalled'"));
          assertEquals(100, count(st, "SELECT count(*) FROM occupancy WHERE camera_id = 'cam-1'"));
        }
      }
    } finally {
      if (squatter != null) squatter.destroyForcibly().waitFor();
    }
  }

  /** Each alert produced is stored exactly once, and in the order produced (by commit order). */
  private static void assertEveryAlertStoredOnceInOrder(Statement st, List<UUID> alerts) throws Exception {
    Map<UUID, Long> commitOrder = new HashMap<>();
    try (ResultSet rs = st.executeQuery("SELECT id, xmin::text::bigint FROM alerts")) {
      while (rs.next()) assertNull(commitOrder.put(rs.getObject(1, UUID.class), rs.getLong(2)), "duplicate alert");
    }
    List<UUID> produced = new ArrayList<>(alerts);
    assertEquals(produced.size(), commitOrder.size());
    long previous = 0;
    for (UUID id : produced) {
      Long tx = commitOrder.get(id);
      assertTrue(tx != null, "alert " + id + " not stored");
      assertTrue(tx >= previous, "alert " + id + " stored before one produced earlier");
      previous = tx;
    }
  }

  private static long count(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static EmbeddedPostgres cluster(Path data, int port) throws IOException {
    return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
        .setServerConfig("synchronous_commit", "on").start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
