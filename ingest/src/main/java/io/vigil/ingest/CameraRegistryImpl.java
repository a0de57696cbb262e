package io.vigil.ingest;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Reads status straight from each running camera's live metrics, so it is never stale. */
final class CameraRegistryImpl implements CameraRegistry {
  private final Map<String, CameraMetrics> cameras = new ConcurrentHashMap<>();

  void put(CameraMetrics metrics) {
    cameras.put(metrics.cameraId, metrics);
  }

  void remove(CameraMetrics metrics) {
    cameras.remove(metrics.cameraId, metrics);
  }

  @Override
  public Optional<CameraStatus> get(String cameraId) {
    return Optional.ofNullable(cameras.get(cameraId)).map(CameraMetrics::snapshot);
  }

  @Override
  public List<CameraStatus> all() {
    return cameras.values().stream().map(CameraMetrics::snapshot)
        .sorted(Comparator.comparing(CameraStatus::cameraId)).toList();
  }

  @Override
  public List<String> recentLog(String cameraId) {
    CameraMetrics m = cameras.get(cameraId);
    return m == null ? List.of() : m.log.snapshot();
  }
}
