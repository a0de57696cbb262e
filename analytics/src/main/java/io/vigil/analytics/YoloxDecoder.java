package io.vigil.analytics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decodes YOLOX's raw head output: rows of (x, y, log w, log h, objectness, 80 class scores) laid
 * out over the grid cells of strides 8, 16 and 32, then suppresses overlaps per class.
 */
final class YoloxDecoder {
  private static final int[] STRIDES = {8, 16, 32};
  private static final int CLASSES = 80;
  public static final int ROW = 5 + CLASSES;

  private YoloxDecoder() {}

  /** Rows an input of {@code width x height} (multiples of 32) produces. */
  public static int rows(int width, int height) {
    int n = 0;
    for (int s : STRIDES) {
      n += (width / s) * (height / s);
    }
    return n;
  }

  /**
   * @param out          at least {@code rows(inputWidth, inputHeight) * ROW} floats, row-major
   * @param scale        letterbox scale: input pixels per source pixel
   * @param offsetX      source x of the letterbox's left edge (the ROI's left)
   * @param offsetY      source y of the letterbox's top edge
   * @param maxX         source boxes are clipped to [offsetX, maxX]
   * @param maxY         and [offsetY, maxY]
   * @param minScore     objectness times class score must reach this
   */
  public static List<Detection> decode(float[] out, int inputWidth, int inputHeight, double scale, double offsetX, double offsetY,
      double maxX, double maxY, double minScore, double nmsThreshold) {
    List<Detection> candidates = new ArrayList<>();
    int row = 0;
    for (int stride : STRIDES) {
      int gridWidth = inputWidth / stride;
      int gridHeight = inputHeight / stride;
      for (int gy = 0; gy < gridHeight; gy++) {
        for (int gx = 0; gx < gridWidth; gx++, row++) {
          int base = row * ROW;
          float objectness = out[base + 4];
          if (objectness < minScore) {
            continue;
          }
          ObjectClass best = null;
          double bestScore = minScore;
          for (ObjectClass c : ObjectClass.values()) {
            double score = objectness * out[base + 5 + c.cocoIndex()];
            if (score >= bestScore) {
              best = c;
              bestScore = score;
            }
          }
          if (best == null) {
            continue;
          }
          double cx = (out[base] + gx) * stride;
          double cy = (out[base + 1] + gy) * stride;
          double w = Math.exp(out[base + 2]) * stride;
          double h = Math.exp(out[base + 3]) * stride;
          double left = clamp(offsetX + (cx - w / 2) / scale, offsetX, maxX);
          double top = clamp(offsetY + (cy - h / 2) / scale, offsetY, maxY);
          double right = clamp(offsetX + (cx + w / 2) / scale, offsetX, maxX);
          double bottom = clamp(offsetY + (cy + h / 2) / scale, offsetY, maxY);
          if (right > left && bottom > top) {
            candidates.add(new Detection(best, new Box(left, top, right, bottom), bestScore));
          }
        }
      }
    }
    return nms(candidates, nmsThreshold);
  }

  /** Greedy per-class non-maximum suppression, strongest first. */
  public static List<Detection> nms(List<Detection> detections, double iouThreshold) {
    List<Detection> sorted = new ArrayList<>(detections);
    sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
    List<Detection> kept = new ArrayList<>();
    for (Detection d : sorted) {
      boolean suppressed = false;
      for (Detection k : kept) {
        if (k.objectClass() == d.objectClass() && k.box().iou(d.box()) > iouThreshold) {
          suppressed = true;
          break;
        }
      }
      if (!suppressed) {
        kept.add(d);
      }
    }
    return kept;
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
