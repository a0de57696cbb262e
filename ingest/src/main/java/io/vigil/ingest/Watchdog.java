package io.vigil.ingest;

import java.time.Duration;

/**
 * Decides when a camera that looks connected is in fact stuck. Every threshold is here, with its
 * reason. Run by the camera's verticle once per status interval; the grab thread acts on the verdict.
 */
final class Watchdog {

  enum Verdict { OK, STALLED }

  // A connected stream that delivered no decoded frame for one stream timeout is stalled. Cameras
  // send at least one frame per second and a keyframe every 1-2 s, so a healthy stream never comes
  // near the timeout (5 s by default, the same as go2rtc's read deadline and half of MediaMTX's).
  // This check covers a server that keeps the socket busy (keep-alives, RTCP, another track) but
  // sends no video; a socket with no bytes at all is ended sooner by FFmpeg's socket timeout.
  private final long stallNanos;

  // FFmpeg's socket timeout is two fifths of the stream timeout, because JavaCV's start tries
  // avformat_open_input twice (the second time without its pixel_format option): a camera that
  // accepts and never answers then fails after two fifths twice, plus connection setup, within one
  // stream timeout. The same FFmpeg option bounds every read, so a stream whose socket goes silent
  // ends after 2 s at the default 5 s timeout (frames come every 40-100 ms, so never in health).
  // Closing that session waits one more socket timeout for the TEARDOWN reply that never comes, so
  // the reconnect starts about 4/5 of a stream timeout plus the first backoff (at most 0.5 s) after
  // the stall: within two timeouts (measured 2.3 s with a 2 s timeout, CameraFailureIT).
  private final long socketTimeoutNanos;

  Watchdog(Duration streamTimeout) {
    this.stallNanos = streamTimeout.toNanos();
    this.socketTimeoutNanos = stallNanos * 2 / 5;
  }

  /** The value of FFmpeg's {@code timeout} option (socket connect and I/O), in microseconds. */
  long socketTimeoutMicros() {
    return socketTimeoutNanos / 1000;
  }

  /**
   * How to report a connection that failed: one that had delivered frames and then went quiet for a
   * socket timeout has stalled; anything else is offline.
   */
  CameraState failedAs(long nowNanos, long framesThisConnection, long lastFrameNanos) {
    boolean wentQuiet = framesThisConnection > 0 && nowNanos - lastFrameNanos >= socketTimeoutNanos;
    return wentQuiet ? CameraState.STALLED : CameraState.OFFLINE;
  }

  /**
   * @param state          the camera's state now
   * @param sinceNanos     when it entered that state
   * @param lastFrameNanos when its last frame arrived (0 if never)
   * @param longestGapNanos the longest gap between decoded frames the grab loop expects (the keyframe
   *                        interval while it decodes only up to or only at keyframes), 0 if none
   */
  Verdict check(long nowNanos, CameraState state, long sinceNanos, long lastFrameNanos, long longestGapNanos) {
    if (state != CameraState.ONLINE) return Verdict.OK;
    // The clock starts at the later of going online and the last frame: a camera just connected
    // gets a full timeout for its first frame.
    long quietSince = Math.max(sinceNanos, lastFrameNanos);
    // A camera whose keyframes are further apart than the timeout is quiet between them by design
    // while only keyframes are decoded: it gets two intervals, so that one late keyframe is no stall.
    long limit = Math.max(stallNanos, 2 * longestGapNanos);
    return nowNanos - quietSince > limit ? Verdict.STALLED : Verdict.OK;
  }
}
