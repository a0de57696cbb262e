package io.vigil.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Occupancy of one camera in {@code [from, to)}, in buckets of {@code bucket} aligned to UTC
 * midnight. A null zone gives one series per zone.
 */
public record OccupancyQuery(String cameraId, String zoneId, Instant from, Instant to, Duration bucket) {
  public static final Duration MIN_BUCKET = Duration.ofSeconds(1);
  public static final Duration MAX_BUCKET = Duration.ofDays(31);
  /** Per zone; more would be more points than any chart can show. */
  public static final long MAX_BUCKETS = 20_000;

  public OccupancyQuery {
    Ids.require(cameraId, "cameraId");
    Ids.optional(zoneId, "zoneId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(bucket, "bucket");
    if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
    if (bucket.compareTo(MIN_BUCKET) < 0 || bucket.compareTo(MAX_BUCKET) > 0 || bucket.getNano() != 0) {
      throw new IllegalArgumentException("bucket must be whole seconds between " + MIN_BUCKET + " and " + MAX_BUCKET
          + ", was " + bucket);
    }
    long buckets = Duration.between(from, to).getSeconds() / bucket.getSeconds();
    if (buckets > MAX_BUCKETS) {
      throw new IllegalArgumentException("range over bucket gives " + buckets + " buckets, at most " + MAX_BUCKETS
          + " are allowed: choose a larger bucket or a shorter range");
    }
  }
}
