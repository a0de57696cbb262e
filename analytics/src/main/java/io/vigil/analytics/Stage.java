package io.vigil.analytics;

/** The per-frame stages whose cost {@link FrameAnalysis#timings()} reports. */
public enum Stage {
  /** Downscaling and grey conversion for the motion gate, and BGR conversion when a detector pass needs it. */
  CONVERT,
  /** Background subtraction. */
  MOTION,
  /** Detector pass (letterbox, forward, decode, NMS); zero when the gate skipped it. */
  DETECT,
  /** Tracker update, zone membership, line crossings and crowd rules. */
  TRACK;

  /** CPU time of the calling thread and wall time, in nanoseconds. */
  public record Timing(long cpuNanos, long wallNanos) {
    Timing plus(Timing other) {
      return new Timing(cpuNanos + other.cpuNanos, wallNanos + other.wallNanos);
    }
  }
}
