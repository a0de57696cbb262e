package io.vigil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The phase copies, made with the real ffmpeg from a small synthetic clip with the bench's GOP. */
class BenchFixtureTest {

  private static String run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out.strip();
  }

  /** Presentation times of the keyframes, in seconds. */
  private static List<String> keyframeTimes(Path clip) throws IOException, InterruptedException {
    return List.of(run(List.of("ffprobe", "-v", "error", "-select_streams", "v", "-skip_frame", "nokey",
        "-show_entries", "frame=pts_time", "-of", "default=nw=1:nk=1", clip.toString())).split("\\s+"));
  }

  private static String firstFrameMd5(Path clip, int seconds) throws IOException, InterruptedException {
    return run(List.of("ffmpeg", "-nostdin", "-v", "error", "-ss", Integer.toString(seconds), "-i", clip.toString(),
        "-frames:v", "1", "-f", "md5", "-"));
  }

  @Test
  void phasesAreMadeOnceAndKeepTheLengthAndAKeyframeEverySecond(@TempDir Path dir) throws Exception {
    Path clip = dir.resolve("clip.mp4");
    // 60 s, 25 fps, a keyframe every second, like the transcoded bench clip but 64x36.
    run(List.of("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x36:rate=25:duration=60",
        "-c:v", "libx264", "-g", "25", "-keyint_min", "25", "-sc_threshold", "0", "-bf", "0", "-pix_fmt", "yuv420p",
        clip.toString()));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<Path> phases = BenchFixture.phases(clip, 1, new PrintStream(log, true));
    assertEquals(BenchFixture.PHASES, phases.size());
    assertEquals(clip, phases.get(0));
    for (int i = 1; i < phases.size(); i++) {
      Path p = phases.get(i);
      assertTrue(p.getFileName().toString().endsWith("-from" + i * 5 + "s.mp4"), p.toString());
      List<String> keys = keyframeTimes(p);
      // Packets copied, timestamps continuous: 60 keyframes one second apart from 0.
      assertEquals(60, keys.size(), p + ": " + keys);
      for (int k = 0; k < keys.size(); k++) {
        assertEquals(k, Double.parseDouble(keys.get(k)), 0.05, p + " keyframe " + k);
      }
    }
    // The copy from 15 s starts with the picture the clip shows at 15 s.
    assertEquals(firstFrameMd5(clip, 15), firstFrameMd5(phases.get(3), 0));
    // Made once: a second call finds them and writes nothing.
    long modified = Files.getLastModifiedTime(phases.get(5)).toMillis();
    log.reset();
    assertEquals(phases, BenchFixture.phases(clip, 1, new PrintStream(log, true)));
    assertEquals("", log.toString());
    assertEquals(modified, Files.getLastModifiedTime(phases.get(5)).toMillis());
  }

  @Test
  void withATwoSecondGopEveryCopyStartsAtAKeyframeNearItsStep(@TempDir Path dir) throws Exception {
    Path clip = dir.resolve("clip.mp4");
    run(List.of("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x36:rate=25:duration=60",
        "-c:v", "libx264", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-bf", "0", "-pix_fmt", "yuv420p",
        clip.toString()));
    List<Path> phases = BenchFixture.phases(clip, 2, new PrintStream(new ByteArrayOutputStream(), true));
    assertEquals(BenchFixture.PHASES, phases.size());
    List<Integer> starts = List.of(0, 6, 10, 16, 20, 26, 30, 36, 40, 46, 50, 56);
    for (int i = 1; i < phases.size(); i++) {
      Path p = phases.get(i);
      assertTrue(p.getFileName().toString().endsWith("-from" + starts.get(i) + "s.mp4"), p.toString());
      List<String> keys = keyframeTimes(p);
      assertEquals(30, keys.size(), p + ": " + keys);
      for (int k = 0; k < keys.size(); k++) {
        assertEquals(2 * k, Double.parseDouble(keys.get(k)), 0.05, p + " keyframe " + k);
      }
    }
    assertEquals(firstFrameMd5(clip, 16), firstFrameMd5(phases.get(3), 0));
  }
}
