package io.vigil.analytics;

/** What the detector looked at on one analysed frame, so that a benchmark can say what it paid for. */
public enum DetectorPass {
  /** No pass: nothing moved, or the tracks' prediction stood in. */
  NONE("none"),
  /** The whole frame (including a region pass whose region was most of the frame). */
  WHOLE_FRAME("whole_frame"),
  /** The region that moved, grown to take in the tracks it touches. */
  MOVING_REGION("moving_region"),
  /** The region the tracked people cover: the refresh of a still scene. */
  TRACKED_PEOPLE("tracked_people");

  private final String key;

  DetectorPass(String key) {
    this.key = key;
  }

  /** The name in the benchmark's RESULT line and JSON. */
  public String key() {
    return key;
  }
}
