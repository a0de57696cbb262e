package io.vigil.web;

import io.vigil.store.Alert;
import io.vigil.store.AlertChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Pushes what happens now to every viewer allowed to see it (the {@code /api/v1/live} event stream).
 * Safe to call from any thread, including a camera's grab or analysis thread: it only hands a message
 * to the event bus.
 *
 * <p>An interface, with one implementation ({@code io.vigil.web.api.EventBusLiveFeed}), because it is a
 * port: {@code io.vigil.web} and {@code io.vigil.pipeline} publish through it without depending on
 * {@code web.api}, where the messages' JSON shapes live (ArchitectureTest forbids the cycle).
 */
public interface LiveFeed {

  /** A tracked person on an analysed frame; the box is normalised to 0..1 of the frame. */
  record Track(long id, double left, double top, double right, double bottom) {}

  /** A zone's count on an analysed frame. */
  record ZoneCount(String zoneId, int current, double smoothed) {}

  /** Overlays of one analysed frame: boxes with track ids and per-zone counts. */
  void analysis(String cameraId, long timestampMillis, List<Track> tracks, List<ZoneCount> zones);

  void status(CameraHealth state);

  /**
   * An alert raised, updated, escalated, annotated or moved to another state ({@code change}).
   *
   * @param noDataSince the last frame of its camera while that camera is blind, else null
   */
  void alert(AlertChange change, Alert alert, Instant noDataSince);

  /** The latest per-zone counts of each camera, by camera id. */
  Map<String, List<ZoneCount>> currentCounts();
}
