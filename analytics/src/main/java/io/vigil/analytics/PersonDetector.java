package io.vigil.analytics;

import io.vigil.analytics.impl.Detectors;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Finds people (and, where the model can, vehicles) in a BGR frame. Not thread-safe: OpenCV's DNN
 * {@code Net} keeps per-call state, so each analysis thread needs its own instance, which
 * {@link CameraAnalyzer} arranges.
 */
public interface PersonDetector extends AutoCloseable {

  /**
   * A YOLOX detector when {@code settings.model()} names a readable model, otherwise OpenCV's HOG
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
