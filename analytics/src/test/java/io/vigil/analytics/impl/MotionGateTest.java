package io.vigil.analytics.impl;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.analytics.Box;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class MotionGateTest {
  private static Mat frame(int squareX) {
    Mat m = new Mat(360, 640, CV_8UC3, new Scalar(90, 100, 110, 0));
    if (squareX >= 0) {
      try (Point a = new Point(squareX, 100); Point b = new Point(squareX + 60, 220);
          Scalar white = new Scalar(250, 250, 250, 0)) {
        rectangle(m, a, b, white, -1, 8, 0);
      }
    }
    return m;
  }

  private static double apply(MotionGate gate, Mat m) {
    gate.convert(m);
    return gate.apply();
  }

  @Test
  void motionOutsideBoxesIsWhatTheyDoNotCover() {
    try (MotionGate gate = new MotionGate(320); Mat empty = frame(-1); Mat square = frame(300)) {
      apply(gate, empty);
      // No background yet: nothing can be explained.
      assertEquals(1.0, gate.motionOutside(List.of(), 0.0));
      apply(gate, empty);
      double moved = apply(gate, square);
      assertTrue(moved > 0.02, "moved " + moved);
      assertEquals(moved, gate.motionOutside(List.of(), 0.0), 1e-9);
      // A box around the square explains all of it; one elsewhere explains nothing.
      assertEquals(0.0, gate.motionOutside(List.of(new Box(290, 90, 370, 230)), 0.0));
      assertEquals(moved, gate.motionOutside(List.of(new Box(0, 0, 100, 100)), 0.0), 1e-9);
      // A box over the left half of the square leaves the right half; grown by its margin it covers all.
      double half = gate.motionOutside(List.of(new Box(290, 100, 330, 220)), 0.0);
      assertTrue(half > 0.3 * moved && half < 0.7 * moved, "half " + half + " of " + moved);
      assertEquals(0.0, gate.motionOutside(List.of(new Box(290, 100, 330, 220)), 0.5));
    }
  }
}
