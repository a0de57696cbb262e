package io.vigil.ingest;

/**
 * Picks the frames to analyse at the camera's analytic rate, and learns the stream's keyframe rate to
 * decide whether decoding keyframes alone is enough. Used by one grab thread only.
 */
final class Sampler {
  private final long periodNanos;
  private final double analyticFps;
  private long nextDueNanos;
  private long lastFrameNanos;
  private long frameIntervalNanos;
  private long lastKeyTimestampMicros = -1;
  private double keyframeRate = Double.NaN;

  Sampler(double analyticFps) {
    this.analyticFps = analyticFps;
    this.periodNanos = Math.round(1e9 / analyticFps);
  }

  /**
   * Whether the next frame should be converted for analysis. Decided before the frame is grabbed, so
   * that frames which will not be analysed skip the colour conversion: the next frame is predicted to
   * arrive one frame interval after the last, and it is due if that is at most half an interval early.
   */
  boolean nextIsDue(long nowNanos) {
    long expected = Math.max(nowNanos, lastFrameNanos + frameIntervalNanos);
    return expected >= nextDueNanos - frameIntervalNanos / 2;
  }

  /** Records a frame that arrived; returns whether it is analysed (it was converted and is due). */
  boolean arrived(long nowNanos, boolean converted, boolean keyFrame, long timestampMicros) {
    if (lastFrameNanos != 0) {
      long gap = nowNanos - lastFrameNanos;
      // A smoothed interval: one late frame must not make the prediction jump, yet a change of
      // rate (all frames to keyframes only) is followed within a few frames.
      frameIntervalNanos = frameIntervalNanos == 0 ? gap : (frameIntervalNanos * 3 + gap) / 4;
    }
    lastFrameNanos = nowNanos;
    if (keyFrame) {
      if (lastKeyTimestampMicros >= 0 && timestampMicros > lastKeyTimestampMicros) {
        keyframeRate = 1e6 / (timestampMicros - lastKeyTimestampMicros);
      }
      lastKeyTimestampMicros = timestampMicros;
    }
    if (!converted || nowNanos < nextDueNanos - frameIntervalNanos / 2) return false;
    nextDueNanos = nextDueNanos == 0 ? nowNanos + periodNanos : nextDueNanos + periodNanos;
    // After a gap (stall, reconnect) start afresh rather than analysing a burst to catch up.
    if (nextDueNanos <= nowNanos) nextDueNanos = nowNanos + periodNanos;
    return true;
  }

  /** Keyframes per second measured from the last two keyframes, NaN until known. */
  double keyframeRate() {
    return keyframeRate;
  }

  /**
   * Whether keyframes alone give the analytic rate. The 1% slack accepts a 1 s GOP for 1 fps despite
   * timestamp rounding.
   */
  boolean keyframesSuffice() {
    return !Double.isNaN(keyframeRate) && analyticFps <= keyframeRate * 1.01;
  }

  /** Forgets the timing of the previous connection, keeps the learned keyframe rate. */
  void reconnected() {
    lastFrameNanos = 0;
    frameIntervalNanos = 0;
    nextDueNanos = 0;
    lastKeyTimestampMicros = -1;
  }
}
