package io.vigil.web;

import io.vigil.ingest.config.CameraConfig;
import java.util.List;

/**
 * The cameras Vigil runs now, from the configuration file and registered at run time. Bound by the
 * platform to ingest's camera manager and registry; both calls are cheap and safe on an event loop.
 */
public interface CameraDirectory {

  List<CameraConfig> cameras();

  /** The camera's current health, or null when it has not been started. */
  CameraHealth state(String cameraId);
}
