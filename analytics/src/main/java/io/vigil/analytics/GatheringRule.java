package io.vigil.analytics;

import java.time.Duration;

/**
 * Raise an event when at least {@code minPeople} stand within {@code distanceMetres} of one another
 * (a connected group) for at least {@code hold}. Distances are estimated from the people's own box
 * heights, so no per-camera calibration is needed.
 */
public record GatheringRule(int minPeople, double distanceMetres, Duration hold) {
  public GatheringRule {
    if (minPeople < 2) throw new IllegalArgumentException("a gathering needs at least 2 people");
    if (!(distanceMetres > 0)) throw new IllegalArgumentException("distance must be > 0");
    if (hold.isNegative()) throw new IllegalArgumentException("hold must be >= 0");
  }
}
