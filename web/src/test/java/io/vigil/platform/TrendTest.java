package io.vigil.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrendTest {
  private record P(double t, double v) {}

  @Test
  void aSteadyLeakIsMeasuredPerHourThroughNoise() {
    Random random = new Random(7);
    List<P> points = new ArrayList<>();
    // 1 MiB a minute (60 MiB an hour) under +-4 MiB of noise, sampled every 5 s for 4 minutes.
    for (int s = 0; s <= 240; s += 5) points.add(new P(s, 500 + s / 60.0 + (random.nextDouble() - 0.5) * 8));
    Trend t = Trend.fit(points, P::t, P::v);
    assertEquals(60, t.perHour(), 3 * t.standardError());
    assertTrue(t.standardError() < 20, "standard error " + t.standardError());
    assertEquals(49, t.samples());
  }

  @Test
  void aFlatSeriesWithOneSpikeHasNoTrend() {
    List<P> points = new ArrayList<>();
    for (int s = 0; s <= 240; s += 5) points.add(new P(s, s == 120 ? 600 : 500));
    assertEquals(0, Trend.fit(points, P::t, P::v).perHour(), 1e-9);
  }

  @Test
  void tooFewSamplesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Trend.fit(List.of(new P(0, 1), new P(5, 2)), P::t, P::v));
    assertThrows(IllegalArgumentException.class,
        () -> Trend.fit(List.of(new P(5, 1), new P(5, 2), new P(5, 3)), P::t, P::v));
  }
}
