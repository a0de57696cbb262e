package io.vigil.ingest.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/**
 * Test media made at test time from the clips in {@code ../shared/data} with the FFmpeg program of
 * the GPL build (it has x264; the failsafe run selects it with
 * {@code org.bytedeco.javacpp.platform.extension=-gpl}), cached under {@code target/fixtures}.
 */
public final class TestMedia {
  private static final Path DIR = Path.of("target", "fixtures");

  private TestMedia() {}

  public static Path shared(String relative) {
    Path p = Path.of(System.getProperty("vigil.shared", "../shared"), "data").resolve(relative);
    if (!Files.isRegularFile(p)) throw new IllegalStateException("missing test clip " + p.toAbsolutePath());
    return p;
  }

  /**
   * 60 s of H.264 like a camera sub-stream: 640x360, 10 fps, a keyframe every second, no B-frames.
   */
  public static synchronized Path h264() {
    return make("camera-h264.mp4", List.of("-t", "60", "-i", shared("sample-clips/one-by-one-person-detection.mp4").toString(),
        "-an", "-vf", "scale=640:360", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-bf", "0",
        "-pix_fmt", "yuv420p"));
  }

  /** 3 s of the same, to see a replayed file end and loop. */
  public static synchronized Path h264Short() {
    return make("short-h264.mp4", List.of("-t", "3", "-i", shared("sample-clips/one-by-one-person-detection.mp4").toString(),
        "-an", "-vf", "scale=640:360", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-bf", "0",
        "-pix_fmt", "yuv420p"));
  }

  /**
   * 20 s of the same scene in MPEG-TS that changes resolution after 8 s, from 1280x720 to 640x360 (a
   * new SPS at a keyframe), as a camera does when an installer reconfigures it: both parts 10 fps, a
   * keyframe every second, joined by copying packets.
   */
  public static synchronized Path h264ResolutionChange() {
    Path big = make("change-720p.ts", List.of("-t", "8", "-i", shared("sample-clips/one-by-one-person-detection.mp4").toString(),
        "-an", "-vf", "scale=1280:720", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-bf", "0",
        "-pix_fmt", "yuv420p"));
    Path small = make("change-360p.ts", List.of("-ss", "8", "-t", "12", "-i",
        shared("sample-clips/one-by-one-person-detection.mp4").toString(), "-an", "-vf", "scale=640:360", "-c:v", "libx264",
        "-preset", "ultrafast", "-g", "10", "-bf", "0", "-pix_fmt", "yuv420p"));
    Path list = DIR.resolve("change.txt");
    try {
      Files.writeString(list, "file '" + big.toAbsolutePath() + "'\nfile '" + small.toAbsolutePath() + "'\n");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return make("resolution-change.ts", List.of("-f", "concat", "-safe", "0", "-i", list.toString(), "-c", "copy"));
  }

  /**
   * 24 s of 640x360 MPEG-TS whose keyframe interval goes from 1 s to 2 s after 8 s (10 fps), as when
   * an installer sets a camera's GOP to its factory default.
   */
  public static synchronized Path h264GopChange() {
    String clip = shared("sample-clips/one-by-one-person-detection.mp4").toString();
    Path one = make("gop-1s.ts", List.of("-t", "8", "-i", clip, "-an", "-vf", "scale=640:360", "-c:v", "libx264",
        "-preset", "ultrafast", "-g", "10", "-keyint_min", "10", "-sc_threshold", "0", "-bf", "0", "-pix_fmt", "yuv420p"));
    Path two = make("gop-2s.ts", List.of("-ss", "8", "-t", "16", "-i", clip, "-an", "-vf", "scale=640:360", "-c:v",
        "libx264", "-preset", "ultrafast", "-g", "20", "-keyint_min", "20", "-sc_threshold", "0", "-bf", "0",
        "-pix_fmt", "yuv420p"));
    Path list = DIR.resolve("gop-change.txt");
    try {
      Files.writeString(list, "file '" + one.toAbsolutePath() + "'\nfile '" + two.toAbsolutePath() + "'\n");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return make("gop-change.ts", List.of("-f", "concat", "-safe", "0", "-i", list.toString(), "-c", "copy"));
  }

  /** 60 s of AAC audio and nothing else: a stream whose codec is not video. */
  public static synchronized Path audioOnly() {
    return make("audio-only.mp4", List.of("-f", "lavfi", "-i", "sine=frequency=440:duration=60", "-c:a", "aac"));
  }

  /** A clip made once by the test build's FFmpeg with {@code args}, cached under target/fixtures. */
  public static Path make(String name, List<String> args) {
    Path out = DIR.resolve(name);
    if (Files.isRegularFile(out)) return out;
    try {
      Files.createDirectories(DIR);
      Path tmp = DIR.resolve("tmp-" + name);
      List<String> cmd = new ArrayList<>();
      cmd.add(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
      cmd.addAll(List.of("-hide_banner", "-loglevel", "error", "-y"));
      cmd.addAll(args);
      cmd.add(tmp.toString());
      Process p = new ProcessBuilder(cmd).inheritIO().start();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("ffmpeg failed making " + name);
      }
      Files.move(tmp, out);
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
