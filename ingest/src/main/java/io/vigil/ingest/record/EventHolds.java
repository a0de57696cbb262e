package io.vigil.ingest.record;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which cameras an event holds on record now: while any of a camera's alerts is open, and for its
 * post-roll after the last one closed. Written by whoever reports alerts, read by the recorder
 * threads; synchronized (a few calls per second at most).
 */
final class EventHolds {
  private final Map<String, Set<String>> open = new HashMap<>();
  private final Map<String, Long> until = new HashMap<>();

  /** An event of the camera opened ({@code key} names it; opening it again changes nothing). */
  synchronized void opened(String cameraId, String key) {
    open.computeIfAbsent(cameraId, k -> new HashSet<>()).add(key);
  }

  /** The event ended at {@code nowMillis}: the camera stays held for {@code postRollMillis} after its last one. */
  synchronized void closed(String cameraId, String key, long nowMillis, long postRollMillis) {
    Set<String> keys = open.get(cameraId);
    if (keys == null || !keys.remove(key)) return;
    if (keys.isEmpty()) open.remove(cameraId);
    until.merge(cameraId, nowMillis + postRollMillis, Math::max);
  }

  synchronized boolean held(String cameraId, long nowMillis) {
    if (open.containsKey(cameraId)) return true;
    Long u = until.get(cameraId);
    if (u == null) return false;
    if (nowMillis < u) return true;
    until.remove(cameraId);
    return false;
  }

  /** The open events now, by camera (a copy). */
  synchronized Map<String, Set<String>> open() {
    Map<String, Set<String>> out = new HashMap<>();
    open.forEach((camera, keys) -> out.put(camera, Set.copyOf(keys)));
    return out;
  }

  synchronized void forget(String cameraId) {
    open.remove(cameraId);
    until.remove(cameraId);
  }
}
