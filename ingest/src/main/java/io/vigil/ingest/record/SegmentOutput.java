package io.vigil.ingest.record;

/**
 * Where a {@link PacketRouter} writes: one segment at a time. An interface because it has two
 * implementations: the recorder's MP4 files ({@link CameraRecorder}) and the unit tests' list.
 */
interface SegmentOutput {
  /** Starts a segment with a keyframe. */
  void open(RecordedPacket first);

  void write(RecordedPacket p);

  /** Ends the segment: it is complete and indexed. */
  void finish();

  /** Drops the segment being written (a write failed): nothing of it stays. */
  void abort();
}
