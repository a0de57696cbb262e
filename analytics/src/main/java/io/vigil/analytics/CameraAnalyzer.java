package io.vigil.analytics;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One camera's analytics state: background model, tracks, zone counts and rule timers.
 *
 * <p>Calls for one camera must be serialised; different cameras may be analysed concurrently on a
 * shared pool. Detectors are not per camera: each analysing thread uses its own, so a pool of N
 * threads holds N detectors however many cameras there are (sharing one ONNX Runtime session, or
 * with one OpenCV network each).
 */
public interface CameraAnalyzer extends AutoCloseable {

  /**
   * @param zones zones to count in; an empty list counts in the whole frame (zone id "frame")
   */
  static CameraAnalyzer create(AnalyticsSettings settings, List<Zone> zones) {
    return new DefaultCameraAnalyzer(settings, zones);
  }

  /**
   * Analyses one frame. The caller keeps ownership of {@code picture} and closes it after this call;
   * the analyzer makes its BGR only if a detector pass needs it. Timestamps must not go backwards;
   * frames of a different size reset the background model.
   */
  FrameAnalysis analyze(Picture picture, long timestampMillis);

  /** Analyses one 8-bit BGR frame, which the caller keeps and closes. */
  default FrameAnalysis analyze(Mat bgr, long timestampMillis) {
    try (Picture picture = Picture.borrowing(bgr)) {
      return analyze(picture, timestampMillis);
    }
  }

  /** Releases the native background model. */
  @Override
  void close();
}
