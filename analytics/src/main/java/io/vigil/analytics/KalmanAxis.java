package io.vigil.analytics;

/**
 * Constant-velocity Kalman filter for one coordinate. A box is four of these (centre x, centre y,
 * width, height): with diagonal noise the 8-state SORT filter separates into independent axes, so
 * this is the same filter without matrix algebra or allocation.
 */
final class KalmanAxis {
  private double x;
  private double v;
  private double pxx;
  private double pxv;
  private double pvv;

  KalmanAxis(double x, double positionVariance, double velocityVariance) {
    this.x = x;
    this.pxx = positionVariance;
    this.pvv = velocityVariance;
  }

  double position() {
    return x;
  }

  double velocity() {
    return v;
  }

  /**
   * @param dt                seconds since the last predict
   * @param accelerationSigma standard deviation of the unmodelled acceleration, units per s²
   */
  void predict(double dt, double accelerationSigma) {
    if (dt <= 0) {
      return;
    }
    double q = accelerationSigma * accelerationSigma;
    x += v * dt;
    double nxx = pxx + dt * (2 * pxv + dt * pvv) + q * dt * dt * dt * dt / 4;
    double nxv = pxv + dt * pvv + q * dt * dt * dt / 2;
    double nvv = pvv + q * dt * dt;
    pxx = nxx;
    pxv = nxv;
    pvv = nvv;
  }

  void update(double measured, double measurementVariance) {
    double s = pxx + measurementVariance;
    double kx = pxx / s;
    double kv = pxv / s;
    double innovation = measured - x;
    x += kx * innovation;
    v += kv * innovation;
    double nxx = (1 - kx) * pxx;
    double nxv = (1 - kx) * pxv;
    double nvv = pvv - kv * pxv;
    pxx = nxx;
    pxv = nxv;
    pvv = nvv;
  }

  /** Forgets the velocity, for objects that have stopped being seen where nothing moves. */
  void stop() {
    v = 0;
  }
}
