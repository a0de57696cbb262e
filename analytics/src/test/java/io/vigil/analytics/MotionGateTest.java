package io.vigil.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
