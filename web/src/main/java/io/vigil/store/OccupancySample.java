package io.vigil.store;

import java.time.Instant;
import java.util.Objects;

/**
 * People counted in one zone of one camera at one instant. {@code (time, cameraId, zoneId)} is the
 * sample's identity: storing the same sample twice keeps one row.
 */
public record OccupancySample(Instant time, String cameraId, String zoneId, int people, double smoothedPeople) {
  public OccupancySample {
    Objects.requireNonNull(time, "time");
    Ids.require(cameraId, "cameraId");
    Ids.require(zoneId, "zoneId");
    if (people < 0) throw new IllegalArgumentException("people must be >= 0, was " + people);
    if (!Double.isFinite(smoothedPeople) || smoothedPeople < 0) {
      throw new IllegalArgumentException("smoothedPeople must be a finite number >= 0, was " + smoothedPeople);
    }
  }
}
