package io.vigil.analytics;

import io.vigil.analytics.CountAccuracy.Half;
import io.vigil.analytics.testing.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The grid that chose the live-rate profile ({@link AnalyticsSettings#forAnalyticRate}), kept so that
 * the choice can be re-run. Scores candidate detector schedules on the EVEN half of the PETS09-S2L1 ground truth only, at both
 * rates {@link CountAccuracyIT} checks. It prints no odd-half figure on purpose: the odd half is
 * what BENCHMARKS.md reports, so it must not take part in choosing. Not a test; run with
 * {@code java -cp ... io.vigil.analytics.CountAccuracyTuning} (see BENCHMARKS.md).
 */
public final class CountAccuracyTuning {
  private CountAccuracyTuning() {}

  private static AnalyticsSettings tweak(AnalyticsSettings b, int input, boolean rest, Duration refresh, int minHits,
      Duration maxAge, double score) {
    return new AnalyticsSettings(b.model(), b.runtime(), input, score, b.lowScoreThreshold(), b.nmsThreshold(),
        refresh, b.verifyInterval(), rest, b.schedule(), b.motionThreshold(), b.motionWidth(), b.smoothing(), maxAge,
        b.stationaryMaxAge(), minHits, b.personHeightMetres(), b.opencvThreads());
  }

  public static void main(String[] args) throws Exception {
    AnalyticsSettings base = AnalyticsSettings.defaults().withModel(TestFiles.require(TestFiles.YOLOX_NANO));
    Map<String, AnalyticsSettings> candidates = new LinkedHashMap<>();
    for (int input : new int[] {416, 512, 640}) {
      for (String schedule : new String[] {"rest-5s", "rest-1s", "norest-1s"}) {
        for (int minHits : new int[] {1, 2}) {
          for (int maxAge : new int[] {1, 2}) {
            for (double score : new double[] {0.5, 0.6}) {
              candidates.put(String.format(Locale.ROOT, "input=%d %s hits=%d age=%ds score=%.2f", input, schedule, minHits,
                  maxAge, score), tweak(base, input, !schedule.startsWith("norest"),
                  Duration.ofSeconds(schedule.endsWith("5s") ? 5 : 1), minHits, Duration.ofSeconds(maxAge), score));
            }
          }
        }
      }
    }
    Map<Long, Integer> even = Half.EVEN.of(CountAccuracy.groundTruth(TestFiles.require(TestFiles.PETS_TRUTH)));
    Path clip = TestFiles.require(TestFiles.PETS_CLIP);
    int[] rates = args.length > 1 ? new int[] {Integer.parseInt(args[1])} : new int[] {10, 1};
    for (var c : candidates.entrySet()) {
      if (args.length > 0 && !c.getKey().matches(args[0])) continue;
      for (int every : rates) {
        Path csv = Files.createTempFile("tune", ".csv");
        // Exactly the candidate: the platform's rate profile is what is being chosen here.
        OfflineAnalyzer.Summary s = OfflineRun.run(clip, csv, Optional.of(OfflineAnalyzer.parsePolygon(CountAccuracyIT.ZONE)),
            every, c.getValue(), false, new PrintStream(new ByteArrayOutputStream()));
        double mae = CountAccuracy.meanAbsoluteError(csv, even);
        System.out.printf(Locale.ROOT, "TUNE %-36s every=%-2d even-half MAE %.3f  passes %d of %d frames%n",
            c.getKey(), every, mae, s.detectorPasses(), s.framesAnalysed());
        Files.delete(csv);
      }
    }
  }
}
