package io.vigil.analytics;

/**
 * What the tracker may ask about the current frame at a box given in full-frame pixels.
 *
 * <p>An interface because the tracker also runs without a background model ({@link #NO_MOTION_MODEL})
 * and its tests fake one; {@link MotionGate} is the real one.
 */
interface FrameProbe {
  /**
   * For a pipeline without a background model: every box counts as moving and no content is kept, so
   * a track is confirmed by its matches alone and is dropped after the ordinary maximum age, as in a
   * plain detect-and-track pipeline.
   */
  FrameProbe NO_MOTION_MODEL = new FrameProbe() {
    @Override
    public double motion(Box box) {
      return 1.0;
    }

    @Override
    public float[] patch(Box box) {
      return null;
    }
  };

  /** Fraction of the box's pixels that moved since the background model's last update. */
  double motion(Box box);

  /** A small, mean-free grey thumbnail of the box, to tell later whether its content changed. */
  float[] patch(Box box);

  /**
   * Mean absolute grey-level difference between two patches, or infinity when either is missing.
   */
  static double difference(float[] a, float[] b) {
    if (a == null || b == null || a.length != b.length) {
      return Double.POSITIVE_INFINITY;
    }
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs(a[i] - b[i]);
    }
    return sum / a.length;
  }
}
