package io.vigil.ingest;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current status of every running camera: the source of truth for the web module (event-bus
 * status messages are best effort and may be lost).
 *
 * <p>Reads status straight from each running camera's live metrics, so it is never stale. Any thread.
 */
public final class CameraRegistry {
  private final Map<String, CameraMetrics> cameras = new ConcurrentHashMap<>();

  /** Only {@link CameraManager} keeps one: cameras enter it when their worker starts. */
  CameraRegistry() {}

  void put(CameraMetrics metrics) {
    cameras.put(metrics.cameraId, metrics);
  }

  void remove(CameraMetrics metrics) {
    cameras.remove(metrics.cameraId, metrics);
  }

  /** The camera's status now, or empty when it is not running. */
  public Optional<CameraStatus> get(String cameraId) {
    return Optional.ofNullable(cameras.get(cameraId)).map(CameraMetrics::snapshot);
  }

  /** Every running camera's status, ordered by id. */
  public List<CameraStatus> all() {
    return cameras.values().stream().map(CameraMetrics::snapshot)
        .sorted(Comparator.comparing(CameraStatus::cameraId)).toList();
  }

  /** The camera's last FFmpeg log lines (masked), oldest first, to explain a failure; empty if unknown. */
  public List<String> recentLog(String cameraId) {
    CameraMetrics m = cameras.get(cameraId);
    return m == null ? List.of() : m.log.snapshot();
  }
}
