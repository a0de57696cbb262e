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

  /**
   * The file of the camera's segment starting at {@code start}: this node's (or, on shared storage, the
   * recording node's), or a temporary copy fetched from the node that recorded it. Fails with {@link
   * java.util.NoSuchElementException} when there is none, {@link NodeUnavailable} when its node cannot
   * give it now.
   */
  Future<SegmentFile> segmentFile(String cameraId, Instant start);

  /**
   * [from, to) of the camera as one MP4 (packet copy), in a temporary file the caller deletes; {@link
   * java.util.NoSuchElementException} when nothing was recorded then, {@link NodeUnavailable} when part of
   * the range is on a node that cannot give it now.
   */
  Future<Path> export(String cameraId, Instant from, Instant to);

  /** A segment's file; {@code temporary} when it is a copy from another node, to delete once sent. */
  record SegmentFile(Path file, boolean temporary) {}

  /**
   * A segment recorded by another cluster node that did not answer (it is down or too busy), or whose
   * segment is too large to relay: the API answers 503 with {@link #CODE}.
   */
  final class NodeUnavailable extends RuntimeException {
    public static final String CODE = "recording_node_unavailable";

    public NodeUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** An alert's clip. */
  record Clip(UUID alertId, String cameraId, Instant from, Instant to, Instant opened, List<SegmentRow> segments,
      List<RecordingIndex.TrackRow> tracks) {}
}
