package io.vigil.analytics;

/** When the analyzer runs its detector. */
public enum DetectionSchedule {
  /**
   * Vigil's schedule: a pass over the region that moved when something moved that the confirmed
   * tracks do not explain (or when the last pass is older than the verification interval), a
   * whole-frame pass at the refresh interval, and the tracker's prediction in between.
   */
  GATED,
  /**
   * A whole-frame pass on every analysed frame, as pipelines that detect at a fixed rate do: no
   * background model, no motion gate, the tracker on detections alone. Only the benchmark's
   * decode-everything mode uses it.
   */
  EVERY_FRAME
}
