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
 * the process: the first start creates the cluster, later starts reuse it.
 */
final class EmbeddedDatabase implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EmbeddedDatabase.class.getName());
  static final String DATABASE = "vigil";
  static final String USER = "postgres";
  /** zonky's own lock file in the data directory; held for as long as a server runs from it. */
  private static final String LOCK_FILE = "epg-lock";

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static EmbeddedDatabase start(Path dataDir, int port, Duration startTimeout) {
    try {
      Files.createDirectories(dataDir);
      ensureNotInUse(dataDir);
      stopOrphan(dataDir);
      boolean fresh = !Files.exists(dataDir.resolve("PG_VERSION"));
      EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .setPGStartupWait(startTimeout)
          // Storage.close() stops it after the writer's last flush; zonky's own hook would race that.
          .setRegisterShutdownHook(false)
          .setServerConfig("listen_addresses", "localhost")
          // zonky turns this off for tests; alerts must survive a crash of the server once committed.
          .setServerConfig("synchronous_commit", "on");
      if (port > 0) b.setPort(port);
      EmbeddedPostgres pg = b.start();
      EmbeddedDatabase db = new EmbeddedDatabase(pg);
      db.createDatabase();
      LOG.log(Level.INFO, "Embedded PostgreSQL " + (fresh ? "created" : "started") + " on 127.0.0.1:"
          + pg.getPort() + ", data in " + dataDir.toAbsolutePath());
      return db;
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("could not start the embedded PostgreSQL in " + dataDir + ": " + e.getMessage(), e);
    }
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
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Stopping the embedded PostgreSQL: " + e.toString());
    }
  }
}
