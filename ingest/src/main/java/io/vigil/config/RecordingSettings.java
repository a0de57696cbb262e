package io.vigil.config;

import java.time.Duration;

/**
 * The top-level {@code recording:} section: what all cameras' recordings share.
 *
 * @param diskBudgetBytes the most all cameras' segments together may take; the oldest go first beyond it
 * @param segment         the length of one segment file (each starts at a keyframe, so the real length
 *                        is rounded up to the camera's keyframe interval)
 * @param dir             where segments are written, relative to the file's directory; null for {@code
 *                        <data_dir>/recordings}. Cluster nodes may share one (NFS): each writes its own
 *                        subdirectory and plays the others' files
 */
public record RecordingSettings(long diskBudgetBytes, Duration segment, String dir) {

  /**
   * 20 GiB: a week of events for the demo cameras, or about 12 camera-hours of a 4 Mbit/s main stream
   * recorded continuously (BENCHMARKS.md, recording).
   */
  public static final long DEFAULT_BUDGET = 20L << 30;
  /** Ten seconds, as Frigate: short enough that a clip wastes little, long enough that rows stay few. */
  public static final Duration DEFAULT_SEGMENT = Duration.ofSeconds(10);
  public static final RecordingSettings DEFAULT = new RecordingSettings(DEFAULT_BUDGET, DEFAULT_SEGMENT, null);

  static final Duration MIN_SEGMENT = Duration.ofSeconds(2);
  static final Duration MAX_SEGMENT = Duration.ofMinutes(5);
  static final long MIN_BUDGET = 64L << 20;
}
