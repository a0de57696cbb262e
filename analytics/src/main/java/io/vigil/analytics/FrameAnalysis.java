package io.vigil.analytics;

import java.util.List;
import java.util.Map;

/**
 * Everything the analyzer concluded from one frame.
 *
 * @param objects      confirmed tracks, people and vehicles
 * @param zones        one entry per configured zone, in configuration order
 * @param events       crowd rule transitions that happened on this frame
 * @param detectorPass what the detector looked at on this frame ({@link DetectorPass#NONE}: tracks were predicted)
 * @param timings      cost per stage; every stage is present
 */
public record FrameAnalysis(
    long timestampMillis,
    int width,
    int height,
    List<TrackedObject> objects,
    List<ZoneCount> zones,
    List<CrowdEvent> events,
    DetectorPass detectorPass,
    Map<Stage, Stage.Timing> timings) {

  public FrameAnalysis {
    if (detectorPass == null) {
      throw new IllegalArgumentException("detectorPass must be set (NONE when the detector did not run)");
    }
    objects = List.copyOf(objects);
    zones = List.copyOf(zones);
    events = List.copyOf(events);
    timings = Map.copyOf(timings);
  }

  /** Whether this frame got a detector pass (otherwise tracks were predicted). */
  public boolean detectorRan() {
    return detectorPass != DetectorPass.NONE;
  }

  /** People tracked on the frame, in or out of any zone. */
  public long people() {
    return objects.stream().filter(o -> o.objectClass() == ObjectClass.PERSON).count();
  }

  /** Summed CPU nanoseconds of all stages. */
  public long cpuNanos() {
    return timings.values().stream().mapToLong(Stage.Timing::cpuNanos).sum();
  }
}
