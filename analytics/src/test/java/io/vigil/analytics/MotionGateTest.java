package io.vigil.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2YUV_I420;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class MotionGateTest {
  private static double apply(MotionGate gate, Mat m) {
    gate.convert(m);
    return gate.apply();
  }

  @Test
  void motionOutsideBoxesIsWhatTheyDoNotCover() {
    try (MotionGate gate = new MotionGate(320); Mat empty = CameraAnalyzerTest.frame(-1);
        Mat square = CameraAnalyzerTest.frame(300)) {
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

  /** The frame as a camera's decoder gives it: I420, limited range (OpenCV's conversion is BT.601 TV range). */
  static Picture i420(Mat bgr) {
    Mat yuv = new Mat();
    cvtColor(bgr, yuv, COLOR_BGR2YUV_I420);
    return Picture.ofI420(yuv, bgr.cols(), bgr.rows());
  }

  @Test
  void theLumaPlaneGatesAsTheBgrFrameDoes() {
    // A square that moves, stops and moves again over a plain and a darker background: the gate that
    // reads the luma plane must see the same motion as the one that converts BGR, frame by frame.
    int[] squareAt = {-1, -1, 300, 300, 300, 360, 420, 420, -1};
    try (MotionGate fromBgr = new MotionGate(320); MotionGate fromLuma = new MotionGate(320)) {
      for (int x : squareAt) {
        try (Mat bgr = CameraAnalyzerTest.frame(x); Picture yuv = i420(bgr)) {
          fromBgr.convert(bgr);
          fromLuma.convert(yuv);
          double expected = fromBgr.apply();
          double got = fromLuma.apply();
          assertEquals(expected, got, 0.002, "square at " + x);
          assertEquals(0, yuv.conversions(), "the gate never needs BGR");
        }
      }
    }
  }

  @Test
  void aPictureConvertsToBgrOnceAndOnlyWhenAsked() {
    try (Mat bgr = CameraAnalyzerTest.frame(300); Picture yuv = i420(bgr)) {
      assertEquals(0, yuv.conversions());
      Mat first = yuv.bgr();
      assertEquals(first, yuv.bgr());
      assertEquals(1, yuv.conversions());
      assertEquals(640, first.cols());
      assertEquals(360, first.rows());
      // Inside the white square and on the background, within rounding of the two conversions.
      assertEquals(250, first.ptr(150, 320).get() & 0xff, 3);
      assertEquals(90, first.ptr(20, 20).get() & 0xff, 3);
    }
  }
}
