package io.vigil.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.analytics.CrowdEvent.Kind;
import io.vigil.analytics.CrowdEvent.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesTest {

  @Test
  void occupancyStartsAfterTheHoldAndEndsOnlyBelowTheHysteresis() {
    OccupancyMonitor m = new OccupancyMonitor("gate", new OccupancyRule(10, Duration.ofSeconds(30), 2));
    assertTrue(m.update(11, 0).isEmpty());
    assertTrue(m.update(12, 29_000).isEmpty());
    List<CrowdEvent> started = m.update(11, 30_000);
    assertEquals(1, started.size());
    assertEquals(Phase.STARTED, started.get(0).phase());
    assertEquals(Kind.OVER_CAPACITY, started.get(0).kind());
    assertEquals(11, started.get(0).value());
    assertEquals(10, started.get(0).threshold());
    // Wobbling around the capacity does not end it...
    assertEquals(Phase.UPDATED, m.update(10, 31_000).get(0).phase());
    assertEquals(Phase.UPDATED, m.update(9, 32_000).get(0).phase());
    assertTrue(m.update(9.2, 33_000).isEmpty());
    // ...falling to capacity - hysteresis does.
    List<CrowdEvent> ended = m.update(8, 34_000);
    assertEquals(Phase.ENDED, ended.get(0).phase());
    assertTrue(m.update(8, 35_000).isEmpty());
  }

  @Test
  void occupancyHoldRestartsWhenTheCountDropsBack() {
    OccupancyMonitor m = new OccupancyMonitor("gate", new OccupancyRule(5, Duration.ofSeconds(10), 0));
    assertTrue(m.update(6, 0).isEmpty());
    assertTrue(m.update(5, 5_000).isEmpty());
    assertTrue(m.update(6, 6_000).isEmpty());
    assertTrue(m.update(6, 15_000).isEmpty());
    assertEquals(Phase.STARTED, m.update(6, 16_000).get(0).phase());
    // A smoothed 5.4 rounds to 5: not over.
    assertEquals(Phase.ENDED, m.update(5.4, 17_000).get(0).phase());
  }

  private static Box standing(double x, double height) {
    return new Box(x, 400 - height, x + height / 3, 400);
  }

  @Test
  void gatheringUsesBoxHeightsAsTheScale() {
    // 170 px tall people: 100 px per metre.
    List<Box> group = List.of(standing(0, 170), standing(120, 170), standing(240, 170));
    assertEquals(3, GatheringMonitor.largestGroup(group, 1.5, 1.7));
    assertEquals(1, GatheringMonitor.largestGroup(group, 1.0, 1.7));
    // The same layout seen from further away (half the size) is twice as far apart in metres.
    List<Box> far = List.of(standing(0, 85), standing(120, 85), standing(240, 85));
    assertEquals(1, GatheringMonitor.largestGroup(far, 1.5, 1.7));
    assertEquals(0, GatheringMonitor.largestGroup(List.of(), 1.5, 1.7));
  }

  @Test
  void gatheringStartsAfterTheHoldAndSurvivesABriefOcclusion() {
    GatheringMonitor m = new GatheringMonitor("square", new GatheringRule(3, 1.5, Duration.ofSeconds(20)), 1.7);
    List<Box> three = List.of(standing(0, 170), standing(120, 170), standing(240, 170));
    List<Box> two = three.subList(0, 2);
    assertTrue(m.update(three, 0).isEmpty());
    assertTrue(m.update(three, 19_000).isEmpty());
    assertEquals(Phase.STARTED, m.update(three, 20_000).get(0).phase());
    assertTrue(m.update(two, 21_000).isEmpty());
    assertTrue(m.update(three, 25_000).isEmpty());
    List<Box> four = new ArrayList<>(three);
    four.add(standing(360, 170));
    CrowdEvent updated = m.update(four, 26_000).get(0);
    assertEquals(Phase.UPDATED, updated.phase());
    assertEquals(4, updated.value());
    assertTrue(m.update(two, 30_000).isEmpty());
    assertEquals(Phase.ENDED, m.update(two, 50_000).get(0).phase());
  }

  @Test
  void zoneCountsPeopleByTheirFeetAndCountsLineCrossingsPerClass() {
    // Bottom half of a 1000x1000 frame, line across it at y=0.7 pointing right: downwards is "in".
    Zone zone = new Zone("checkpoint",
        List.of(new Point(0, 0.5), new Point(1, 0.5), new Point(1, 1), new Point(0, 1)), null, null,
        new CountingLine(new Point(0.1, 0.7), new Point(0.9, 0.7)), Duration.ofSeconds(10));
    ZoneState state = new ZoneState(zone, 3000, 1.7);
    List<CrowdEvent> events = new ArrayList<>();
    ZoneCount last = null;
    for (int s = 0; s <= 12; s++) {
      double y = 500 + 30 * s; // feet walk down from 0.5 to 0.86
      List<Tracker.TrackView> tracks = List.of(
          new Tracker.TrackView(1, ObjectClass.PERSON, new Box(100, y - 170, 160, y), 0.9),
          // A car driving up, and a person above the zone who never enters it.
          new Tracker.TrackView(2, ObjectClass.CAR, new Box(600, 900 - 30 * s - 150, 800, 900 - 30 * s), 0.9),
          new Tracker.TrackView(3, ObjectClass.PERSON, new Box(300, 200, 340, 300), 0.9));
      last = state.update(tracks, 1000, 1000, s * 1000L, events);
    }
    assertEquals(1, last.current());
    assertEquals(1, last.peopleIn());
    assertEquals(0, last.peopleOut());
    assertEquals(0, last.vehiclesIn());
    assertEquals(1, last.vehiclesOut());
    List<CrowdEvent> intervals = events.stream().filter(e -> e.kind() == Kind.CROSSINGS).toList();
    assertEquals(1, intervals.size());
    CrowdEvent.Crossings c = intervals.get(0).crossings();
    assertEquals(0, c.intervalStartMillis());
    assertEquals(10_000, intervals.get(0).timestampMillis());
    assertEquals(1, c.peopleIn());
    assertEquals(1, c.vehiclesOut());
  }

  @Test
  void smoothedCountFollowsWithTheTimeConstant() {
    ZoneState state = new ZoneState(Zone.wholeFrame("frame"), 3000, 1.7);
    List<CrowdEvent> events = new ArrayList<>();
    assertEquals(0, state.update(List.of(), 100, 100, 0, events).smoothed());
    List<Tracker.TrackView> one = List.of(new Tracker.TrackView(1, ObjectClass.PERSON, new Box(10, 10, 20, 40), 0.9));
    ZoneCount c = state.update(one, 100, 100, 3000, events);
    assertEquals(1, c.current());
    assertEquals(1 - Math.exp(-1), c.smoothed(), 1e-9);
  }
}
