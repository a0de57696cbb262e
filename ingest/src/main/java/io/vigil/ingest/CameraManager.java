package io.vigil.ingest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vigil.ingest.config.CameraConfig;
import java.util.Set;

/**
 * Runs one ingest worker per camera and hands their frames to a {@link FrameProcessor}. Cameras may
 * be started, stopped and replaced at any time while the platform runs (configuration file and
 * database alike). Status goes to {@link #registry()} and, as JSON, to the event bus at
 * {@link #STATUS_ADDRESS}.
 */
public interface CameraManager {

  /** Event-bus address of camera status messages (body: {@link CameraStatus#toJson()}). */
  String STATUS_ADDRESS = "vigil.camera.status";

  static CameraManager create(Vertx vertx, FrameProcessor processor, IngestOptions options) {
    return new CameraManagerImpl(vertx, processor, options);
  }

  /**
   * Starts the camera's worker. Completes once the worker runs (not once the stream is open: a camera
   * that cannot be reached is retried and shows as offline). Fails if a camera with this id already
   * runs. A disabled camera is not started.
   */
  Future<Void> start(CameraConfig config);

  /** Stops the camera's worker and forgets its status; succeeds when the camera was not running. */
  Future<Void> stop(String cameraId);

  /** Stops the camera if it runs, then starts it with the new configuration. */
  Future<Void> replace(CameraConfig config);

  CameraRegistry registry();

  /** Ids of the cameras running now. */
  Set<String> cameraIds();

  /** Stops every camera and the analytics pool; completes once frames already handed over are processed. */
  Future<Void> close();
}
