package io.vigil.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.store.SegmentRow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPlanTest {
  private static final Instant NOW = Instant.parse("2026-12-08T00:00:00Z");

  private static SegmentRow seg(String cam, long daysAgo, long bytes) {
    Instant s = NOW.minusSeconds(daysAgo * 86_400 + 10);
    return new SegmentRow(cam, s, s.plusSeconds(10), bytes, cam + daysAgo, 0, null);
  }

  @Test
  void ageFirstThenOldestWhileOverBudget() {
    List<SegmentRow> c = List.of(seg("a", 9, 10), seg("b", 5, 10), seg("a", 4, 10), seg("a", 1, 10));
    // a keeps 7 days, b 3: a's 9-day and b's 5-day segments are expired; 20 bytes left fit the budget of 20.
    assertEquals(List.of(c.get(0), c.get(1)),
        RetentionPlan.choose(c, 40, 20, cam -> cam.equals("a") ? 7 : 3, NOW));
    // A budget of 10 takes the oldest remaining one too.
    assertEquals(List.of(c.get(0), c.get(1), c.get(2)), RetentionPlan.choose(c, 40, 10, cam -> 7 + 0 * cam.length(), NOW));
    // Within budget and age: nothing.
    assertEquals(List.of(), RetentionPlan.choose(c, 40, 100, cam -> 30, NOW));
  }
}
