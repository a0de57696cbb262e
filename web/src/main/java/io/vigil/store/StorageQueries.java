package io.vigil.store;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Reads and user actions for the web module. Each call runs on Vigil's storage worker pool, never
 * on an event loop, and completes on the caller's context. Invalid arguments fail the future with
 * {@link IllegalArgumentException}; a database that is away fails it with {@link java.sql.SQLException}.
 */
public interface StorageQueries {

  Future<Page<Alert>> alerts(AlertQuery query);

  /** Fails with {@link java.util.NoSuchElementException} when no such alert is stored. */
  Future<Alert> alert(UUID id);

  /**
   * Marks an open alert acknowledged. An alert that is already acknowledged or resolved is returned
   * unchanged.
   */
  Future<Alert> acknowledge(UUID id, String by, String note);

  /** Marks an alert resolved; one already resolved is returned unchanged. */
  Future<Alert> resolve(UUID id, String by, String note);

  Future<List<OccupancyPoint>> occupancy(OccupancyQuery query);

  /** The latest sample of each camera and zone, among those not older than {@code maxAge}. */
  Future<List<OccupancySample>> currentCounts(Duration maxAge);

  /** Status changes of one camera in {@code [from, to)}, newest first, at most {@code limit}. */
  Future<List<CameraStatusChange>> cameraStatus(String cameraId, Instant from, Instant to, int limit);

  /** Adds the camera, or replaces the one with the same id (keeping its first registration time). */
  Future<Void> registerCamera(RegisteredCamera camera);

  /** True when a camera was removed. */
  Future<Boolean> removeCamera(String id);

  Future<List<RegisteredCamera>> registeredCameras();
}
