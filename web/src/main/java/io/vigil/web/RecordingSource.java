package io.vigil.web;

import io.vertx.core.Future;
import io.vigil.store.RecordingIndex;
import io.vigil.store.SegmentRow;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Recorded video as the API serves it: a camera's segments and alerts over a time range, an alert's
 * clip, a segment's file and a range joined into one file. Every call runs its blocking work on a
 * worker. Access control is the caller's (the API checks the camera first).
 *
 * <p>An interface because it is a port: the platform binds it to {@code io.vigil.recordings.Playback}
 * when recording runs, and the web module's routes answer 404 without it (tests, benchmarks).
 */
public interface RecordingSource {

  /** The camera's segments overlapping [from, to), oldest first. */
  Future<List<SegmentRow>> segments(String cameraId, Instant from, Instant to);

  /** The camera's alerts raised in [from, to), for the timeline. */
  Future<List<RecordingIndex.AlertSpan>> alerts(String cameraId, Instant from, Instant to);

  /**
   * An alert's clip: its camera's segments from {@code preRoll} before it opened to {@code postRoll}
   * after it closed (or now, while it is unresolved); fails with {@link java.util.NoSuchElementException}
   * for an unknown alert.
   */
  Future<Clip> clip(UUID alertId);

  /** The file of the camera's segment starting at {@code start}; {@link java.util.NoSuchElementException} when none. */
  Future<Path> segmentFile(String cameraId, Instant start);

  /**
   * [from, to) of the camera as one MP4 (packet copy), in a temporary file the caller deletes; {@link
   * java.util.NoSuchElementException} when nothing was recorded then.
   */
  Future<Path> export(String cameraId, Instant from, Instant to);

  /** An alert's clip. */
  record Clip(UUID alertId, String cameraId, Instant from, Instant to, Instant opened, List<SegmentRow> segments,
      List<RecordingIndex.TrackRow> tracks) {}
}
