package io.vigil.ingest.record;

import java.time.Duration;
import java.util.Objects;

/**
 * How the recorders write: where, in segments of what length, how much pre-roll memory per camera at
 * most, and the free-space check.
 *
 * @param maxPreRollBytes bound of one camera's pre-roll in memory: 16 MiB holds 30 s of a 4 Mbit/s stream
 */
public record RecorderOptions(SegmentFiles files, Duration segment, long maxPreRollBytes, DiskSpace space) {
  public static final long DEFAULT_MAX_PRE_ROLL = 16L << 20;

  public RecorderOptions {
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(segment, "segment");
    Objects.requireNonNull(space, "space");
  }
}
