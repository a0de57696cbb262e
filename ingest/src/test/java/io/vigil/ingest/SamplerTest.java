package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SamplerTest {
  private static final long MS = 1_000_000L;

  /** Feeds {@code seconds} of a stream at {@code fps} with a keyframe every {@code gop} frames. */
  private static int analysed(Sampler s, double fps, int gop, int seconds, boolean keyframesOnly) {
    int taken = 0;
    long interval = Math.round(1000 / fps) * MS;
    for (int i = 0; i < fps * seconds; i++) {
      boolean key = i % gop == 0;
      if (keyframesOnly && !key) continue;
      long now = 1000 * MS + i * interval;
      boolean convert = keyframesOnly || s.nextIsDue(now - interval + MS);
      if (s.arrived(now, convert, key, i * interval / 1000)) taken++;
    }
    return taken;
  }

  @Test
  void samplesAllFramesDownToTheAnalyticRate() {
    Sampler s = new Sampler(1.0);
    int taken = analysed(s, 25, 50, 20, false);
    assertTrue(taken >= 19 && taken <= 21, "taken " + taken);
  }

  @Test
  void aOneSecondGopSufficesForOneFpsAndEveryKeyframeIsAnalysed() {
    Sampler s = new Sampler(1.0);
    analysed(s, 10, 10, 3, false);
    assertEquals(1.0, s.keyframeRate(), 1e-9);
    assertTrue(s.keyframesSuffice());
    s.reconnected();
    assertEquals(10, analysed(s, 10, 10, 10, true));
  }

  @Test
  void aTwoSecondGopDoesNotSufficeForOneFps() {
    Sampler s = new Sampler(1.0);
    analysed(s, 10, 20, 5, false);
    assertEquals(0.5, s.keyframeRate(), 1e-9);
    assertFalse(s.keyframesSuffice());
  }

  @Test
  void unknownKeyframeRateNeverSuffices() {
    assertFalse(new Sampler(0.2).keyframesSuffice());
  }
}
