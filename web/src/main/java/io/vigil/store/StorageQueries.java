package io.vigil.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Reads and user actions for the web module. Each call runs on Vigil's storage worker pool, never
 * on an event loop, and completes on the caller's context. Invalid arguments fail the future with
 * {@link IllegalArgumentException}; a database that is away fails it with {@link java.sql.SQLException}.
 *
 * <p>Runs each query on a worker pool sized like the connection pool, so queries never wait for threads.
 */
public final class StorageQueries {
  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final DataSource dataSource;
  private final StoragePath path;
  private final WorkerExecutor executor;
  private final SecretBox secrets;

  StorageQueries(Vertx vertx, DataSource dataSource, StoragePath path, int threads, SecretBox secrets) {
    this.secrets = secrets;
    this.dataSource = dataSource;
    this.path = path;
    this.executor = vertx.createSharedWorkerExecutor("vigil-store-queries", threads);
  }

  void close() {
    executor.close();
  }

  private <T> Future<T> jdbc(Work<T> work) {
    return executor.executeBlocking(() -> {
      try (Connection c = dataSource.getConnection()) {
        return work.run(c);
      }
    }, false);
  }

  /** Arguments are checked on the caller's thread, so bad input fails before any thread hop. */
  private static <T> Future<T> checked(Runnable check, Supplier<Future<T>> then) {
    try {
      check.run();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return then.get();
  }

  public Future<Page<Alert>> alerts(AlertQuery query) {
    return checked(() -> Objects.requireNonNull(query, "query"), () -> jdbc(c -> AlertTable.alerts(c, query)));
  }

  /** Fails with {@link java.util.NoSuchElementException} when no such alert is stored. */
  public Future<Alert> alert(UUID id) {
    return checked(() -> Objects.requireNonNull(id, "id"),
        () -> jdbc(c -> AlertTable.alert(c, id).orElseThrow(() -> new NoSuchElementException("no alert " + id))));
  }

  /**
   * Marks an open alert acknowledged. An alert that is already acknowledged or resolved keeps its state
   * (the note, if any, is added all the same: notes are never lost).
   */
  public Future<Alert> acknowledge(UUID id, String by, String note) {
    Instant now = Instant.now();
    return checked(() -> checkAction(id, by, note), () -> jdbc(c -> AlertTable.acknowledge(c, id, by, note, now)));
  }

  /** Marks an alert resolved; one already resolved keeps its resolution (the note, if any, is added). */
  public Future<Alert> resolve(UUID id, String by, String note) {
    Instant now = Instant.now();
    return checked(() -> checkAction(id, by, note), () -> jdbc(c -> AlertTable.resolve(c, id, by, note, now)));
  }

  /** Adds a note by {@code by}, written now; fails with {@link NoSuchElementException} when there is no such alert. */
  public Future<Alert> note(UUID id, String by, String text) {
    Instant now = Instant.now();
    return checked(() -> {
      checkAction(id, by, text);
      if (text == null || text.isBlank()) throw new IllegalArgumentException("a note needs a text");
    }, () -> jdbc(c -> AlertTable.note(c, id, new AlertNote(now, by, text))));
  }

  private static void checkAction(UUID id, String by, String note) {
    Objects.requireNonNull(id, "id");
    if (by == null || by.isBlank() || by.length() > 200) {
      throw new IllegalArgumentException("who acts on an alert must be named, in at most 200 characters");
    }
    if (note != null && note.length() > AlertNote.MAX_TEXT) throw new IllegalArgumentException("note must be at most " + AlertNote.MAX_TEXT + " characters");
  }

  public Future<List<OccupancyPoint>> occupancy(OccupancyQuery query) {
    return checked(() -> Objects.requireNonNull(query, "query"), () -> jdbc(c -> JdbcStore.occupancy(c, query, path)));
  }

  /** The latest sample of each camera and zone, among those not older than {@code maxAge}. */
  public Future<List<OccupancySample>> currentCounts(Duration maxAge) {
    return checked(() -> {
      if (maxAge == null || maxAge.isNegative() || maxAge.isZero() || maxAge.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("maxAge must be between 0 and 1 day, was " + maxAge);
      }
    }, () -> {
      Instant since = Instant.now().minus(maxAge);
      return jdbc(c -> JdbcStore.currentCounts(c, since));
    });
  }

  /** Status changes of one camera in {@code [from, to)}, newest first, at most {@code limit}. */
  public Future<List<CameraStatusChange>> cameraStatus(String cameraId, Instant from, Instant to, int limit) {
    return checked(() -> {
      Objects.requireNonNull(cameraId, "cameraId");
      if (from == null || to == null || !from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
      if (limit < 1 || limit > 10_000) throw new IllegalArgumentException("limit must be between 1 and 10000");
    }, () -> jdbc(c -> JdbcStore.cameraStatus(c, cameraId, from, to, limit)));
  }

  /** Adds the camera, or replaces the one with the same id (keeping its first registration time). */
  public Future<Void> registerCamera(RegisteredCamera camera) {
    return checked(() -> Objects.requireNonNull(camera, "camera"), () -> jdbc(c -> {
      JdbcStore.registerCamera(c, camera, secrets);
      return null;
    }));
  }

  /** True when a camera was removed. */
  public Future<Boolean> removeCamera(String id) {
    return checked(() -> Objects.requireNonNull(id, "id"), () -> jdbc(c -> JdbcStore.removeCamera(c, id)));
  }

  public Future<List<RegisteredCamera>> registeredCameras() {
    return jdbc(c -> JdbcStore.registeredCameras(c, secrets));
  }
}
