package io.vigil.ingest;

/**
 * Picks the frames to analyse at the camera's analytic rate, and learns the stream's keyframe rate to
 * decide how little can be decoded: keyframes alone when they give the rate, otherwise each keyframe
 * interval up to its last sampled frame ({@link #skipToNextKeyframe}). Used by one grab thread only.
 */
final class Sampler {
  private final long periodNanos;
  private final double analyticFps;
  private long nextDueNanos;
  private long lastFrameNanos;
  private long frameIntervalNanos;
  private long lastKeyTimestampMicros = -1;
  private double keyframeRate = Double.NaN;
  private long keyIntervalNanos;
  /** When the last keyframe of this connection arrived, 0 before the first. */
  private long lastKeyNanos;
  /** Set while the grab loop skips to the next keyframe, cleared when it arrives. */
  private boolean skipping;

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

  /**
   * Whether no frame before the next keyframe is due, so that the packets up to it can skip the
   * decoder: a keyframe interval longer than the analytic period is decoded only up to its last sampled
   * frame (with a 2 s GOP at 1 fps about half the frames, with 4 s about three quarters). True when the
   * next keyframe is expected after half a period before the next due frame and at most one frame after
   * it; that keyframe is then analysed in its place, which brings the schedule in step with the
   * keyframes within one interval (samples at the keyframe, one period after it, and so on). A keyframe
   * that is already overdue (the camera's GOP changed) is not waited for.
   */
  boolean skipToNextKeyframe(long nowNanos) {
    if (lastKeyNanos == 0 || keyIntervalNanos == 0 || nextDueNanos == 0) return false;
    long nextKey = lastKeyNanos + keyIntervalNanos;
    boolean skip = nextKey >= nowNanos && nextKey > nextDueNanos - periodNanos / 2
        && nextKey <= nextDueNanos + frameIntervalNanos;
    if (skip) skipping = true;
    return skip;
  }

  /** The interval between the last two keyframes, 0 until known. */
  long keyIntervalNanos() {
    return keyIntervalNanos;
  }

  /** Records a frame that arrived; returns whether it is analysed (it was converted and is due). */
  boolean arrived(long nowNanos, boolean converted, boolean keyFrame, long timestampMicros) {
    boolean afterSkip = skipping;
    skipping = false;
    if (afterSkip) {
      // The gap spans the skipped frames, not one frame interval: it must not enter the estimate.
      lastFrameNanos = nowNanos;
    } else if (lastFrameNanos != 0) {
      long gap = nowNanos - lastFrameNanos;
      // A smoothed interval: one late frame must not make the prediction jump, yet a change of
      // rate (all frames to keyframes only) is followed within a few frames.
      frameIntervalNanos = frameIntervalNanos == 0 ? gap : (frameIntervalNanos * 3 + gap) / 4;
    }
    lastFrameNanos = nowNanos;
    if (keyFrame) {
      if (lastKeyTimestampMicros >= 0 && timestampMicros > lastKeyTimestampMicros) {
        keyframeRate = 1e6 / (timestampMicros - lastKeyTimestampMicros);
        keyIntervalNanos = (timestampMicros - lastKeyTimestampMicros) * 1000;
      }
      lastKeyTimestampMicros = timestampMicros;
      lastKeyNanos = nowNanos;
    }
    if (afterSkip && keyFrame && converted) {
      // The keyframe skipped to stands for the frame that was due (see skipToNextKeyframe).
      nextDueNanos = nowNanos + periodNanos;
      return true;
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

  /**
   * Keyframes alone no longer give the rate and every frame is decoded again: the frame interval learned
   * meanwhile is the gap between keyframes, and planning with it would skip every frame after a keyframe
   * (a keyframe would look due within one "frame"), so that only keyframes were ever analysed. It is
   * measured afresh from the frames that follow.
   */
  void keyframesOnlyEnded() {
    lastFrameNanos = 0;
    frameIntervalNanos = 0;
  }

  /** Forgets the timing of the previous connection, keeps the learned keyframe rate. */
  void reconnected() {
    lastFrameNanos = 0;
    frameIntervalNanos = 0;
    nextDueNanos = 0;
    lastKeyTimestampMicros = -1;
    lastKeyNanos = 0;
    skipping = false;
  }
}
