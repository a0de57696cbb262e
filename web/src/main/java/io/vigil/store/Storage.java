package io.vigil.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import javax.sql.DataSource;

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
 */
public interface Storage extends AutoCloseable {

  /**
   * Starts the embedded server when needed, waits up to {@link StorageOptions#startTimeout()} for the
   * database, migrates the schema, starts the writer and replays alerts left in the spool. Blocks: call
   * it before deploying verticles or from a worker.
   *
   * @throws IllegalStateException with the reason when the database cannot be reached or migrated
   */
  static Storage start(StorageOptions options) {
    return DefaultStorage.start(options);
  }

  /** {@link #start(StorageOptions)} on a worker thread of {@code vertx}, for callers on an event loop. */
  static Future<Storage> start(Vertx vertx, StorageOptions options) {
    return vertx.executeBlocking(() -> start(options), false);
  }

  StoragePath path();

  StorageWriter writer();

  /** Queries that run on a worker executor of {@code vertx}; create once and share. */
  StorageQueries queries(Vertx vertx);

  /** The pool, for code that needs plain JDBC; never use it on an event loop. */
  DataSource dataSource();

  /**
   * Stops taking input, writes what is buffered (waiting up to {@link StorageOptions#closeTimeout()}),
   * leaves unwritten alerts in the spool for the next start, then stops the pool and the embedded
   * server.
   */
  @Override
  void close();
}
