package io.vigil.ingest;

import io.vigil.analytics.Picture;

/**
 * Receives each camera's analysed frames. Called on the shared analytics pool, never concurrently for
 * the same camera, so an implementation may keep per-camera state without locking.
 *
 * <p>An interface because the web module's analysis pipeline implements it and ingest's tests record
 * frames with their own.
 */
@FunctionalInterface
public interface FrameProcessor {

  /**
   * @param cameraId        the camera the frame comes from
   * @param picture         the decoded frame (YUV 4:2:0 from a camera; its BGR is made on first use);
   *                        ingest owns it and releases it when this method returns, so copy what you keep
   * @param timestampMillis wall-clock time the frame was received (epoch milliseconds)
   */
  void process(String cameraId, Picture picture, long timestampMillis);
}
