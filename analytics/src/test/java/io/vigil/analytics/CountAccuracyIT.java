package io.vigil.analytics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.analytics.CountAccuracy.Half;
import io.vigil.analytics.testing.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Counting accuracy on the 80 annotated frames of PETS09-S2L1 (view 001). The zone leaves out the
 * top fifth of the frame, where the far footpath's walkers are not annotated (see the data README);
 * nothing else is specific to this clip. Prints the error on each half as well: the live-rate
 * profile was chosen on the even half ({@link CountAccuracyTuning}), so the odd half is the figure
 * that was not used to choose it.
 */
class CountAccuracyIT {
  static final String ZONE = "0,0.2;1,0.2;1,1;0,1";

  /**
   * every=1 analyses all 795 frames (10 fps); every=10 is the live rate of one analysed frame per
   * second. Over all 80 frames: every frame meets issue #15's target of 0.35 (0.350); at the live
   * rate the target is 0.45 and Vigil scores 0.475, so the bound there guards against regression
   * (0.5, against 0.6 before ONNX Runtime) until the target is met. A plain YOLOX-nano decode scores 0.95.
   */
  @ParameterizedTest
  @CsvSource({"1, 0.35", "10, 0.5"})
  void meanAbsoluteCountErrorIsWithinBound(int every, double maxMae, @TempDir Path dir) throws IOException {
    Path csv = dir.resolve("counts.csv");
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    OfflineAnalyzer.run(TestFiles.require(TestFiles.PETS_CLIP), csv, Optional.of(OfflineAnalyzer.parsePolygon(ZONE)),
        every, TestFiles.require(TestFiles.YOLOX_NANO), new PrintStream(progress, true));
    Map<Long, Integer> truth = CountAccuracy.groundTruth(TestFiles.require(TestFiles.PETS_TRUTH));
    double all = CountAccuracy.meanAbsoluteError(csv, Half.ALL.of(truth));
    double even = CountAccuracy.meanAbsoluteError(csv, Half.EVEN.of(truth));
    double odd = CountAccuracy.meanAbsoluteError(csv, Half.ODD.of(truth));
    System.out.printf(Locale.ROOT, "PETS09-S2L1 every=%d zone=%s: MAE %.3f people per frame over 80 frames "
        + "(even half, tuned on: %.3f; odd half, reported: %.3f)%n", every, ZONE, all, even, odd);
    System.out.print(progress);
    assertTrue(all <= maxMae, "MAE " + all + " above " + maxMae);
  }
}
