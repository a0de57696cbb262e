package io.vigil.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's camera stream: a clip transcoded once to what a typical IP camera sends (H.264,
 * 1280x720, 25 fps, a keyframe every 1, 2 or 4 s, no B-frames), looped to a minute, cached by input
 * and parameters so that later runs start at once.
 */
public final class BenchFixture {
  static final int FPS = 25;
  /**
   * Keyframe intervals the bench offers: 1 s is the best case for keyframe-only decoding, 2 s the
   * factory default of most cameras a district buys, 4 s what "smart" codecs stretch it to.
   */
  public static final List<Integer> GOP_SECONDS = List.of(1, 2, 4);
  static final int SECONDS = 60;

  /**
   * What the benchmark's cameras send: the picture size of the stream Vigil decodes (a main stream of
   * 1280x720 or a 640x360 sub-stream, which is what cameras offer for detection) and the keyframe
   * interval.
   */
  public record Stream(int width, int height, int gopSeconds) {
    public static final List<String> SIZES = List.of("1280x720", "640x360");

    public Stream {
      if (!SIZES.contains(width + "x" + height)) throw new IllegalArgumentException("size " + width + "x" + height);
      if (!GOP_SECONDS.contains(gopSeconds)) throw new IllegalArgumentException("GOP of " + gopSeconds + " s");
    }

    public static Stream main(int gopSeconds) {
      return new Stream(1280, 720, gopSeconds);
    }
  }
  /** Starting points per clip; cameras take them in turn. 60 / 12: 5 s apart. */
  static final int PHASES = 12;

  private BenchFixture() {
  }

  /** The encoder settings for {@code stream}; changing any makes a new cache entry. */
  static List<String> encode(Stream stream) {
    String gop = Integer.toString(stream.gopSeconds() * FPS);
    return List.of("-an", "-vf", "scale=" + stream.width() + ":" + stream.height(), "-r", Integer.toString(FPS), "-c:v", "libx264",
        "-preset", "veryfast", "-g", gop, "-keyint_min", gop, "-sc_threshold", "0", "-bf", "0", "-pix_fmt", "yuv420p");
  }

  /**
   * The cached H.264 version of {@code input} as {@code stream} describes it, transcoded with ffmpeg if
   * not cached yet.
   */
  public static Path prepare(Path input, Stream stream, Path cacheDir, PrintStream log) throws IOException {
    if (!Files.isRegularFile(input)) throw new IOException("input clip not found: " + input);
    Path abs = input.toAbsolutePath().normalize();
    List<String> encode = encode(stream);
    String key = sha256(abs + "|" + Files.size(abs) + "|" + Files.getLastModifiedTime(abs).toMillis() + "|"
        + SECONDS + "|" + String.join(" ", encode));
    String base = abs.getFileName().toString().replaceAll("[^A-Za-z0-9_-]", "_");
    Path out = cacheDir.resolve(base + "-" + key.substring(0, 16) + ".mp4");
    if (Files.isRegularFile(out)) return out;
    Files.createDirectories(cacheDir);
    List<String> cmd = new ArrayList<>(
        List.of("-stream_loop", "-1", "-i", abs.toString(), "-t", Integer.toString(SECONDS)));
    cmd.addAll(encode);
    log.println("bench: transcoding " + abs.getFileName() + " to " + stream.width() + "x" + stream.height()
        + " H.264 with a keyframe every " + stream.gopSeconds() + " s (once, cached in " + cacheDir + ")");
    ffmpeg(cmd, out, "transcode " + abs);
    return out;
  }

  /**
   * {@code clip} (from {@link #prepare}) and {@link #PHASES}{@code - 1} copies of it that start
   * further in and wrap around, made once by copying packets (no re-encoding: each copy starts at the
   * keyframe nearest to its 5 s step, so 4 to 6 s apart with a 2 or 4 s GOP). Real cameras do not all
   * show the same moment; cameras replaying one clip from the same point would all see the same
   * person at once and ask for detector passes in bursts.
   */
  public static List<Path> phases(Path clip, int gopSeconds, PrintStream log) throws IOException {
    List<Path> out = new ArrayList<>(List.of(clip));
    String name = clip.getFileName().toString();
    String stem = name.endsWith(".mp4") ? name.substring(0, name.length() - 4) : name;
    Path list = null;
    try {
      for (int i = 1; i < PHASES; i++) {
        int from = Math.round((float) (i * SECONDS / PHASES) / gopSeconds) * gopSeconds;
        Path phase = clip.resolveSibling(stem + "-from" + from + "s.mp4");
        out.add(phase);
        if (Files.isRegularFile(phase)) continue;
        if (list == null) {
          list = Files.createTempFile(clip.getParent(), stem, ".concat.txt");
          log.println("bench: making " + (PHASES - 1) + " copies of the clip starting " + SECONDS / PHASES
              + " s apart (once, cached)");
        }
        String quoted = "'" + clip.toAbsolutePath().toString().replace("'", "'\\''") + "'";
        // The clip from `from` to its end, then from its start to `from`.
        Files.writeString(list, "file " + quoted + "\ninpoint " + from + "\nfile " + quoted + "\noutpoint " + from
            + "\n");
        ffmpeg(List.of("-f", "concat", "-safe", "0", "-i", list.toString(), "-c", "copy"), phase, "cut " + clip);
      }
    } finally {
      if (list != null) Files.deleteIfExists(list);
    }
    return out;
  }

  /** Runs ffmpeg with {@code args} writing an MP4 to a temporary file that is moved to {@code out} on success. */
  private static void ffmpeg(List<String> args, Path out, String what) throws IOException {
    String name = out.getFileName().toString();
    Path tmp = Files.createTempFile(out.getParent(), name.substring(0, Math.min(name.length(), 20)), ".part.mp4");
    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
    cmd.addAll(args);
    cmd.addAll(List.of("-f", "mp4", tmp.toString()));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("ffmpeg could not " + what + ": " + output.strip());
      }
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + what, e);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("Cannot run program")) {
        throw new IOException("ffmpeg is needed to prepare the benchmark's H.264 stream (apt-get install ffmpeg)", e);
      }
      throw e;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
