package io.vigil.web;

import io.vigil.config.CameraConfig;
import java.util.List;

/**
 * The cameras Vigil runs now, from the configuration file and registered at run time. Bound by the
 * platform to ingest's camera manager and registry; both calls are cheap and safe on an event loop.
 *
 * <p>An interface because the web tests' {@code FixtureServices} and {@code AlertsHarness} fake it; {@code io.vigil.cameras.CameraCatalog} is the real one.
 */
public interface CameraDirectory {

  List<CameraConfig> cameras();

  /** The camera's current health, or null when it has not been started. */
  CameraHealth state(String cameraId);
}
