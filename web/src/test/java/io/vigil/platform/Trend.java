package io.vigil.platform;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The least-squares line through samples: how fast a quantity grows, per hour, once warmed up. A slope
 * rather than first against last sample, so that one collection or one camera coming back at the wrong
 * moment does not decide; with its standard error, so that a report says how sure it is. Pure.
 *
 * @param perHour       the slope, in the quantity's unit per hour
 * @param standardError the slope's standard error (same unit), from the residuals
 * @param samples       how many points it was fitted to
 */
record Trend(double perHour, double standardError, int samples) {

  /** Fits {@code value} against {@code seconds}; needs at least three samples spread in time. */
  static <T> Trend fit(List<T> points, ToDoubleFunction<T> seconds, ToDoubleFunction<T> value) {
    int n = points.size();
    if (n < 3) throw new IllegalArgumentException("a trend needs at least 3 samples, got " + n);
    double mx = 0;
    double my = 0;
    for (T p : points) {
      mx += seconds.applyAsDouble(p) / n;
      my += value.applyAsDouble(p) / n;
    }
    double sxx = 0;
    double sxy = 0;
    for (T p : points) {
      double dx = seconds.applyAsDouble(p) - mx;
      sxx += dx * dx;
      sxy += dx * (value.applyAsDouble(p) - my);
    }
    if (sxx == 0) throw new IllegalArgumentException("the samples are all at one time");
    double slope = sxy / sxx;
    double residuals = 0;
    for (T p : points) {
      double r = value.applyAsDouble(p) - (my + slope * (seconds.applyAsDouble(p) - mx));
      residuals += r * r;
    }
    double se = Math.sqrt(residuals / (n - 2) / sxx);
    return new Trend(slope * 3600, se * 3600, n);
  }
}
