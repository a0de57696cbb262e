package io.vigil.alerts;

import io.vigil.analytics.CrowdEvent;
import io.vigil.analytics.Zone;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The words and times of a breach that Vigil writes itself: the note with which it closes an alert
 * whose condition cleared, and how far before its report a crowd breach began. Stateless; any thread.
 */
final class ClosingNote {
  private ClosingNote() {}

  /** "Cleared for 30s; peak 12 against 10, lasted 1m5s": the note Vigil adds when it closes an alert. */
  static String text(Duration clearAfter, boolean higherIsWorse, double peak, double threshold, Duration lasted) {
    return "Cleared for " + human(clearAfter) + "; " + (higherIsWorse ? "peak " : "lowest ") + number(peak)
        + " against " + number(threshold) + ", lasted " + human(lasted);
  }

  /** How long the zone's rule held before it reported the breach: the breach is dated from its start. */
  static Duration hold(List<Zone> zones, CrowdEvent e) {
    for (Zone z : zones) {
      if (!z.id().equals(e.zoneId())) continue;
      if (e.kind() == CrowdEvent.Kind.OVER_CAPACITY && z.occupancy() != null) return z.occupancy().hold();
      if (e.kind() == CrowdEvent.Kind.GATHERING && z.gathering() != null) return z.gathering().hold();
    }
    return Duration.ZERO;
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 60) return s + "s";
    if (s < 3600) return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
    return (s / 3600) + "h" + ((s % 3600) / 60 == 0 ? "" : ((s % 3600) / 60) + "m");
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }
}
