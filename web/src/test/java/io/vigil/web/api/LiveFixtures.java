package io.vigil.web.api;

import io.vigil.config.CameraConfig;
import io.vigil.config.CameraType;
import io.vigil.config.Location;
import io.vigil.config.StreamSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Cameras for the live video tests: replays paced at real time, fixtures made at test time. */
final class LiveFixtures {
  private static final Path SHARED = Path.of(System.getProperty("vigil.shared", "../shared"), "data");
  private static final Path DIR = Path.of("target", "fixtures");

  private LiveFixtures() {}

  /**
   * 40 s of the indoor H.264 clip as a 720p camera sends it: 1280x720, 10 fps, a keyframe every
   * second, no B-frames. Made with Debian's ffmpeg; never committed.
   */
  static synchronized Path h264At720p() throws Exception {
    Path out = DIR.resolve("live-720p.mp4");
    if (Files.isRegularFile(out)) return out;
    Files.createDirectories(DIR);
    Path tmp = DIR.resolve("tmp-live-720p.mp4");
    Process p = new ProcessBuilder("/usr/bin/ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-t", "40",
        "-i", shared("sample-clips/one-by-one-person-detection.mp4").toString(), "-an", "-vf", "scale=1280:720",
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-bf", "0", "-pix_fmt", "yuv420p", tmp.toString())
        .inheritIO().start();
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("ffmpeg failed making " + out);
    }
    Files.move(tmp, out);
    return out;
  }

  static Path shared(String relative) {
    Path p = SHARED.resolve(relative);
    if (!Files.isRegularFile(p)) throw new IllegalStateException("missing test clip " + p.toAbsolutePath());
    return p;
  }

  /**
   * Adds a camera everyone but the carrier sees, replaying the file in a loop at its own pace: as the
   * operator's file would (registration through the API takes RTSP only).
   */
  static void add(WebHarness h, String id, Path file) {
    h.services.cameras.put(id, new CameraConfig(id, "Camera " + id, WebHarness.SITE_A, CameraType.QUARANTINE_SITE, new Location(51.45, -0.97),
        new StreamSource.Replay(file.toAbsolutePath(), true), null, 1, List.of(), true, null));
  }
}
