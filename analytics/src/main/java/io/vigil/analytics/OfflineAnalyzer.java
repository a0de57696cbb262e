package io.vigil.analytics;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Counts people in a recorded video, for checking Vigil against footage with known counts. */
public final class OfflineAnalyzer {
  private OfflineAnalyzer() {}

  /** What an offline run did. */
  public record Summary(long framesRead, long framesAnalysed, long detectorPasses, long cpuNanos) {}

  /**
   * Analyses frames 0, every, 2*every, ... of {@code input} and writes {@code frame,people} rows to
   * {@code outCsv}. The CSV is written to a temporary file and moved into place at the end, so a
   * failed run never leaves a truncated file that looks complete.
   *
   * @param zone     people are counted in this polygon; the whole frame when empty
   * @param model    YOLOX ONNX model; a missing file falls back to HOG with a warning
   * @param progress receives a progress line at least every 10 seconds
   */
  public static Summary run(Path input, Path outCsv, Optional<List<Point>> zone, int every, Path model,
      PrintStream progress) throws IOException {
    return run(input, outCsv, zone, every, AnalyticsSettings.defaults().withModel(model), progress);
  }

  public static Summary run(Path input, Path outCsv, Optional<List<Point>> zone, int every, AnalyticsSettings settings,
      PrintStream progress) throws IOException {
    if (every < 1) {
      throw new IllegalArgumentException("--every must be >= 1, got " + every);
    }
    return OfflineRun.run(input, outCsv, zone, every, settings, progress);
  }

  /**
   * Parses a polygon written as {@code "x,y;x,y;x,y"} in normalised coordinates.
   *
   * @throws IllegalArgumentException naming the offending point
   */
  public static List<Point> parsePolygon(String text) {
    List<Point> points = new ArrayList<>();
    for (String pair : text.trim().split("\\s*;\\s*")) {
      String[] xy = pair.split("\\s*,\\s*");
      if (xy.length != 2) {
        throw new IllegalArgumentException("zone point '" + pair + "' is not of the form x,y");
      }
      try {
        points.add(new Point(Double.parseDouble(xy[0].trim()), Double.parseDouble(xy[1].trim())));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("zone point '" + pair + "' is not a pair of numbers", e);
      }
    }
    if (points.size() < 3) {
      throw new IllegalArgumentException("a zone needs at least 3 points, got " + points.size());
    }
    return points;
  }
}
