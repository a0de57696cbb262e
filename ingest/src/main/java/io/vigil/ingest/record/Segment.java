package io.vigil.ingest.record;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One finished segment file: self-contained MP4 (moov first), starting at a keyframe.
 *
 * @param file              absolute path of the file
 * @param keyframeOffsetMillis from the segment's start to its first keyframe: 0, since every segment
 *                          starts at one; kept in the index so that a player can seek without opening
 *                          the file
 */
public record Segment(String cameraId, Instant start, Instant end, long bytes, Path file, int keyframeOffsetMillis) {

  public long durationMillis() {
    return end.toEpochMilli() - start.toEpochMilli();
  }
}
