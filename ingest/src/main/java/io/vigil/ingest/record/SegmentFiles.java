package io.vigil.ingest.record;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where segments live and what their names say: {@code <root>/<camera>/<yyyy-MM-dd>/<start
 * ms>_<duration ms>.mp4} (UTC day). The name alone rebuilds an index row (start, end) for a file the
 * index lost, so the start-up check can repair rather than delete; a name ending {@code .part} is a
 * segment still being written, or one a killed process left unreadable. Pure.
 */
public final class SegmentFiles {
  public static final String PART = ".part";
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final Pattern NAME = Pattern.compile("(\\d{10,16})_(\\d{1,9})\\.mp4");

  private final Path root;

  public SegmentFiles(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** The camera's directory for the day of {@code startMillis}. */
  Path dir(String cameraId, long startMillis) {
    return root.resolve(cameraId).resolve(DAY.format(Instant.ofEpochMilli(startMillis)));
  }

  Path part(String cameraId, long startMillis) {
    return dir(cameraId, startMillis).resolve(startMillis + PART);
  }

  Path done(String cameraId, long startMillis, long durationMillis) {
    return dir(cameraId, startMillis).resolve(startMillis + "_" + durationMillis + ".mp4");
  }

  /**
   * The segment a finished file's path describes, or null when the path is not one (a part file, a
   * stranger's file, a file outside the root).
   */
  public Segment parse(Path file, long bytes) {
    Path rel = root.relativize(file.toAbsolutePath().normalize());
    if (rel.getNameCount() != 3 || rel.startsWith("..")) return null;
    Matcher m = NAME.matcher(rel.getFileName().toString());
    if (!m.matches()) return null;
    long start = Long.parseLong(m.group(1));
    long duration = Long.parseLong(m.group(2));
    if (!dir(rel.getName(0).toString(), start).equals(file.toAbsolutePath().normalize().getParent())) return null;
    return new Segment(rel.getName(0).toString(), Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + duration),
        bytes, file.toAbsolutePath().normalize(), 0);
  }
}
