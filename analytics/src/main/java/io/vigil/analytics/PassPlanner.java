package io.vigil.analytics;

import java.util.function.BooleanSupplier;

/** Decides what the detector does on a frame, from facts the gate and the tracker established. */
final class PassPlanner {
  private PassPlanner() {}

  /** The detector's work on one frame. */
  enum Pass {
    /** The whole frame. */
    FULL,
    /** The region that moved, grown to take in the tracks it touches. */
    REGION,
    /** The region the tracks cover: the refresh of a still scene, checking the people tracked there. */
    TRACKS,
    /** None: the confirmed tracks explain the motion, so the tracker's prediction stands in. */
    TRACKED,
    /**
     * None: nothing moved; still people are kept by the tracker's stationary rule, and a refresh that
     * is due waits for motion or a confirmed track.
     */
    NONE;

    boolean runsDetector() {
      return this != TRACKED && this != NONE;
    }
  }

  /**
   * @param refreshDue the last whole-frame pass is older than the refresh interval (or there was none)
   * @param moved      the gate saw motion
   * @param tracking   some track is confirmed
   * @param verifyDue  the last pass of any kind is older than the verification interval
   * @param explained  every live track is confirmed and the motion outside their predicted boxes is
   *                   below the gate's threshold; only asked when the other facts leave it open
   */
  static Pass plan(DetectionSchedule schedule, boolean refreshDue, boolean moved, boolean tracking,
      boolean verifyDue, BooleanSupplier explained) {
    if (schedule == DetectionSchedule.EVERY_FRAME) {
      return Pass.FULL;
    }
    // The refresh keeps people who stopped counted and their tracks checked. Where nothing moves it
    // need look only at the tracked: anyone else it found would start a track that is confirmed
    // only once seen moving, and motion wakes the detector anyway.
    if (refreshDue && moved) {
      return Pass.FULL;
    }
    if (refreshDue && tracking) {
      return Pass.TRACKS;
    }
    if (!moved) {
      return Pass.NONE;
    }
    if (!verifyDue && explained.getAsBoolean()) {
      return Pass.TRACKED;
    }
    return Pass.REGION;
  }
}
