package io.vigil.analytics;

/**
 * A point in normalised image coordinates: (0,0) is the top-left corner, (1,1) the bottom-right.
 * Normalised so that a zone drawn once stays valid when a camera switches resolution or sub-stream.
 */
public record Point(double x, double y) {
  public Point {
    if (!Double.isFinite(x) || !Double.isFinite(y) || x < 0 || x > 1 || y < 0 || y > 1) {
      throw new IllegalArgumentException("point (" + x + ", " + y + ") is outside the frame [0,1]x[0,1]");
    }
  }
}
