package io.vigil.analytics;


/** One tracked object in pixel coordinates, filtered by four {@link KalmanAxis}. */
final class Track {
  /** Unmodelled acceleration, in box heights per s²: a walking person changes pace slowly. */
  private static final double ACCELERATION = 0.5;
  /** Detector jitter, as a fraction of the box height. */
  private static final double MEASUREMENT = 0.05;

  final long id;
  final ObjectClass objectClass;
  private final KalmanAxis cx;
  private final KalmanAxis cy;
  private final KalmanAxis w;
  private final KalmanAxis h;
  private long predictedAt;
  long updatedAt;
  int hits = 1;
  boolean confirmed;
  /** Whether motion has ever been seen inside the track's box. */
  boolean moved;
  double score;
  /** Thumbnail of the box when the detector last saw the object. */
  float[] patch;

  Track(long id, Detection d, long timestampMillis) {
    this.id = id;
    this.objectClass = d.objectClass();
    Box b = d.box();
    double scale = b.height();
    double pv = sq(MEASUREMENT * scale);
    // Unknown velocity at birth: allow up to about one box height per second.
    double vv = sq(scale);
    this.cx = new KalmanAxis(b.centreX(), pv, vv);
    this.cy = new KalmanAxis(b.centreY(), pv, vv);
    this.w = new KalmanAxis(b.width(), pv, vv / 10);
    this.h = new KalmanAxis(b.height(), pv, vv / 10);
    this.predictedAt = timestampMillis;
    this.updatedAt = timestampMillis;
    this.score = d.score();
  }

  void predict(long timestampMillis) {
    double dt = (timestampMillis - predictedAt) / 1000.0;
    predictedAt = timestampMillis;
    double a = ACCELERATION * Math.max(1, h.position());
    cx.predict(dt, a);
    cy.predict(dt, a);
    w.predict(dt, a / 10);
    h.predict(dt, a / 10);
  }

  void update(Detection d, long timestampMillis) {
    Box b = d.box();
    double r = sq(MEASUREMENT * Math.max(1, b.height()));
    cx.update(b.centreX(), r);
    cy.update(b.centreY(), r);
    w.update(b.width(), r);
    h.update(b.height(), r);
    updatedAt = timestampMillis;
    score = d.score();
    hits++;
  }

  void stop() {
    cx.stop();
    cy.stop();
    w.stop();
    h.stop();
  }

  Box box() {
    double bw = Math.max(1, w.position());
    double bh = Math.max(1, h.position());
    return new Box(cx.position() - bw / 2, cy.position() - bh / 2, cx.position() + bw / 2, cy.position() + bh / 2);
  }

  private static double sq(double v) {
    return v * v;
  }
}
