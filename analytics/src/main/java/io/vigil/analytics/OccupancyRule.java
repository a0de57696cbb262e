package io.vigil.analytics;

import java.time.Duration;

/**
 * Raise an event when a zone's smoothed count stays above {@code capacity} for at least {@code hold}.
 * It clears only once the count has fallen to {@code capacity - hysteresis} or below, so that a count
 * wobbling around the capacity does not flap.
 */
public record OccupancyRule(int capacity, Duration hold, int hysteresis) {
  public OccupancyRule {
    if (capacity < 0) throw new IllegalArgumentException("capacity must be >= 0");
    if (hold.isNegative()) throw new IllegalArgumentException("hold must be >= 0");
    if (hysteresis < 0) throw new IllegalArgumentException("hysteresis must be >= 0");
  }
}
