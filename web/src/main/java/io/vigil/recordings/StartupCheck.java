package io.vigil.recordings;

import io.vigil.ingest.record.Segment;
import io.vigil.ingest.record.SegmentFiles;
import io.vigil.store.RecordingIndex;
import io.vigil.store.SegmentRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Makes files and index agree before recording starts: a {@code .part} file (the segment a killed
 * process was writing, unreadable without its index) is deleted; a finished file without a row is
 * indexed again from its name; a row without a file is removed. Run on the recordings' thread.
 */
public final class StartupCheck {
  /** Where downloads are joined before they are sent; what a stop left there is deleted. */
  static final String EXPORTS = ".exports";
  private final RecordingIndex index;
  private final SegmentFiles files;
  private final String node;

  StartupCheck(RecordingIndex index, SegmentFiles files, String node) {
    this.index = index;
    this.files = files;
    this.node = node;
  }

  /** What the check found and repaired. */
  public record Report(int segments, int partsRemoved, int filesIndexed, int strangersLeft, int rowsRemoved) {
    public boolean repaired() {
      return partsRemoved + filesIndexed + rowsRemoved > 0;
    }

    @Override
    public String toString() {
      return segments + " segments; removed " + partsRemoved + " unfinished segment files (left by a stop during "
          + "writing), indexed " + filesIndexed + " files the index lacked, removed " + rowsRemoved
          + " rows whose file was gone" + (strangersLeft > 0 ? "; left alone " + strangersLeft + " files not named as segments" : "");
    }
  }

  Report run() throws SQLException, IOException {
    Map<String, SegmentRow> rows = new HashMap<>();
    for (SegmentRow r : index.held(node)) rows.put(r.path(), r);
    int parts = 0;
    int indexed = 0;
    int strangers = 0;
    int segments = 0;
    Files.createDirectories(files.root());
    List<Path> all;
    try (Stream<Path> s = Files.walk(files.root())) {
      all = s.filter(Files::isRegularFile).toList();
    }
    Path exports = files.root().resolve(EXPORTS);
    for (Path p : all) {
      if (p.getFileName().toString().endsWith(SegmentFiles.PART) || p.startsWith(exports)) {
        Files.deleteIfExists(p);
        parts++;
        continue;
      }
      String rel = files.root().relativize(p).toString();
      if (rows.remove(rel) != null) {
        segments++;
        continue;
      }
      Segment seg = files.parse(p, Files.size(p));
      if (seg == null) {
        strangers++;
        continue;
      }
      index.add(new SegmentRow(seg.cameraId(), seg.start(), seg.end(), seg.bytes(), rel, 0, node));
      indexed++;
      segments++;
    }
    List<SegmentRow> orphans = new ArrayList<>(rows.values());
    index.remove(orphans);
    return new Report(segments, parts, indexed, strangers, orphans.size());
  }
}
