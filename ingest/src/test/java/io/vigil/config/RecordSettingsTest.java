package io.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record: of a camera and the recording: section, with their defaults and problems. */
class RecordSettingsTest {
  @TempDir Path dir;

  private VigilConfig load(String yaml) throws Exception {
    Path f = dir.resolve("cameras.yml");
    Files.writeString(f, yaml, StandardCharsets.UTF_8);
    return VigilConfig.load(f);
  }

  private static String camera(String extra) {
    return "cameras:\n  - id: cam\n    detect: {replay: clip.mp4}\n" + extra;
  }

  @Test
  void defaultsAreEventsAroundAlertsAndTwentyGigabytes() throws Exception {
    VigilConfig c = load(camera(""));
    assertEquals(RecordSettings.DEFAULT, c.cameras().get(0).record());
    assertEquals(RecordSettings.Mode.EVENTS, c.cameras().get(0).record().mode());
    assertEquals(RecordingSettings.DEFAULT, c.recording());
    assertNull(c.recording().dir());
  }

  @Test
  void aCameraAndTheSectionAreRead() throws Exception {
    VigilConfig c = load("recording: {disk_budget: 500MB, segment: 6s, dir: /srv/vigil/rec}\n"
        + camera("    record: {mode: continuous, pre_roll: 5s, post_roll: 1m, retain_days: 30}\n"));
    RecordSettings r = c.cameras().get(0).record();
    assertEquals(new RecordSettings(RecordSettings.Mode.CONTINUOUS, Duration.ofSeconds(5), Duration.ofMinutes(1), 30), r);
    assertEquals(new RecordingSettings(500L << 20, Duration.ofSeconds(6), "/srv/vigil/rec"), c.recording());
    assertEquals(2L << 40, RecordSettingsParser.bytes("2TB"));
  }

  @Test
  void badValuesAreSaidWithTheirLine() {
    ConfigException e = assertThrows(ConfigException.class, () -> load("recording: {disk_budget: lots}\n"
        + camera("    record: {mode: always, pre_roll: 5m}\n")));
    String all = String.join("\n", e.problems());
    assertTrue(all.contains("mode: must be off, events or continuous, got 'always'"), all);
    assertTrue(all.contains("pre_roll: must be between"), all);
    assertTrue(all.contains("disk_budget: must be a size such as 500MB, 20GB or 2TB"), all);
    assertEquals(3, e.problems().size(), all);
  }
}
