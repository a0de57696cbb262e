package io.vigil.analytics;

/**
 * A directed counting line across a checkpoint. Crossing from the left of {@code a -> b} to its right
 * counts as "in"; the other way counts as "out".
 */
public record CountingLine(Point a, Point b) {
  public CountingLine {
    if (a.equals(b)) {
      throw new IllegalArgumentException("counting line needs two distinct points");
    }
  }
}
