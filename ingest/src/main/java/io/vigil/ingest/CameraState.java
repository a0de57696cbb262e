package io.vigil.ingest;

/** Where a camera's ingest stands. */
public enum CameraState {
  /** Opening the stream (first time or after a failure). */
  CONNECTING,
  /** Frames are arriving. */
  ONLINE,
  /** Connected but no frame has arrived for longer than the stream timeout; a reconnect follows. */
  STALLED,
  /** The last attempt failed; the reason says why and a retry is scheduled. */
  OFFLINE,
  /** A replayed file that does not loop has reached its end. */
  FINISHED
}
