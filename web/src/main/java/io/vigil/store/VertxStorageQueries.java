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
import javax.sql.DataSource;

/** Runs each query on a worker pool sized like the connection pool, so queries never wait for threads. */
final class VertxStorageQueries implements StorageQueries, AutoCloseable {

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final DataSource dataSource;
  private final StoragePath path;
  private final WorkerExecutor executor;
  private final SecretBox secrets;

  VertxStorageQueries(Vertx vertx, DataSource dataSource, StoragePath path, int threads, SecretBox secrets) {
    this.dataSource = dataSource;
    this.path = path;
    this.secrets = secrets;
    this.executor = vertx.createSharedWorkerExecutor("vigil-store-queries", threads);
  }

  @Override
  public void close() {
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
  private static <T> Future<T> checked(Runnable check, java.util.function.Supplier<Future<T>> then) {
    try {
      check.run();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return then.get();
  }

  @Override
  public Future<Page<Alert>> alerts(AlertQuery query) {
    return checked(() -> Objects.requireNonNull(query, "query"), () -> jdbc(c -> JdbcStore.alerts(c, query)));
  }

  @Override
  public Future<Alert> alert(UUID id) {
    return checked(() -> Objects.requireNonNull(id, "id"),
        () -> jdbc(c -> JdbcStore.alert(c, id).orElseThrow(() -> new NoSuchElementException("no alert " + id))));
  }

  @Override
  public Future<Alert> acknowledge(UUID id, String by, String note) {
    Instant now = Instant.now();
    return checked(() -> checkAction(id, by, note), () -> jdbc(c -> JdbcStore.acknowledge(c, id, by, note, now)));
  }

  @Override
  public Future<Alert> resolve(UUID id, String by, String note) {
    Instant now = Instant.now();
    return checked(() -> checkAction(id, by, note), () -> jdbc(c -> JdbcStore.resolve(c, id, by, note, now)));
  }

  private static void checkAction(UUID id, String by, String note) {
    Objects.requireNonNull(id, "id");
    if (by == null || by.isBlank() || by.length() > 200) {
      throw new IllegalArgumentException("who acts on an alert must be named, in at most 200 characters");
    }
    if (note != null && note.length() > 4000) throw new IllegalArgumentException("note must be at most 4000 characters");
  }

  @Override
  public Future<List<OccupancyPoint>> occupancy(OccupancyQuery query) {
    return checked(() -> Objects.requireNonNull(query, "query"), () -> jdbc(c -> JdbcStore.occupancy(c, query, path)));
  }

  @Override
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

  @Override
  public Future<List<CameraStatusChange>> cameraStatus(String cameraId, Instant from, Instant to, int limit) {
    return checked(() -> {
      Objects.requireNonNull(cameraId, "cameraId");
      if (from == null || to == null || !from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
      if (limit < 1 || limit > 10_000) throw new IllegalArgumentException("limit must be between 1 and 10000");
    }, () -> jdbc(c -> JdbcStore.cameraStatus(c, cameraId, from, to, limit)));
  }

  @Override
  public Future<Void> registerCamera(RegisteredCamera camera) {
    return checked(() -> Objects.requireNonNull(camera, "camera"), () -> jdbc(c -> {
      JdbcStore.registerCamera(c, camera, secrets);
      return null;
    }));
  }

  @Override
  public Future<Boolean> removeCamera(String id) {
    return checked(() -> Objects.requireNonNull(id, "id"), () -> jdbc(c -> JdbcStore.removeCamera(c, id)));
  }

  @Override
  public Future<List<RegisteredCamera>> registeredCameras() {
    return jdbc(c -> JdbcStore.registeredCameras(c, secrets));
  }
}
