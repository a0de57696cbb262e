package io.vigil.analytics;

/**
 * A transition of a crowd rule in one zone. OVER_CAPACITY and GATHERING go STARTED, then UPDATED
 * whenever their value changes, then ENDED; CROSSINGS emits one INTERVAL event per counting interval.
 *
 * @param value     the smoothed count (OVER_CAPACITY), the size of the largest group (GATHERING) or
 *                  the number of people crossing in the interval (CROSSINGS)
 * @param threshold the capacity, the minimum group size, or 0 for CROSSINGS
 * @param crossings the interval's tallies for CROSSINGS, null otherwise
 */
public record CrowdEvent(
    Kind kind, String zoneId, Phase phase, double value, double threshold, long timestampMillis, Crossings crossings) {

  public enum Kind { OVER_CAPACITY, GATHERING, CROSSINGS }

  public enum Phase { STARTED, UPDATED, ENDED, INTERVAL }

  /** Line crossings summed over one interval that ended at the event's timestamp. */
  public record Crossings(long intervalStartMillis, int peopleIn, int peopleOut, int vehiclesIn, int vehiclesOut) {}
}
