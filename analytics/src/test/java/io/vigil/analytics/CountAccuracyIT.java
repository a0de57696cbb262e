package io.vigil.analytics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counting accuracy on the 80 annotated frames of PETS09-S2L1 (view 001). The zone leaves out the
 * top fifth of the frame, where the far footpath's walkers are not annotated (see the data README);
 * nothing else is specific to this clip.
 */
class CountAccuracyIT {
  static final String ZONE = "0,0.2;1,0.2;1,1;0,1";
  /** The acceptance bound; a plain YOLOX-nano decode scores 0.95 here. */
  private static final double MAX_MAE = 0.6;

  private final Path shared = Path.of(System.getProperty("vigil.shared", "../shared"));

  /** every=1 analyses all 795 frames (10 fps); every=10 is the live rate of one analysed frame per second. */
  @ParameterizedTest
  @ValueSource(ints = {1, 10})
  void meanAbsoluteCountErrorIsWithinBound(int every, @TempDir Path dir) throws IOException {
    Path csv = dir.resolve("counts.csv");
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    OfflineAnalyzer.run(shared.resolve("data/pets09-s2l1/vtest.avi"), csv,
        Optional.of(OfflineAnalyzer.parsePolygon(ZONE)), every, shared.resolve("models/yolox-nano/yolox_nano.onnx"),
        new PrintStream(progress, true));
    double mae = CountAccuracy.meanAbsoluteError(csv, CountAccuracy.groundTruth(shared.resolve("data/pets09-s2l1/gt.txt")));
    System.out.printf("PETS09-S2L1 every=%d zone=%s: MAE %.3f people per frame over 80 frames%n", every, ZONE, mae);
    System.out.print(progress);
    assertTrue(mae <= MAX_MAE, "MAE " + mae + " above " + MAX_MAE);
  }
}
