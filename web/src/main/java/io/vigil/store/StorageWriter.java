package io.vigil.store;

/**
 * Hands time series to the storage writer. Every method returns at once, never blocks and never
 * throws, whatever the database is doing, so camera and analytics threads can call it from their
 * loops. A null argument is counted in {@link WriterStats#ignoredInputs()} and logged, and so are
 * samples and status changes offered after {@link Storage#close()}; alerts appended after it are
 * written to the spool file and stored at the next start.
 */
public interface StorageWriter {

  /** Buffered; when the buffer is full the oldest sample is dropped and counted. */
  void offer(OccupancySample sample);

  /** Never dropped: spooled to local disk, then stored in order, exactly once. */
  void append(Alert alert);

  /** Buffered like occupancy samples, in a separate buffer so floods of samples never push these out. */
  void append(CameraStatusChange change);

  WriterStats stats();
}
