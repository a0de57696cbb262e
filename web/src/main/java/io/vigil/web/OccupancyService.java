package io.vigil.web;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Stored occupancy history for the camera page's charts. Bound by the platform to the store.
 *
 * <p>An interface because the web tests' {@code FixtureServices} and {@code AlertsHarness} fake it; {@code io.vigil.platform.StoreServices} is the real one.
 */
public interface OccupancyService {

  /** One bucket of a series: the most people seen and the mean over its samples. */
  record Bucket(Instant bucket, String zoneId, int maxPeople, double meanPeople) {}

  /** Buckets of {@code bucket} in {@code [from, to)}, one series per zone when {@code zoneId} is null. */
  Future<List<Bucket>> occupancy(String cameraId, String zoneId, Instant from, Instant to, Duration bucket);
}
