package io.vigil.ingest.impl;

import io.vigil.ingest.CameraState;
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
  // FFmpeg's socket timeout ends a read that gets no bytes at all after the same time; this check
  // also covers a server that keeps the socket busy (keep-alives, RTCP, another track) but sends no
  // video. Together they reconnect within two stream timeouts of the last frame.
  private final long stallNanos;

  Watchdog(Duration streamTimeout) {
    this.stallNanos = streamTimeout.toNanos();
  }

  /**
   * @param state          the camera's state now
   * @param sinceNanos     when it entered that state
   * @param lastFrameNanos when its last frame arrived (0 if never)
   */
  Verdict check(long nowNanos, CameraState state, long sinceNanos, long lastFrameNanos) {
    if (state != CameraState.ONLINE) return Verdict.OK;
    // The clock starts at the later of going online and the last frame: a camera just connected
    // gets a full timeout for its first frame.
    long quietSince = Math.max(sinceNanos, lastFrameNanos);
    return nowNanos - quietSince > stallNanos ? Verdict.STALLED : Verdict.OK;
  }
}
