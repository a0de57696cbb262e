package io.vigil.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GeometryTest {
  private static final List<Point> SQUARE =
      List.of(new Point(0.2, 0.2), new Point(0.6, 0.2), new Point(0.6, 0.6), new Point(0.2, 0.6));
  /** An L shape: the notch at the top right is outside. */
  private static final List<Point> L = List.of(new Point(0.1, 0.1), new Point(0.4, 0.1), new Point(0.4, 0.5),
      new Point(0.9, 0.5), new Point(0.9, 0.9), new Point(0.1, 0.9));

  @Test
  void insideOutsideAndOnEdges() {
    assertTrue(Geometry.contains(SQUARE, new Point(0.4, 0.4)));
    assertFalse(Geometry.contains(SQUARE, new Point(0.7, 0.4)));
    assertFalse(Geometry.contains(SQUARE, new Point(0.4, 0.1)));
    // Edges and corners belong to the zone, on every side.
    assertTrue(Geometry.contains(SQUARE, new Point(0.2, 0.4)));
    assertTrue(Geometry.contains(SQUARE, new Point(0.6, 0.4)));
    assertTrue(Geometry.contains(SQUARE, new Point(0.4, 0.2)));
    assertTrue(Geometry.contains(SQUARE, new Point(0.4, 0.6)));
    assertTrue(Geometry.contains(SQUARE, new Point(0.6, 0.6)));
    assertTrue(Geometry.contains(SQUARE, new Point(0.2, 0.2)));
    assertFalse(Geometry.contains(SQUARE, new Point(0.6000001, 0.6)));
  }

  @Test
  void concavePolygon() {
    assertTrue(Geometry.contains(L, new Point(0.2, 0.3)));
    assertFalse(Geometry.contains(L, new Point(0.7, 0.3)));
    assertTrue(Geometry.contains(L, new Point(0.7, 0.7)));
    assertTrue(Geometry.contains(L, new Point(0.4, 0.3)));
    assertTrue(Geometry.contains(L, new Point(0.6, 0.5)));
  }

  @Test
  void feetAreBottomCentreClampedToTheFrame() {
    Point p = Geometry.feet(new Box(100, 50, 200, 250), 400, 500);
    assertEquals(0.375, p.x(), 1e-12);
    assertEquals(0.5, p.y(), 1e-12);
    // A person cut off by the bottom and right edges, as predicted boxes can be.
    Point clamped = Geometry.feet(new Box(380, 400, 460, 560), 400, 500);
    assertEquals(1.0, clamped.x());
    assertEquals(1.0, clamped.y());
    Point left = Geometry.feet(new Box(-60, -40, -10, -5), 400, 500);
    assertEquals(0.0, left.x());
    assertEquals(0.0, left.y());
  }

  @Test
  void feetOnTheFrameEdgeCountInAZoneReachingTheEdge() {
    List<Point> bottomBand = List.of(new Point(0, 0.8), new Point(1, 0.8), new Point(1, 1), new Point(0, 1));
    assertTrue(Geometry.contains(bottomBand, Geometry.feet(new Box(10, 450, 50, 700), 400, 500)));
  }

  @Test
  void crossingDirectionFollowsTheLinesLeftAndRight() {
    // a->b points right along y=0.5; its left as seen on screen is above (smaller y).
    CountingLine line = new CountingLine(new Point(0.2, 0.5), new Point(0.8, 0.5));
    assertEquals(1, Geometry.crossing(line, new Point(0.5, 0.4), new Point(0.5, 0.6)));
    assertEquals(-1, Geometry.crossing(line, new Point(0.5, 0.6), new Point(0.5, 0.4)));
    assertEquals(0, Geometry.crossing(line, new Point(0.5, 0.4), new Point(0.6, 0.45)));
    // Beyond the segment's end the line is not there.
    assertEquals(0, Geometry.crossing(line, new Point(0.9, 0.4), new Point(0.9, 0.6)));
    // Touching the line is not a crossing yet; leaving it on the far side is.
    assertEquals(0, Geometry.crossing(line, new Point(0.5, 0.4), new Point(0.5, 0.5)));
  }
}
