package io.vigil.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.store.RecordingIndex;
import io.vigil.store.SegmentRow;
import io.vigil.testing.TestPostgres;
import io.vigil.testing.TestSharedFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording process killed with SIGKILL while writing: every finished segment plays, only the one
 * being written is unreadable, and the start-up check removes it and indexes the others.
 */
class KilledRecorderIT {
  @TempDir
  Path dir;

  @Test
  void aKilledRecorderLeavesAtMostTheSegmentBeingWrittenAndTheCheckRepairsIt() throws Exception {
    Path clip = TestSharedFiles.require("data/sample-clips/one-by-one-person-detection.mp4");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        RecorderMain.class.getName(), dir.toString(), clip.toString()).redirectErrorStream(true).start();
    List<Path> finished = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      String line;
      while (finished.size() < 3 && System.nanoTime() < deadline && (line = r.readLine()) != null) {
        if (line.startsWith("SEGMENT ")) finished.add(Path.of(line.substring(8)));
      }
      assertEquals(3, finished.size(), "the child recorded three segments");
      // Half a segment into the fourth: it is being written when the process dies.
      Thread.sleep(1_000);
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    } finally {
      p.destroyForcibly();
    }
    assertNotEquals(0, p.exitValue(), "killed, not ended");
    List<Path> parts;
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    parts = files.stream().filter(f -> f.toString().endsWith(".part")).toList();
    // The next segment opens on the keyframe that ended the last one: one is being written at the kill.
    assertEquals(1, parts.size(), "only the segment being written is unfinished: " + parts);
    for (Path f : files) {
      if (f.toString().endsWith(".part")) {
        assertNotEquals(0, ffprobe(f), "an unfinished segment has no index: unreadable");
      } else {
        assertEquals(0, ffprobe(f), "a finished segment plays: " + f);
      }
    }

    try (TestPostgres pg = TestPostgres.create();
        Recordings r = new Recordings(new RecordingIndex(pg.migrated()), dir, null, 1L << 30, id -> null, (c, s) -> { })) {
      StartupCheck.Report report = r.check().get(30, TimeUnit.SECONDS);
      assertEquals(parts.size(), report.partsRemoved());
      assertEquals(files.size() - parts.size(), report.filesIndexed(), report.toString());
      for (Path part : parts) assertTrue(!Files.exists(part));
      List<SegmentRow> rows = r.index().between("killed", Instant.EPOCH, Instant.now().plusSeconds(60));
      assertEquals(files.size() - parts.size(), rows.size());
    }
  }

  private static int ffprobe(Path f) throws Exception {
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
        f.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return p.exitValue();
  }
}
