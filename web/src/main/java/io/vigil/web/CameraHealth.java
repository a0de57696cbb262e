package io.vigil.web;

import java.time.Instant;

/**
 * What the viewer shows about a camera's ingest: ingest's camera status, in the web module's terms.
 *
 * @param state          {@code connecting}, {@code online}, {@code stalled}, {@code offline} or
 *                       {@code finished}
 * @param reason         why the camera is not online (credentials already masked), or null
 * @param drops          frames dropped because analysis fell behind, since the camera started
 * @param lastFrame      when the last frame arrived, null before the first
 * @param analysisMillis mean analytics time per frame
 */
public record CameraHealth(
    String cameraId,
    String state,
    String reason,
    double fpsIn,
    double fpsAnalysed,
    long drops,
    long reconnects,
    Instant lastFrame,
    double analysisMillis) {

  public boolean online() {
    return "online".equals(state);
  }
}
