package io.vigil.analytics;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Finds people (and, where the model can, vehicles) in a BGR frame. Not thread-safe: an instance
 * reuses its pre-processing buffers (and, with OpenCV DNN, a {@code Net} that keeps per-call state),
 * so each analysis thread needs its own, which {@link CameraAnalyzer} arranges. With ONNX Runtime
 * the instances share one session.
 *
 * <p>An interface because it has two implementations: {@link YoloxDetector} and {@link HogPeopleDetector}.
 */
interface PersonDetector extends AutoCloseable {

  /**
   * A YOLOX detector run by {@code settings.runtime()} when {@code settings.model()} names a readable
   * model, otherwise OpenCV's HOG
   * people detector (logged once as a warning, since it misses small people and sees no vehicles).
   */
  static PersonDetector create(AnalyticsSettings settings) {
    return Detectors.shared().create(settings);
  }

  /**
   * Detects objects inside {@code roi} of {@code bgr} (the whole frame when {@code roi} is null),
   * at the same pixel scale as a whole-frame pass, so a smaller region costs less.
   * Boxes are in pixels of {@code bgr}; scores at or above {@code settings.lowScoreThreshold()}.
   */
  List<Detection> detect(Mat bgr, Rect roi);

  /** Whether this detector can see vehicles; HOG cannot. */
  boolean detectsVehicles();

  @Override
  void close();
}
