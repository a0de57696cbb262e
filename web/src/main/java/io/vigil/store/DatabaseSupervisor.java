package io.vigil.store;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Watches the database once a second and says whether it answers ({@link #health()}). When the
 * embedded server's postmaster dies (killed, out of memory) it starts it again on the same data and
 * port, backing off between tries; after {@link #MAX_TRIES} failed tries in a row it gives up and says
 * so loudly: Vigil keeps analysing and spooling, but a person must look. An external server is only
 * watched: its operator restarts it.
 *
 * <p>Its own thread, {@code vigil-store-supervisor}, does every check and restart; {@link #health()}
 * may be read from any thread.
 */
final class DatabaseSupervisor implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DatabaseSupervisor.class.getName());
  /** How often the database is checked: an outage is noticed within about this long. */
  static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
  /**
   * Tries in a row before giving up. With the backoff below they span about a minute: long enough for
   * the dead server's backends to exit and for crash recovery of a busy cluster, short enough that a
   * server that cannot start (disk full, a broken data directory) is reported within one.
   */
  static final int MAX_TRIES = 6;
  /** The dead server's backends exit within moments of their postmaster; a second covers a loaded machine. */
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  /**
   * How long one try waits for the server to answer. A restart replays the write-ahead log since the
   * last checkpoint (at most 5 minutes of writes with the default settings); after a kill under
   * OutageIT's load it answered within 0.2 s on a busy two-core machine, so a minute leaves room for a
   * big backlog. zonky waits this long even when the server fails at once.
   */
  private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(60);
  /** Answers take milliseconds on loopback; two seconds is a server too busy to count as up. */
  private static final int PROBE_TIMEOUT_SECONDS = 2;

  private final EmbeddedDatabase embedded;
  private final PGSimpleDataSource probeSource;
  private final ScheduledExecutorService thread;
  private volatile DatabaseHealth health = new DatabaseHealth(DatabaseHealth.State.UP, Instant.now(), 0, null);

  // Supervisor thread only.
  private Connection probe;
  private int failedTries;
  private long nextTry;
  private long downSince;
  private int restarts;

  /**
   * @param embedded null for an external server
   * @param probeSource a connection outside the pool, so that a pool exhausted by slow queries is not
   *     taken for a dead server
   */
  DatabaseSupervisor(EmbeddedDatabase embedded, PGSimpleDataSource probeSource) {
    this.embedded = embedded;
    this.probeSource = probeSource;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "vigil-store-supervisor");
      t.setDaemon(true);
      return t;
    });
  }

  void start() {
    long every = CHECK_INTERVAL.toMillis();
    thread.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
  }

  DatabaseHealth health() {
    return health;
  }

  private void check() {
    try {
      if (embedded != null && !embedded.postmasterAlive()) {
        restart();
      } else if (health.state() != DatabaseHealth.State.FAILED || embedded == null) {
        probe();
      }
    } catch (RuntimeException e) {
      // Keeps the schedule going: an exception would cancel every later check.
      LOG.log(Level.ERROR, "Checking the database failed: " + e);
    }
  }

  private void probe() {
    try {
      if (probe == null || !probe.isValid(PROBE_TIMEOUT_SECONDS)) {
        closeProbe();
        probe = probeSource.getConnection();
      }
      if (!health.up()) {
        LOG.log(Level.INFO, "Database answers again after " + secondsDown() + " s");
        health = new DatabaseHealth(DatabaseHealth.State.UP, Instant.now(), restarts, null);
      }
    } catch (SQLException e) {
      closeProbe();
      down("the database does not answer: " + e.getMessage());
    }
  }

  private void restart() {
    if (health.state() == DatabaseHealth.State.FAILED) return;
    if (health.up()) {
      closeProbe();
      down("the embedded PostgreSQL stopped (postmaster pid " + embedded.postmasterPid() + ")");
      nextTry = System.nanoTime();
    }
    if (System.nanoTime() < nextTry) return;
    try {
      embedded.restart(RESTART_TIMEOUT);
      restarts++;
      failedTries = 0;
      LOG.log(Level.WARNING, "Embedded PostgreSQL restarted after " + secondsDown() + " s (postmaster pid "
          + embedded.postmasterPid() + "); the spooled alerts, status changes and buffered samples follow");
      health = new DatabaseHealth(DatabaseHealth.State.DOWN, health.since(), restarts, "restarted, recovering");
      probe();
    } catch (IOException | RuntimeException e) {
      failedTries++;
      if (failedTries >= MAX_TRIES) {
        LOG.log(Level.ERROR, "GIVING UP: the embedded PostgreSQL could not be restarted in " + MAX_TRIES
            + " tries over " + secondsDown() + " s (last: " + e.getMessage() + "). Vigil keeps analysing; alerts and "
            + "camera status changes wait in their spool files, occupancy samples in theirs until it drops "
            + "the oldest. Find the cause in the server's log, then restart Vigil.");
        health = new DatabaseHealth(DatabaseHealth.State.FAILED, Instant.now(), restarts,
            "the embedded PostgreSQL could not be restarted");
        return;
      }
      Duration wait = backoff(failedTries);
      nextTry = System.nanoTime() + wait.toNanos();
      LOG.log(Level.WARNING, "Restarting the embedded PostgreSQL failed (try " + failedTries + " of " + MAX_TRIES
          + ", next in " + wait.toSeconds() + " s): " + e.getMessage());
    }
  }

  /** 1, 2, 4, 8, 16, 30, 30 ... seconds. */
  static Duration backoff(int failedTries) {
    Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(failedTries - 1, 20));
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  private void down(String reason) {
    if (!health.up()) return;
    downSince = System.nanoTime();
    LOG.log(Level.WARNING, "Database down: " + StorageOptions.maskPasswords(reason)
        + "; alerts, camera status changes and occupancy samples go to their spool files");
    health = new DatabaseHealth(DatabaseHealth.State.DOWN, Instant.now(), restarts,
        StorageOptions.maskPasswords(reason));
  }

  private long secondsDown() {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - downSince);
  }

  private void closeProbe() {
    if (probe == null) return;
    try {
      probe.close();
    } catch (SQLException e) {
      // a broken connection: nothing to give back
    }
    probe = null;
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(RESTART_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isTerminated()) closeProbe();
  }
}
