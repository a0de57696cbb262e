package io.vigil.ingest;

import org.bytedeco.opencv.opencv_core.Mat;

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
   * @param bgr             8-bit BGR image; ingest owns it and releases it when this method returns,
   *                        so clone it to keep any of it
   * @param timestampMillis wall-clock time the frame was received (epoch milliseconds)
   */
  void process(String cameraId, Mat bgr, long timestampMillis);
}
