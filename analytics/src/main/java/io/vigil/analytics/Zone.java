package io.vigil.analytics;

import java.time.Duration;
import java.util.List;

/**
 * A polygon in normalised image coordinates with the rules that apply to it.
 *
 * @param occupancy        null when the zone has no capacity rule
 * @param gathering        null when the zone has no gathering rule
 * @param line             null when the zone has no counting line
 * @param crossingInterval interval over which line crossings are summed into one event
 */
public record Zone(
    String id,
    List<Point> polygon,
    OccupancyRule occupancy,
    GatheringRule gathering,
    CountingLine line,
    Duration crossingInterval) {

  public Zone {
    polygon = List.copyOf(polygon);
    if (polygon.size() < 3) {
      throw new IllegalArgumentException("zone " + id + " needs at least 3 points, has " + polygon.size());
    }
  }

  /** The whole frame, used when a camera defines no zones. */
  public static Zone wholeFrame(String id) {
    return new Zone(id, List.of(new Point(0, 0), new Point(1, 0), new Point(1, 1), new Point(0, 1)),
        null, null, null, Duration.ofMinutes(1));
  }
}
