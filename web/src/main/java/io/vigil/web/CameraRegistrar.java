package io.vigil.web;

import io.vertx.core.Future;
import io.vigil.ingest.config.CameraConfig;

/**
 * Adds, replaces and removes cameras at run time. The web module has already checked the caller's
 * rights and the shape of the input; the registrar checks what needs the network (the stream is
 * reachable, the address is allowed), stores the camera and starts it. A failure with {@link
 * IllegalArgumentException} is reported to the caller as a 422 with its message.
 */
public interface CameraRegistrar {

  /** Registers a new camera or replaces the one with the same id. */
  Future<CameraConfig> register(CameraConfig camera);

  /** Stops and forgets a camera; false when there was none. */
  Future<Boolean> remove(String cameraId);
}
