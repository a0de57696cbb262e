package io.vigil.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL 15 run by Vigil itself (zonky's binaries), with its data in a directory that outlives
 * the process: the first start creates the cluster, later starts reuse it. {@link DatabaseSupervisor}
 * restarts it, on the same port, when its postmaster dies.
 *
 * <p>Started on the caller's thread, then restarted only by the supervisor's; {@link #restart} and
 * {@link #close} are synchronized against each other.
 */
final class EmbeddedDatabase implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EmbeddedDatabase.class.getName());
  static final String DATABASE = "vigil";
  static final String USER = "postgres";
  /** zonky's own lock file in the data directory; held for as long as a server runs from it. */
  private static final String LOCK_FILE = "epg-lock";

  private final Path dataDir;
  private volatile EmbeddedPostgres postgres;
  private volatile long postmasterPid;
  private boolean closed;

  private EmbeddedDatabase(Path dataDir, EmbeddedPostgres postgres) throws IOException {
    this.dataDir = dataDir;
    this.postgres = postgres;
    this.postmasterPid = readPid(dataDir);
  }

  static EmbeddedDatabase start(Path dataDir, int port, Duration startTimeout) {
    try {
      Files.createDirectories(dataDir);
      ensureNotInUse(dataDir);
      stopOrphan(dataDir);
      boolean fresh = !Files.exists(dataDir.resolve("PG_VERSION"));
      EmbeddedPostgres pg = launch(dataDir, port, startTimeout);
      EmbeddedDatabase db = new EmbeddedDatabase(dataDir, pg);
      db.createDatabase();
      LOG.log(Level.INFO, "Embedded PostgreSQL " + (fresh ? "created" : "started") + " on 127.0.0.1:"
          + pg.getPort() + ", data in " + dataDir.toAbsolutePath());
      return db;
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("could not start the embedded PostgreSQL in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  private static EmbeddedPostgres launch(Path dataDir, int port, Duration startTimeout) throws IOException {
    EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPGStartupWait(startTimeout)
        // Storage.close() stops it after the writer's last flush; zonky's own hook would race that.
        .setRegisterShutdownHook(false)
        .setServerConfig("listen_addresses", "localhost")
        // TCP only. A Unix socket's lock file in /tmp names the postmaster's pid, and a killed one stays a
        // zombie where nothing reaps it (a container's init), which keeps a restart from taking the socket.
        .setServerConfig("unix_socket_directories", "")
        // zonky turns this off for tests; alerts must survive a crash of the server once committed.
        .setServerConfig("synchronous_commit", "on");
    if (port > 0) b.setPort(port);
    return b.start();
  }

  /**
   * Whether the postmaster still runs. A killed one may linger as a zombie until something reaps it,
   * which {@link ProcessHandle#isAlive()} still counts as alive, hence the look at its state in /proc.
   */
  boolean postmasterAlive() {
    return running(postmasterPid);
  }

  private static boolean running(long pid) {
    Optional<ProcessHandle> p = ProcessHandle.of(pid);
    if (p.isEmpty() || !p.get().isAlive()) return false;
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int end = stat.lastIndexOf(')');
      return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
    } catch (IOException e) {
      return true; // no /proc (not Linux): the process handle's word stands
    }
  }

  long postmasterPid() {
    return postmasterPid;
  }

  /**
   * Starts PostgreSQL again on the same data and port after its postmaster died, so that the pool's
   * URL stays right. The server recovers from its write-ahead log, so every committed row is there.
   *
   * @throws IOException when it does not start (backends of the dead server may still hold its shared
   *     memory for a moment); the supervisor tries again later
   */
  synchronized void restart(Duration startTimeout) throws IOException {
    if (closed) throw new IOException("storage is closing");
    long left = leftoverBackends();
    if (left > 0) {
      throw new IOException(left + " processes of the stopped server still run in " + dataDir
          + " and hold its shared memory");
    }
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (Files.exists(pidFile)) {
      long pid = readPid(dataDir);
      if (running(pid)) {
        // A server from an earlier try that did not answer within the timeout: this Vigil started it
        // on its own data, so it is stopped (smart shutdown) and the next try starts afresh.
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        throw new IOException("the server started by an earlier try (pid " + pid + ") did not answer; stopping it");
      }
      // pg_ctl stop would wait for a pid file that names a dead (or zombie) postmaster; without one it
      // returns at once, and zonky's close then releases the directory's lock for the new server.
      Files.delete(pidFile);
    }
    try {
      postgres.close();
    } catch (IOException e) {
      // the server is already gone; only the lock had to be released
    }
    // A try that failed left zonky's lock held by an instance that never finished starting and cannot be
    // closed; a new lock file lets the next instance lock it. No other Vigil can have taken the
    // directory meanwhile: this one's running lock (until just now) kept it out.
    Files.deleteIfExists(dataDir.resolve(LOCK_FILE));
    postgres = launch(dataDir, postgres.getPort(), startTimeout);
    postmasterPid = readPid(dataDir);
  }

  /**
   * Processes still working in the data directory: the backends of a killed postmaster, which notice
   * its death within moments and exit. PostgreSQL runs every process of a cluster with the data
   * directory as its working directory, which is how they are told from other servers' processes.
   */
  private long leftoverBackends() throws IOException {
    Path data = dataDir.toRealPath();
    return ProcessHandle.allProcesses().filter(p -> {
      try {
        return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).equals(data);
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        return false; // gone meanwhile, a zombie, someone else's, or no /proc
      }
    }).count();
  }

  private static long readPid(Path dataDir) throws IOException {
    List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
    if (lines.isEmpty()) throw new IOException("empty postmaster.pid in " + dataDir);
    return Long.parseLong(lines.get(0).trim());
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
  }

  int port() {
    return postgres.getPort();
  }

  private void createDatabase() throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      ps.setString(1, DATABASE);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) return;
      }
      try (Statement st = c.createStatement()) {
        st.execute("CREATE DATABASE " + DATABASE);
      }
    }
  }

  /** Two Vigils on one data directory would corrupt it: refuse while another holds the lock. */
  private static void ensureNotInUse(Path dataDir) throws IOException {
    Path lockFile = dataDir.resolve(LOCK_FILE);
    if (!Files.exists(lockFile)) return;
    try (RandomAccessFile raf = new RandomAccessFile(lockFile.toFile(), "rw");
        FileChannel ch = raf.getChannel()) {
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IOException("the data directory is in use by another running Vigil");
      }
      lock.release();
    }
  }

  /**
   * After Vigil was killed (kill -9, power loss) its postmaster may still run, or its pid file may
   * remain and name a process that is now something else; either stops PostgreSQL from starting.
   * The lock check above proved no live Vigil owns the directory, so a postmaster still running
   * there is an orphan and is shut down.
   */
  private static void stopOrphan(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) return;
    List<String> lines = Files.readAllLines(pidFile);
    Optional<ProcessHandle> proc = Optional.empty();
    try {
      if (!lines.isEmpty()) proc = ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
    } catch (NumberFormatException e) {
      // unreadable pid file: treated as stale below
    }
    boolean postgres = proc.isPresent() && proc.get().info().command().map(cmd -> cmd.endsWith("/postgres")).orElse(false);
    if (!postgres) {
      LOG.log(Level.WARNING, "Removing stale " + pidFile + " left by a PostgreSQL that is no longer running");
      Files.delete(pidFile);
      return;
    }
    ProcessHandle pm = proc.get();
    LOG.log(Level.WARNING, "Stopping PostgreSQL (pid " + pm.pid() + ") left running in " + dataDir
        + " by an earlier Vigil");
    pm.destroy(); // SIGTERM: a smart shutdown, and the dead Vigil's sessions are already gone
    try {
      pm.onExit().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("PostgreSQL (pid " + pm.pid() + ") left by an earlier run did not stop; stop it and retry");
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    try {
      // A server that died and was not restarted: pg_ctl stop would wait for its pid file to go.
      if (!postmasterAlive()) Files.deleteIfExists(dataDir.resolve("postmaster.pid"));
      postgres.close();
      // zonky's own report of a failed stop is silenced (logback.xml): it is a stack trace at every restart.
      if (postmasterAlive()) {
        LOG.log(Level.WARNING, "The embedded PostgreSQL (pid " + postmasterPid + ") did not stop; stop it before "
            + "starting Vigil again");
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Stopping the embedded PostgreSQL: " + e.toString());
    }
  }
}
