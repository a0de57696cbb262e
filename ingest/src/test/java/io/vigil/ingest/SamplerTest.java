package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
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

  /**
   * Feeds a stream as the grab loop decodes it when keyframes alone do not give the rate: frames up to
   * the interval's last sampled one, then nothing until the next keyframe. Returns {decoded, analysed}
   * over the last {@code measured} keyframe intervals.
   */
  private static int[] decodedUpToLastSample(Sampler s, int fps, int gop, int warmGops, int measured) {
    return decodedUpToLastSample(s, fps, gop, 0, warmGops, measured);
  }

  /** As above, with the stream joined {@code firstFrame} frames into a keyframe interval. */
  private static int[] decodedUpToLastSample(Sampler s, int fps, int gop, int firstFrame, int warmGops, int measured) {
    long interval = 1000 / fps * MS;
    int decoded = 0;
    int taken = 0;
    boolean skipping = false;
    for (int i = firstFrame; i < gop * (warmGops + measured); i++) {
      boolean key = i % gop == 0;
      long now = 1000 * MS + i * interval;
      if (skipping && !key) continue;
      boolean counting = i >= gop * warmGops;
      if (counting) decoded++;
      boolean convert = skipping || s.nextIsDue(now - interval + MS);
      if (s.arrived(now, convert, key, i * interval / 1000) && counting) taken++;
      skipping = s.skipToNextKeyframe(now + MS);
    }
    return new int[] {decoded / measured, taken / measured};
  }

  @Test
  void aTwoSecondGopIsDecodedUpToItsLastSampledFrameAboutHalf() {
    Sampler s = new Sampler(1.0);
    int[] perGop = decodedUpToLastSample(s, 25, 50, 2, 4);
    // The keyframe and the frame one second later are analysed: frames 0..25 of 50 decoded.
    assertEquals(26, perGop[0], "decoded per 2 s GOP");
    assertEquals(2, perGop[1], "analysed per 2 s GOP");
  }

  @Test
  void aFourSecondGopIsDecodedUpToItsLastSampledFrameAboutThreeQuarters() {
    Sampler s = new Sampler(1.0);
    int[] perGop = decodedUpToLastSample(s, 25, 100, 2, 3);
    assertEquals(76, perGop[0], "decoded per 4 s GOP");
    assertEquals(4, perGop[1], "analysed per 4 s GOP");
  }

  @Test
  void aScheduleOutOfStepWithTheKeyframesComesInStepWithinOneInterval() {
    // Joined 0.32 s into a 2 s GOP: the first frames analysed are 0.32 s and 1.32 s after a keyframe,
    // then the next keyframe stands for the one due at 2.32 s, and from there on the samples fall on
    // the keyframe and one second after it.
    Sampler s = new Sampler(1.0);
    int[] perGop = decodedUpToLastSample(s, 25, 50, 8, 3, 3);
    assertEquals(26, perGop[0]);
    assertEquals(2, perGop[1]);
  }

  /**
   * A camera whose keyframe interval grows from 1 s to 2 s while keyframes alone are decoded, fed as the
   * grab loop feeds the sampler: keyframes only while they suffice, then every frame up to the
   * interval's last sampled one. Returns the frames analysed in the last {@code measuredSeconds}.
   */
  private static int analysedAfterTheGopGrows(int fps, int seconds1s, int seconds2s, int measuredSeconds, long jitter) {
    Sampler s = new Sampler(1.0);
    long interval = 1000 / fps * MS;
    int taken = 0;
    boolean skipping = false;
    boolean keyOnly = false;
    Random random = new Random(7);
    int frames = fps * (seconds1s + seconds2s);
    for (int i = 0; i < frames; i++) {
      boolean twoSecond = i >= fps * seconds1s;
      boolean key = twoSecond ? (i - fps * seconds1s) % (2 * fps) == 0 : i % fps == 0;
      boolean suffice = s.keyframesSuffice();
      if (keyOnly && !suffice) s.keyframesOnlyEnded();
      keyOnly = suffice;
      if ((keyOnly || skipping) && !key) continue;
      long now = 1000 * MS + i * interval + (jitter == 0 ? 0 : (long) (random.nextDouble() * jitter));
      boolean convert = keyOnly || skipping || s.nextIsDue(now - interval + MS);
      boolean analysed = s.arrived(now, convert, key, i * interval / 1000);
      if (analysed && i >= frames - fps * measuredSeconds) taken++;
      skipping = !keyOnly && s.skipToNextKeyframe(now + MS);
    }
    return taken;
  }

  @Test
  void aKeyframeIntervalThatGrowsIsSampledAtTheRateOnceDecodingResumes() {
    // Before keyframesOnlyEnded existed: 3 of 6, the keyframes alone (StreamChangeIT under load).
    assertEquals(6, analysedAfterTheGopGrows(10, 8, 16, 6, 0));
    assertEquals(6, analysedAfterTheGopGrows(25, 8, 16, 6, 0));
    int jittered = analysedAfterTheGopGrows(25, 8, 16, 6, 30 * MS);
    assertTrue(jittered >= 5 && jittered <= 7, "with 30 ms of arrival jitter: " + jittered);
  }

  @Test
  void nothingIsSkippedBeforeTheKeyframeIntervalIsKnown() {
    Sampler s = new Sampler(1.0);
    s.arrived(1000 * MS, true, true, 0);
    assertFalse(s.skipToNextKeyframe(1000 * MS + MS));
  }

  @Test
  void unknownKeyframeRateNeverSuffices() {
    assertFalse(new Sampler(0.2).keyframesSuffice());
  }
}
