package io.vigil.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Vigil's time-series storage: a connection pool, the schema, the batching writer and the queries.
 * With no database configured it runs an embedded PostgreSQL whose data survives restarts.
 *
 * <pre>{@code
 * Storage storage = Storage.start(StorageOptions.fromEnvironment(System.getenv(), root));
 * storage.writer().offer(sample);
 * storage.queries(vertx).alerts(AlertQuery.between(from, to)).onSuccess(...);
 * storage.close();
 * }</pre>
 *
 * <p>Any thread; {@link #start(StorageOptions)} and {@link #close()} block.
 */
public final class Storage implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Storage.class.getName());

  private final StorageOptions options;
  private final EmbeddedDatabase embedded;
  private final HikariDataSource pool;
  private final StoragePath path;
  private final StorageWriter writer;
  private final ScheduledExecutorService retention;
  private final SecretBox secrets;
  private final DatabaseSupervisor supervisor;
  private final List<StorageQueries> queries = new ArrayList<>();
  private boolean closed;

  private Storage(StorageOptions options, EmbeddedDatabase embedded, HikariDataSource pool, StoragePath path,
      StorageWriter writer, ScheduledExecutorService retention, SecretBox secrets, DatabaseSupervisor supervisor) {
    this.options = options;
    this.embedded = embedded;
    this.pool = pool;
    this.path = path;
    this.writer = writer;
    this.retention = retention;
    this.secrets = secrets;
    this.supervisor = supervisor;
  }

  /**
   * Starts the embedded server when needed, waits up to {@link StorageOptions#startTimeout()} for the
   * database, migrates the schema, starts the writer and replays alerts left in the spool. Blocks: call
   * it before deploying verticles or from a worker.
   *
   * @throws IllegalStateException with the reason when the database cannot be reached or migrated
   */
  public static Storage start(StorageOptions options) {
    LOG.log(Level.INFO, "Starting storage: " + options);
    EmbeddedDatabase embedded = options.embedded()
        ? EmbeddedDatabase.start(options.embeddedDataDir(), options.embeddedPort(), options.startTimeout())
        : null;
    HikariDataSource pool = null;
    try {
      String url = embedded != null ? embedded.jdbcUrl() : options.jdbcUrl();
      String user = embedded != null ? EmbeddedDatabase.USER : options.user();
      String password = embedded != null ? null : options.password();
      PGSimpleDataSource direct = directSource(url, user, password, options);
      awaitDatabase(direct, options);
      StoragePath path = Schema.migrate(direct, options);
      // Before anything reads a camera: rows from before sealing, or from an unfinished rotation.
      SecretKeys keys = SecretKeys.load(System.getenv(), options.secretKeyFile());
      CameraSecrets.sealAtStart(direct, keys);
      pool = pool(url, user, password, options);
      StorageWriter writer = new StorageWriter(pool, Spool.open(options.spoolDir(), Spool.ALERTS),
          Spool.open(options.spoolDir(), Spool.STATUS), Spool.open(options.spoolDir(), Spool.OCCUPANCY),
          options.batchSize(),
          options.occupancyBuffer(), options.statusBuffer(), options.flushInterval(), options.closeTimeout());
      writer.start();
      ScheduledExecutorService retention = null;
      if (path == StoragePath.POSTGRES) {
        retention = Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "vigil-store-retention");
          t.setDaemon(true);
          return t;
        });
        Retention job = new Retention(pool, options);
        long every = options.retentionCheckInterval().toMillis();
        retention.scheduleWithFixedDelay(() -> job.run(Instant.now()), every, every, TimeUnit.MILLISECONDS);
      }
      DatabaseSupervisor supervisor = new DatabaseSupervisor(embedded, directSource(url, user, password, options));
      supervisor.start();
      return new Storage(options, embedded, pool, path, writer, retention, keys.box(), supervisor);
    } catch (SQLException | IOException | RuntimeException e) {
      if (pool != null) pool.close();
      if (embedded != null) embedded.close();
      throw new IllegalStateException("could not start storage: " + describe(e));
    }
  }

  /** {@link #start(StorageOptions)} on a worker thread of {@code vertx}, for callers on an event loop. */
  public static Future<Storage> start(Vertx vertx, StorageOptions options) {
    return vertx.executeBlocking(() -> start(options), false);
  }

  /** For the schema: no statement timeout, as creating hypertables over existing rows can take long. */
  private static PGSimpleDataSource directSource(String url, String user, String password, StorageOptions o) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url);
    if (user != null) ds.setUser(user);
    if (password != null) ds.setPassword(password);
    ds.setConnectTimeout((int) Math.max(1, o.connectTimeout().toSeconds()));
    ds.setApplicationName("vigil");
    return ds;
  }

  private static void awaitDatabase(DataSource ds, StorageOptions o) {
    long deadline = System.nanoTime() + o.startTimeout().toNanos();
    SQLException last;
    do {
      try {
        ds.getConnection().close();
        return;
      } catch (SQLException e) {
        last = e;
        if (!SqlFailures.isTransient(e)) break; // wrong password, unknown database: waiting will not help
        LOG.log(Level.INFO, "Waiting for the database: " + e.getMessage());
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    } while (System.nanoTime() < deadline);
    throw new IllegalStateException("database not reachable: " + describe(last));
  }

  /**
   * The messages of a failure and its causes, with passwords masked. Stands in for the cause itself,
   * whose messages (Flyway's name the URL) would be logged unmasked with the stack trace.
   */
  private static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (sb.indexOf(m) < 0) sb.append(sb.length() == 0 ? "" : ": ").append(m);
    }
    return StorageOptions.maskPasswords(sb.toString());
  }

  private static HikariDataSource pool(String url, String user, String password, StorageOptions o) {
    HikariConfig c = new HikariConfig();
    c.setPoolName("vigil-store");
    c.setJdbcUrl(url);
    c.setUsername(user);
    c.setPassword(password);
    c.setMaximumPoolSize(o.poolSize());
    c.setMinimumIdle(1);
    c.setConnectionTimeout(o.connectTimeout().toMillis());
    c.setValidationTimeout(Math.min(o.connectTimeout().toMillis(), 1000));
    // Starting must not fail if the database blinks after migrating; the writer copes with outages.
    c.setInitializationFailTimeout(-1);
    // A whole number of milliseconds from validated options, not input: safe to put in SQL.
    c.setConnectionInitSql("SET statement_timeout = " + o.statementTimeout().toMillis());
    c.addDataSourceProperty("ApplicationName", "vigil");
    c.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, o.connectTimeout().toSeconds())));
    // Catches a server that vanished mid-statement without closing the socket.
    c.addDataSourceProperty("socketTimeout", String.valueOf(o.statementTimeout().toSeconds() + 30));
    c.addDataSourceProperty("tcpKeepAlive", "true");
    return new HikariDataSource(c);
  }

  public StoragePath path() {
    return path;
  }

  public StorageWriter writer() {
    return writer;
  }

  /** Queries that run on a worker executor of {@code vertx}; create once and share. */
  public synchronized StorageQueries queries(Vertx vertx) {
    StorageQueries q = new StorageQueries(vertx, pool, path, options.poolSize(), secrets);
    queries.add(q);
    return q;
  }

  /** The pool, for code that needs plain JDBC; never use it on an event loop. */
  public DataSource dataSource() {
    return pool;
  }

  /** Whether the database answers, checked every second; the embedded server is restarted when it dies. */
  public DatabaseHealth health() {
    return supervisor.health();
  }

  /** The embedded server's postmaster, or -1 for an external database. */
  long embeddedPostmasterPid() {
    return embedded == null ? -1 : embedded.postmasterPid();
  }

  /** The embedded server's port, or -1 for an external database. */
  int embeddedPort() {
    return embedded == null ? -1 : embedded.port();
  }

  /**
   * Stops taking input, writes what is buffered (waiting up to {@link StorageOptions#closeTimeout()}),
   * leaves unwritten alerts in the spool for the next start, then stops the pool and the embedded
   * server.
   */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    supervisor.close();
    writer.close();
    if (retention != null) retention.shutdownNow();
    queries.forEach(StorageQueries::close);
    pool.close();
    if (embedded != null) embedded.close();
    LOG.log(Level.INFO, "Storage closed");
  }
}
