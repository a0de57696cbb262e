package io.vigil.web;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * The latest analysed frame of each camera as JPEG: the live view's fallback until the fMP4 stream
 * exists. Bound by the platform to ingest.
 *
 * <p>An interface because the web tests' {@code FixtureServices} and {@code AlertsHarness} fake it; {@code io.vigil.pipeline.LatestFrames} is the real one.
 */
public interface FrameSource {

  /** The newest frame, or a succeeded future holding null when the camera has none yet. */
  Future<Buffer> latestJpeg(String cameraId);
}
