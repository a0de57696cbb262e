package io.vigil.analytics;

import java.util.List;

/** Zone and line geometry in normalised image coordinates (x right, y down). */
final class Geometry {
  private static final double EPS = 1e-9;

  private Geometry() {}

  /**
   * The bottom centre of a pixel box, normalised and clamped to the frame: people cut off by the
   * frame's bottom edge still stand somewhere in the frame.
   */
  public static Point feet(Box pixels, int frameWidth, int frameHeight) {
    double x = pixels.centreX() / frameWidth;
    double y = pixels.bottom() / frameHeight;
    return new Point(clamp01(x), clamp01(y));
  }

  /** True when {@code p} is inside {@code polygon} or on one of its edges. */
  public static boolean contains(List<Point> polygon, Point p) {
    int n = polygon.size();
    boolean inside = false;
    for (int i = 0, j = n - 1; i < n; j = i++) {
      Point a = polygon.get(i);
      Point b = polygon.get(j);
      if (onSegment(a, b, p)) {
        return true;
      }
      if ((a.y() > p.y()) != (b.y() > p.y())) {
        double xCross = (b.x() - a.x()) * (p.y() - a.y()) / (b.y() - a.y()) + a.x();
        if (p.x() < xCross) {
          inside = !inside;
        }
      }
    }
    return inside;
  }

  /**
   * +1 when a track moving from {@code from} to {@code to} crossed {@code line} from its left to its
   * right (as seen on the image, looking along a to b), -1 for the other way, 0 when it did not
   * cross the segment. Ending exactly on the line is not yet a crossing: the next step decides.
   */
  public static int crossing(CountingLine line, Point from, Point to) {
    double s0 = side(line, from);
    double s1 = side(line, to);
    if (s0 == 0 || s1 == 0 || (s0 > 0) == (s1 > 0)) {
      return 0;
    }
    // The movement crosses the infinite line; it counts only where it crosses the segment.
    Point a = line.a();
    Point b = line.b();
    double m0 = cross(from.x(), from.y(), to.x(), to.y(), a.x(), a.y());
    double m1 = cross(from.x(), from.y(), to.x(), to.y(), b.x(), b.y());
    if (m0 != 0 && m1 != 0 && (m0 > 0) == (m1 > 0)) {
      return 0;
    }
    // With y pointing down, a negative cross product is on the left of a->b as it looks on screen.
    return s0 < 0 ? 1 : -1;
  }

  /** Sign of the position of {@code p} relative to the line; 0 within rounding of the line. */
  static double side(CountingLine line, Point p) {
    double c = cross(line.a().x(), line.a().y(), line.b().x(), line.b().y(), p.x(), p.y());
    return Math.abs(c) < EPS ? 0 : Math.signum(c);
  }

  private static double cross(double ax, double ay, double bx, double by, double px, double py) {
    return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
  }

  private static boolean onSegment(Point a, Point b, Point p) {
    if (Math.abs(cross(a.x(), a.y(), b.x(), b.y(), p.x(), p.y())) > EPS) {
      return false;
    }
    return p.x() >= Math.min(a.x(), b.x()) - EPS && p.x() <= Math.max(a.x(), b.x()) + EPS
        && p.y() >= Math.min(a.y(), b.y()) - EPS && p.y() <= Math.max(a.y(), b.y()) + EPS;
  }

  private static double clamp01(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
