package io.vigil.ingest;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Live counters and state of one camera, written by its grab thread and the analytics pool and read
 * by its verticle and the registry. Rates are recomputed by {@link #measure(long)}, called once per
 * status interval.
 */
final class CameraMetrics {
  private static final double RATE_WINDOW_SECONDS = 2;

  final String cameraId;
  final String source;
  final LogRing log = new LogRing(100);

  final AtomicLong decoded = new AtomicLong();
  /** Decoded frames also converted to BGR (by swscale, in the grabber). */
  final AtomicLong converted = new AtomicLong();
  final AtomicLong analysed = new AtomicLong();
  final AtomicLong analysisNanos = new AtomicLong();
  final AtomicLong dropped = new AtomicLong();
  final AtomicLong reconnects = new AtomicLong();

  private volatile CameraState state = CameraState.CONNECTING;
  private volatile String reason;
  private volatile Instant since = Instant.now();
  private volatile long stateNanos = System.nanoTime();
  private volatile long lastFrameNanos;
  private volatile long lastFrameMillis;
  private volatile boolean keyframesOnly;
  private volatile long longestGapNanos;
  private volatile Consumer<CameraStatus> onChange;

  // Touched only by measure(), which the camera's verticle calls from its own context.
  private long lastMeasureNanos = System.nanoTime();
  private long lastDecoded;
  private long lastAnalysed;
  private long lastAnalysisNanos;
  private volatile double fpsIn;
  private volatile double fpsAnalysed;
  private volatile double analysisMillis;

  CameraMetrics(String cameraId, String source) {
    this.cameraId = cameraId;
    this.source = source;
  }

  /**
   * Called with the status at each change of state, on the thread that changed it: a state that lasts
   * less than a status interval (a stall before its reconnect) is published and stored all the same.
   */
  void onChange(Consumer<CameraStatus> listener) {
    onChange = listener;
  }

  void state(CameraState next, String why) {
    CameraStatus changed = null;
    synchronized (this) {
      if (next != state) {
        since = Instant.now();
        stateNanos = System.nanoTime();
      }
      boolean differs = next != state;
      reason = why;
      state = next;
      if (differs) changed = snapshot();
    }
    Consumer<CameraStatus> listener = onChange;
    if (changed != null && listener != null) listener.accept(changed);
  }

  CameraState state() {
    return state;
  }

  long stateNanos() {
    return stateNanos;
  }

  void frameDecoded(long nowNanos) {
    decoded.incrementAndGet();
    lastFrameNanos = nowNanos;
    lastFrameMillis = System.currentTimeMillis();
  }

  long lastFrameNanos() {
    return lastFrameNanos;
  }

  /**
   * The longest wait between decoded frames the grab loop expects: the keyframe interval while it
   * decodes keyframes only or skips to the next keyframe, 0 while it decodes every frame.
   */
  void longestGapNanos(long nanos) {
    longestGapNanos = nanos;
  }

  long longestGapNanos() {
    return longestGapNanos;
  }

  void keyframesOnly(boolean on) {
    keyframesOnly = on;
  }

  void measure(long nowNanos) {
    double seconds = (nowNanos - lastMeasureNanos) / 1e9;
    // Rates over at least 2 s: at 1 analysed frame per second a shorter window reads 0 or 2+.
    if (seconds < RATE_WINDOW_SECONDS) return;
    long d = decoded.get();
    long a = analysed.get();
    long n = analysisNanos.get();
    fpsIn = (d - lastDecoded) / seconds;
    fpsAnalysed = (a - lastAnalysed) / seconds;
    analysisMillis = a == lastAnalysed ? 0 : (n - lastAnalysisNanos) / 1e6 / (a - lastAnalysed);
    lastDecoded = d;
    lastAnalysed = a;
    lastAnalysisNanos = n;
    lastMeasureNanos = nowNanos;
  }

  CameraStatus snapshot() {
    long lf = lastFrameMillis;
    return new CameraStatus(cameraId, state, reason, source, fpsIn, fpsAnalysed, dropped.get(),
        reconnects.get(), lf == 0 ? null : Instant.ofEpochMilli(lf), analysisMillis, keyframesOnly, since);
  }
}
