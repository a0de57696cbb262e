package io.vigil.ingest;

import java.util.List;
import java.util.Optional;

/**
 * The current status of every running camera: the source of truth for the web module (event-bus
 * status messages are best effort and may be lost).
 */
public interface CameraRegistry {

  /** The camera's status now, or empty when it is not running. */
  Optional<CameraStatus> get(String cameraId);

  /** Every running camera's status, ordered by id. */
  List<CameraStatus> all();

  /** The camera's last FFmpeg log lines (masked), oldest first, to explain a failure; empty if unknown. */
  List<String> recentLog(String cameraId);
}
