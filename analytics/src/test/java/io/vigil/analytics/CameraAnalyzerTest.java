package io.vigil.analytics;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/** The gate's decisions, with the HOG detector (no model), on synthetic frames. */
class CameraAnalyzerTest {
  /** A grey 640x360 frame with a white 60x120 square at {@code squareX}, or none when it is negative. */
  static Mat frame(int squareX) {
    Mat m = new Mat(360, 640, CV_8UC3, new Scalar(90, 100, 110, 0));
    if (squareX >= 0) {
      try (Point a = new Point(squareX, 100); Point b = new Point(squareX + 60, 220);
          Scalar white = new Scalar(250, 250, 250, 0)) {
        rectangle(m, a, b, white, -1, 8, 0);
      }
    }
    return m;
  }

  @Test
  void detectorRunsOnMotionAndNotOnAnEmptyStillScene() {
    List<Long> detectorRanAt = new ArrayList<>();
    try (CameraAnalyzer analyzer = new CameraAnalyzer(AnalyticsSettings.defaults(), List.of())) {
      for (int s = 0; s <= 12; s++) {
        try (Mat still = frame(-1)) {
          FrameAnalysis r = analyzer.analyze(still, s * 1000L);
          if (r.detectorRan()) {
            detectorRanAt.add(r.timestampMillis());
          }
          assertEquals(Stage.values().length, r.timings().size());
          assertEquals(1, r.zones().size());
          assertEquals("frame", r.zones().get(0).zoneId());
        }
      }
      // A still scene with nobody tracked: the first frame only (the refresh would find nobody countable).
      assertEquals(List.of(0L), detectorRanAt);
      try (Mat moving = frame(300)) {
        assertTrue(analyzer.analyze(moving, 13_000).detectorRan());
      }
      try (Mat moved = frame(340)) {
        assertTrue(analyzer.analyze(moved, 14_000).detectorRan());
      }
    }
  }

  @Test
  void badFramesAndTimestampsAreRejected() {
    try (CameraAnalyzer analyzer = new CameraAnalyzer(AnalyticsSettings.defaults(), List.of());
        Mat grey = new Mat(360, 640, CV_8UC1);
        Mat ok = frame(-1)) {
      assertThrows(IllegalArgumentException.class, () -> analyzer.analyze(grey, 0));
      assertFalse(analyzer.analyze(ok, 1000).objects().size() > 0);
      assertThrows(IllegalArgumentException.class, () -> analyzer.analyze(ok, 999));
    }
  }

  @Test
  void everyFrameScheduleRunsTheDetectorOnEveryFrameEvenWhenNothingMoves() {
    AnalyticsSettings everyFrame = AnalyticsSettings.defaults().withSchedule(DetectionSchedule.EVERY_FRAME);
    try (CameraAnalyzer analyzer = new CameraAnalyzer(everyFrame, List.of())) {
      for (int s = 0; s <= 6; s++) {
        try (Mat still = frame(-1)) {
          FrameAnalysis a = analyzer.analyze(still, s * 1000L);
          assertEquals(DetectorPass.WHOLE_FRAME, a.detectorPass(), "second " + s);
          // No background model: a peer pipeline keeps none, so neither stage costs anything.
          assertEquals(0, a.timings().get(Stage.MOTION).cpuNanos() + a.timings().get(Stage.CONVERT).cpuNanos(),
              1_000_000, "second " + s);
        }
      }
    }
  }
}
