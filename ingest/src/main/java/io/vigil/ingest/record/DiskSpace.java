package io.vigil.ingest.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the recordings' file system has room for another segment: its usable space above a reserve.
 * Safe from any thread.
 */
public final class DiskSpace {
  /**
   * 64 MiB: a segment of a 4 Mbit/s main stream is 5 MB, so a dozen cameras can each finish the one
   * they are writing; below it the database and logs on the same disk would be next to starve.
   */
  public static final long DEFAULT_RESERVE = 64L << 20;

  private final Path dir;
  private volatile long reserve;

  public DiskSpace(Path dir, long reserve) {
    this.dir = dir;
    this.reserve = reserve;
  }

  /** Changes the reserve (tests make the disk "full" with it; an operator could from a setting). */
  public void reserve(long bytes) {
    reserve = bytes;
  }

  public boolean hasRoom() {
    try {
      Files.createDirectories(dir);
      return Files.getFileStore(dir).getUsableSpace() > reserve;
    } catch (IOException e) {
      return false;
    }
  }
}
