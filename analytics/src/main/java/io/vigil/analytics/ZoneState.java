package io.vigil.analytics;

import io.vigil.analytics.CrowdEvent.Crossings;
import io.vigil.analytics.CrowdEvent.Kind;
import io.vigil.analytics.CrowdEvent.Phase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Counts, line crossings and rule state of one zone across frames. */
final class ZoneState {
  private final Zone zone;
  private final double smoothingMillis;
  private final OccupancyMonitor occupancy;
  private final GatheringMonitor gathering;
  private final Map<Long, Point> lastFeet = new HashMap<>();
  private double smoothed = Double.NaN;
  private long lastTimestamp;
  private long peopleIn;
  private long peopleOut;
  private long vehiclesIn;
  private long vehiclesOut;
  private Long intervalStart;
  private final int[] interval = new int[4];

  public ZoneState(Zone zone, long smoothingMillis, double personHeightMetres) {
    this.zone = zone;
    this.smoothingMillis = smoothingMillis;
    this.occupancy = zone.occupancy() == null ? null : new OccupancyMonitor(zone.id(), zone.occupancy());
    this.gathering = zone.gathering() == null ? null
        : new GatheringMonitor(zone.id(), zone.gathering(), personHeightMetres);
  }

  /**
   * @param tracks confirmed tracks in pixels
   * @param events receives the rule transitions of this frame
   */
  public ZoneCount update(List<Tracker.TrackView> tracks, int width, int height, long timestampMillis,
      List<CrowdEvent> events) {
    if (zone.line() != null && zone.crossingInterval() != null) {
      // Close the previous interval first, so that this frame's crossings count in the new one.
      reportInterval(timestampMillis, events);
    }
    List<Box> people = new ArrayList<>();
    Map<Long, Point> seen = new HashMap<>();
    for (Tracker.TrackView t : tracks) {
      Point feet = Geometry.feet(t.box(), width, height);
      if (t.objectClass() == ObjectClass.PERSON && Geometry.contains(zone.polygon(), feet)) {
        people.add(t.box());
      }
      if (zone.line() != null) {
        seen.put(t.id(), feet);
        Point before = lastFeet.get(t.id());
        if (before != null) {
          count(t.objectClass(), Geometry.crossing(zone.line(), before, feet));
        }
      }
    }
    lastFeet.clear();
    lastFeet.putAll(seen);

    int current = people.size();
    if (Double.isNaN(smoothed)) {
      smoothed = current;
    } else {
      double dt = Math.max(0, timestampMillis - lastTimestamp);
      smoothed += (current - smoothed) * (1 - Math.exp(-dt / smoothingMillis));
    }
    lastTimestamp = timestampMillis;

    if (occupancy != null) {
      events.addAll(occupancy.update(smoothed, timestampMillis));
    }
    if (gathering != null) {
      events.addAll(gathering.update(people, timestampMillis));
    }
    return new ZoneCount(zone.id(), current, smoothed, peopleIn, peopleOut, vehiclesIn, vehiclesOut);
  }

  private void count(ObjectClass objectClass, int direction) {
    if (direction == 0) {
      return;
    }
    int slot = (objectClass.isVehicle() ? 2 : 0) + (direction > 0 ? 0 : 1);
    interval[slot]++;
    if (objectClass.isVehicle()) {
      if (direction > 0) vehiclesIn++; else vehiclesOut++;
    } else {
      if (direction > 0) peopleIn++; else peopleOut++;
    }
  }

  private void reportInterval(long timestampMillis, List<CrowdEvent> events) {
    long length = zone.crossingInterval().toMillis();
    if (intervalStart == null) {
      intervalStart = timestampMillis;
      return;
    }
    if (timestampMillis - intervalStart < length) {
      return;
    }
    long end = intervalStart + (timestampMillis - intervalStart) / length * length;
    Crossings c = new Crossings(intervalStart, interval[0], interval[1], interval[2], interval[3]);
    events.add(new CrowdEvent(Kind.CROSSINGS, zone.id(), Phase.INTERVAL, interval[0] + interval[1], 0, end, c));
    intervalStart = end;
    Arrays.fill(interval, 0);
  }
}
