package io.vigil.analytics;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Mean absolute count error of an offline run against MOT-format ground truth
 * ({@code frame,id,left,top,width,height,...}, 1-based frames): only frames that have ground truth
 * are scored.
 */
public final class CountAccuracy {
  private CountAccuracy() {}

  /**
   * Halves of the annotated frames, in frame order: settings are tuned on {@link #EVEN} (the 1st,
   * 3rd, 5th... annotated frame: video frames 0, 20, 40...) and reported on {@link #ODD} (video
   * frames 10, 30, 50...), so that the reported figure was never used to choose them.
   */
  public enum Half {
    ALL, EVEN, ODD;

    /** The ground-truth frames of this half. */
    public Map<Long, Integer> of(Map<Long, Integer> truth) {
      List<Long> frames = new ArrayList<>(truth.keySet());
      Collections.sort(frames);
      Map<Long, Integer> half = new TreeMap<>();
      for (int i = 0; i < frames.size(); i++) {
        if (this == ALL || (i % 2 == 0) == (this == EVEN)) {
          half.put(frames.get(i), truth.get(frames.get(i)));
        }
      }
      return half;
    }
  }

  /** People per 0-based video frame. */
  public static Map<Long, Integer> groundTruth(Path gt) throws IOException {
    Map<Long, Integer> counts = new HashMap<>();
    for (String line : Files.readAllLines(gt)) {
      if (!line.isBlank()) {
        counts.merge(Long.parseLong(line.split(",")[0].trim()) - 1, 1, Integer::sum);
      }
    }
    return counts;
  }

  /** @return the MAE over the ground-truth frames; fails if the CSV lacks any of them */
  public static double meanAbsoluteError(Path csv, Map<Long, Integer> truth) throws IOException {
    Map<Long, Integer> counted = new HashMap<>();
    List<String> lines = Files.readAllLines(csv);
    if (!lines.get(0).equals("frame,people")) {
      throw new IllegalStateException("unexpected CSV header " + lines.get(0));
    }
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      counted.put(Long.parseLong(f[0]), Integer.parseInt(f[1]));
    }
    double sum = 0;
    for (Map.Entry<Long, Integer> e : truth.entrySet()) {
      Integer c = counted.get(e.getKey());
      if (c == null) {
        throw new IllegalStateException("no count for ground-truth frame " + e.getKey());
      }
      sum += Math.abs(c - e.getValue());
    }
    return sum / truth.size();
  }

  /** Args: video gt.txt model every [zone]. Prints the MAE. */
  public static void main(String[] args) throws IOException {
    Path csv = Files.createTempFile("counts", ".csv");
    Optional<List<Point>> zone = args.length > 4 ? Optional.of(OfflineAnalyzer.parsePolygon(args[4])) : Optional.empty();
    PrintStream out = System.out;
    OfflineAnalyzer.run(Path.of(args[0]), csv, zone, Integer.parseInt(args[3]), Path.of(args[2]), out);
    double mae = meanAbsoluteError(csv, groundTruth(Path.of(args[1])));
    out.printf("MAE %.3f people per frame over %d ground-truth frames (csv %s)%n", mae,
        groundTruth(Path.of(args[1])).size(), csv);
  }
}
