package io.vigil.store;

import io.vigil.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage benchmark, not a test: it asserts nothing and runs only when named:
 *
 * <pre>mvn -o -q -B -pl web -am verify -Dit.test=StorageBench -Dtest=none \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 *
 * Measures, through Vigil's writer into a fresh database on the machine's PostgreSQL ({@code
 * vigil.test.pg}): sustained occupancy ingest, and the time from an alert being appended to its
 * commit, with the database idle and while it ingests samples. Results go to stdout and {@code
 * web/target/storage-bench.txt}. Durations: {@code vigil.bench.seconds} (default 30).
 */
class StorageBench {
  private static final int SECONDS = Integer.getInteger("vigil.bench.seconds", 30);
  private static final int CAMERAS = 50;
  private static final int ZONES = 4;
  @TempDir Path dir;

  @Test
  void run() throws Exception {
    StringBuilder report = new StringBuilder();
    try (TestPostgres db = TestPostgres.create();
        Storage s = Storage.start(StorageOptions.builder(dir).database(db.url, TestPostgres.USER, null)
            .spoolDir(dir.resolve("spool")).build())) {
      line(report, "PostgreSQL: %s; writer: batch %d, flush interval %s, buffer %d", serverVersion(s),
          StorageOptions.builder(dir).build().batchSize(), StorageOptions.builder(dir).build().flushInterval(),
          StorageOptions.builder(dir).build().occupancyBuffer());

      Feeder flat = new Feeder(s.writer(), 0);
      flat.start();
      Thread.sleep(5_000); // warm-up: JIT, connection pool, first chunk of the table
      long stored0 = s.writer().stats().occupancyStored();
      long dropped0 = s.writer().stats().occupancyDropped();
      long t0 = System.nanoTime();
      Thread.sleep(SECONDS * 1000L);
      long stored1 = s.writer().stats().occupancyStored();
      long t1 = System.nanoTime();
      double rate = (stored1 - stored0) / ((t1 - t0) / 1e9);
      double[] underMaxLoad = alertLatencies(s, SECONDS * 25);
      flat.stop();
      line(report, "Occupancy ingest, saturated: %,.0f rows/s sustained over %d s (%,d rows, %d dropped)", rate,
          SECONDS, stored1 - stored0, s.writer().stats().occupancyDropped() - dropped0);

      awaitIdle(s);
      double[] idle = alertLatencies(s, SECONDS * 25);
      Feeder paced = new Feeder(s.writer(), 2_000);
      paced.start();
      Thread.sleep(2_000);
      double[] underLoad = alertLatencies(s, SECONDS * 25);
      paced.stop();
      line(report, "Alert raised -> committed, no other writes:        %s", summary(idle));
      line(report, "Alert raised -> committed, 2,000 samples/s ingest: %s", summary(underLoad));
      line(report, "Alert raised -> committed, saturated ingest:       %s", summary(underMaxLoad));
      line(report, "Table size after the run: %s", db.count("SELECT count(*) FROM occupancy") + " occupancy rows");
    }
    Files.writeString(Path.of(System.getProperty("vigil.root", "."), "web", "target", "storage-bench.txt"),
        report.toString());
  }

  private static void line(StringBuilder report, String format, Object... args) {
    String l = String.format(Locale.ROOT, format, args);
    System.out.println("BENCH " + l);
    report.append(l).append('\n');
  }

  private static String serverVersion(Storage s) throws Exception {
    try (var c = s.dataSource().getConnection(); var st = c.createStatement(); var rs = st.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void awaitIdle(Storage s) throws Exception {
    Await.until("writer idle", Duration.ofMinutes(2), () -> {
      WriterStats st = s.writer().stats();
      return st.occupancyStored() + st.occupancyDropped() + st.occupancyRejected() == st.occupancyOffered();
    });
  }

  /** One alert at a time, 40 ms apart: milliseconds from append() until the writer counts it stored. */
  private static double[] alertLatencies(Storage s, int n) {
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long before = s.writer().stats().alertsStored();
      Alert a = Alert.raise(Instant.now(), "cam-bench", "gate", "over_capacity", Severity.WARNING, 11, 10, null);
      long t0 = System.nanoTime();
      s.writer().append(a);
      while (s.writer().stats().alertsStored() == before) Thread.onSpinWait();
      ms[i] = (System.nanoTime() - t0) / 1e6;
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(40));
    }
    return ms;
  }

  private static String summary(double[] ms) {
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    return String.format(Locale.ROOT, "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (%d alerts)",
        pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted[sorted.length - 1], sorted.length);
  }

  private static double pct(double[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  /**
   * Samples for 50 cameras of 4 zones, either paced ({@code perSecond}) or as fast as the writer
   * keeps up (0): then it only waits while the buffer is more than half full, so nothing is dropped.
   */
  private static final class Feeder {
    private final StorageWriter writer;
    private final int perSecond;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    Feeder(StorageWriter writer, int perSecond) {
      this.writer = writer;
      this.perSecond = perSecond;
      this.thread = new Thread(this::run, "bench-feeder");
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
    }

    private void run() {
      Instant base = Instant.now().minus(Duration.ofDays(1)).plusNanos(System.nanoTime() % 1000 * 1000);
      long tick = 0;
      long next = System.nanoTime();
      while (running.get()) {
        Instant t = base.plusMillis(tick);
        for (int c = 0; c < CAMERAS; c++) {
          for (int z = 0; z < ZONES; z++) writer.offer(new OccupancySample(t, "cam-" + c, "zone-" + z, (int) (tick % 60), tick % 60));
        }
        tick++;
        if (perSecond > 0) {
          next += TimeUnit.SECONDS.toNanos(1) * CAMERAS * ZONES / perSecond;
          LockSupport.parkNanos(next - System.nanoTime());
        } else {
          while (running.get() && writer.stats().occupancyBuffered() > 100_000) LockSupport.parkNanos(200_000);
        }
      }
    }
  }
}
