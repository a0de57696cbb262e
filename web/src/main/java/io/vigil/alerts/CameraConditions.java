package io.vigil.alerts;

import io.vigil.config.AlertSettings;
import io.vigil.config.CameraConfig;
import io.vigil.ingest.CameraState;
import io.vigil.ingest.CameraStatus;
import io.vigil.store.Alert;
import io.vigil.store.AlertState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What a camera's ingest status means for its incidents: offline (counted from its last frame, since
 * the watchdog sees a stall only a stream timeout after it began), degraded (too few frames analysed),
 * and its crowd incidents blind while it sends nothing. Runs on the engine's context; {@link
 * #noDataSince} may be called from any thread.
 */
final class CameraConditions {
  private static final Set<CameraState> OFFLINE = Set.of(CameraState.OFFLINE, CameraState.STALLED, CameraState.CONNECTING);

  private final AlertSettings settings;
  private final Incidents incidents;
  /** Cameras sending no frames, with their last frame: written on the engine's context, read by the API. */
  private final Map<String, Instant> noData = new ConcurrentHashMap<>();

  CameraConditions(AlertSettings settings, Incidents incidents) {
    this.settings = settings;
    this.incidents = incidents;
  }

  /** @param camera the camera's configuration, or null when it has none (its degraded target is then 0) */
  List<Incidents.Event> status(CameraStatus s, CameraConfig camera, Instant now) {
    boolean down = OFFLINE.contains(s.state());
    Instant lastData = s.lastFrame() != null ? s.lastFrame() : s.since();
    List<Incidents.Event> changes = new ArrayList<>(incidents.observe(
        new Incidents.Key(s.cameraId(), null, Incidents.Kind.CAMERA_OFFLINE), down,
        0, settings.offlineAfter().toSeconds(), settings.offlineAfter(), false, lastData, now));
    double target = camera == null ? 0 : camera.analyticFps() * settings.degradedRatio();
    changes.addAll(incidents.observe(new Incidents.Key(s.cameraId(), null, Incidents.Kind.CAMERA_DEGRADED),
        s.state() == CameraState.ONLINE && s.fpsAnalysed() < target, s.fpsAnalysed(), target,
        settings.degradedAfter(), false, now));
    if (down) {
      noData.putIfAbsent(s.cameraId(), lastData);
      changes.addAll(incidents.blind(s.cameraId(), noData.get(s.cameraId()), now));
    } else if (s.state() == CameraState.ONLINE) {
      if (noData.remove(s.cameraId()) != null) changes.addAll(incidents.sighted(s.cameraId(), now));
    } else if (s.state() == CameraState.FINISHED) {
      noData.remove(s.cameraId());
      changes.addAll(incidents.crowdLost(s.cameraId(), now));
    }
    return changes;
  }

  /** The camera's last frame for a crowd alert not resolved while the camera sends none; else null. */
  Instant noDataSince(Alert a) {
    Incidents.Kind kind = Incidents.Kind.ofCode(a.kind());
    if (kind == null || !kind.crowd() || a.state() == AlertState.RESOLVED) return null;
    return noData.get(a.cameraId());
  }

  /** Cluster: the camera is pulled by another node now. */
  void forget(String cameraId) {
    noData.remove(cameraId);
  }

  /** Cluster: only the cameras this node pulls stay. */
  void retain(Predicate<String> owns) {
    noData.keySet().removeIf(id -> !owns.test(id));
  }
}
