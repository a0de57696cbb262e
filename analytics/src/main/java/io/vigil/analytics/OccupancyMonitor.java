package io.vigil.analytics;

import io.vigil.analytics.CrowdEvent.Kind;
import io.vigil.analytics.CrowdEvent.Phase;
import java.util.List;

/**
 * Over-capacity state of one zone. The smoothed count is rounded before it is compared, so that
 * 10.2 people in a zone for 10 is not "over"; the alarm starts after the count has stayed over the
 * capacity for the rule's hold and ends only at {@code capacity - hysteresis} or below.
 */
final class OccupancyMonitor {
  private final String zoneId;
  private final OccupancyRule rule;
  private Long overSince;
  private boolean active;
  private long reported;

  public OccupancyMonitor(String zoneId, OccupancyRule rule) {
    this.zoneId = zoneId;
    this.rule = rule;
  }

  public List<CrowdEvent> update(double smoothed, long timestampMillis) {
    long count = Math.round(smoothed);
    if (!active) {
      if (count <= rule.capacity()) {
        overSince = null;
        return List.of();
      }
      if (overSince == null) {
        overSince = timestampMillis;
      }
      if (timestampMillis - overSince < rule.hold().toMillis()) {
        return List.of();
      }
      active = true;
      reported = count;
      return List.of(event(Phase.STARTED, count, timestampMillis));
    }
    if (count <= rule.capacity() - rule.hysteresis()) {
      active = false;
      overSince = null;
      return List.of(event(Phase.ENDED, count, timestampMillis));
    }
    if (count != reported) {
      reported = count;
      return List.of(event(Phase.UPDATED, count, timestampMillis));
    }
    return List.of();
  }

  private CrowdEvent event(Phase phase, long count, long timestampMillis) {
    return new CrowdEvent(Kind.OVER_CAPACITY, zoneId, phase, count, rule.capacity(), timestampMillis, null);
  }
}
