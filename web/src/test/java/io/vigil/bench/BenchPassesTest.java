package io.vigil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.analytics.DetectorPass;
import io.vigil.bench.Bench.PassSample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchPassesTest {

  @Test
  void passesAreCountedPerCameraSecondWithTheMedianCostOfEachKind() {
    List<PassSample> window = List.of(
        new PassSample(DetectorPass.WHOLE_FRAME, 10_000_000),
        new PassSample(DetectorPass.WHOLE_FRAME, 30_000_000),
        new PassSample(DetectorPass.WHOLE_FRAME, 12_000_000),
        new PassSample(DetectorPass.MOVING_REGION, 4_000_000),
        new PassSample(DetectorPass.MOVING_REGION, 6_000_000));
    Map<DetectorPass, BenchResult.Passes> p = Bench.passesByKind(window, 10);
    assertEquals(new BenchResult.Passes(0.3, 12.0), p.get(DetectorPass.WHOLE_FRAME));
    assertEquals(new BenchResult.Passes(0.2, 5.0), p.get(DetectorPass.MOVING_REGION));
    assertEquals(new BenchResult.Passes(0, 0), p.get(DetectorPass.TRACKED_PEOPLE));
  }
}
