package io.vigil.analytics;

/**
 * An axis-aligned box, left/top/right/bottom. In pixels inside the analytics pipeline, normalised
 * to 0..1 in {@link FrameAnalysis} so that results do not depend on the stream's resolution.
 */
public record Box(double left, double top, double right, double bottom) {
  public Box {
    if (!(right >= left) || !(bottom >= top)) {
      throw new IllegalArgumentException("box has negative size: " + left + "," + top + "," + right + "," + bottom);
    }
  }

  public double width() {
    return right - left;
  }

  public double height() {
    return bottom - top;
  }

  public double area() {
    return width() * height();
  }

  public double centreX() {
    return (left + right) / 2;
  }

  public double centreY() {
    return (top + bottom) / 2;
  }

  public double iou(Box o) {
    double iw = Math.min(right, o.right) - Math.max(left, o.left);
    double ih = Math.min(bottom, o.bottom) - Math.max(top, o.top);
    if (iw <= 0 || ih <= 0) {
      return 0;
    }
    double inter = iw * ih;
    return inter / (area() + o.area() - inter);
  }

  public Box scaled(double sx, double sy) {
    return new Box(left * sx, top * sy, right * sx, bottom * sy);
  }
}
