package io.vigil.ingest.record;

/**
 * What a recorder reports: finished segments (to be indexed) and whether a camera's recording runs.
 * Called on the camera's recorder thread: an implementation must hand over and return quickly.
 *
 * <p>An interface because it has two implementations: the platform's (index, camera alerts) and the
 * tests' collector.
 */
public interface RecordingListener {
  /** A segment file is complete under its final name. */
  void segment(Segment segment);

  /**
   * Recording of the camera stopped for {@code reason} (e.g. {@code disk full}), or resumed ({@code
   * reason} null). Said once per change.
   */
  void state(String cameraId, String reason);
}
