package io.vigil.web;

import io.vertx.core.Future;
import io.vigil.config.CameraConfig;
import io.vigil.config.StreamSource;
import io.vigil.ingest.StreamCheckException;
import io.vigil.ingest.StreamInfo;

/**
 * Adds, replaces and removes cameras at run time. The web module has already checked the caller's
 * rights and the shape of the input; the registrar checks what needs the network (the address is
 * allowed, the stream opens and carries video), and only then stores the camera and starts it. A
 * failure with {@link StreamCheckException} is reported to the caller as a 422 with its code and
 * (masked) message; one with {@link IllegalArgumentException} as a 422 with its message.
 *
 * <p>An interface because the web tests' {@code FixtureServices} and {@code AlertsHarness} fake it; {@code io.vigil.cameras.CameraCatalog} is the real one.
 */
public interface CameraRegistrar {

  /** A camera accepted and started, with what probing its stream measured. */
  record Registration(CameraConfig camera, StreamInfo stream) {}

  /** Registers a new camera or replaces the one with the same id. */
  Future<Registration> register(CameraConfig camera);

  /**
   * Measures a stream without registering or storing anything, after the same address check as
   * {@link #register}: what the registration form shows before the carrier saves. Fails with
   * {@link StreamCheckException} as registration does.
   */
  Future<StreamInfo> probe(StreamSource.Rtsp source);

  /** Stops and forgets a camera; false when there was none. */
  Future<Boolean> remove(String cameraId);
}
