package io.vigil.analytics;

import io.vigil.analytics.CrowdEvent.Kind;
import io.vigil.analytics.CrowdEvent.Phase;
import java.util.List;

/**
 * Gathering state of one zone. People closer than the rule's distance are linked; the largest
 * linked group is the gathering. Distances come from the boxes themselves: the pixels per metre
 * at a pair of people are their mean box height divided by an assumed person height, which holds
 * well enough on a ground plane without calibration. The alarm starts after the group has stood
 * for the hold and ends after it has been too small for the hold as well, so that someone briefly
 * hidden behind another does not end and restart it.
 */
final class GatheringMonitor {
  private final String zoneId;
  private final GatheringRule rule;
  private final double personHeightMetres;
  private Long metSince;
  private Long unmetSince;
  private boolean active;
  private int reported;

  public GatheringMonitor(String zoneId, GatheringRule rule, double personHeightMetres) {
    this.zoneId = zoneId;
    this.rule = rule;
    this.personHeightMetres = personHeightMetres;
  }

  /** @param people boxes (pixels) of the people in the zone */
  public List<CrowdEvent> update(List<Box> people, long timestampMillis) {
    int group = largestGroup(people, rule.distanceMetres(), personHeightMetres);
    long hold = rule.hold().toMillis();
    boolean met = group >= rule.minPeople();
    if (!active) {
      if (!met) {
        metSince = null;
        return List.of();
      }
      if (metSince == null) {
        metSince = timestampMillis;
      }
      if (timestampMillis - metSince < hold) {
        return List.of();
      }
      active = true;
      unmetSince = null;
      reported = group;
      return List.of(event(Phase.STARTED, group, timestampMillis));
    }
    if (!met) {
      if (unmetSince == null) {
        unmetSince = timestampMillis;
      }
      if (timestampMillis - unmetSince >= hold) {
        active = false;
        metSince = null;
        return List.of(event(Phase.ENDED, group, timestampMillis));
      }
      return List.of();
    }
    unmetSince = null;
    if (group != reported) {
      reported = group;
      return List.of(event(Phase.UPDATED, group, timestampMillis));
    }
    return List.of();
  }

  /** Size of the largest group linked by pairwise distances within {@code metres}. */
  public static int largestGroup(List<Box> people, double metres, double personHeightMetres) {
    int n = people.size();
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (int i = 0; i < n; i++) {
      Box a = people.get(i);
      for (int j = i + 1; j < n; j++) {
        Box b = people.get(j);
        double pixelsPerMetre = (a.height() + b.height()) / 2 / personHeightMetres;
        double dist = Math.hypot(a.centreX() - b.centreX(), a.bottom() - b.bottom()) / pixelsPerMetre;
        if (dist <= metres) {
          parent[find(parent, i)] = find(parent, j);
        }
      }
    }
    int[] size = new int[n];
    int best = 0;
    for (int i = 0; i < n; i++) {
      best = Math.max(best, ++size[find(parent, i)]);
    }
    return best;
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private CrowdEvent event(Phase phase, int group, long timestampMillis) {
    return new CrowdEvent(Kind.GATHERING, zoneId, phase, group, rule.minPeople(), timestampMillis, null);
  }
}
