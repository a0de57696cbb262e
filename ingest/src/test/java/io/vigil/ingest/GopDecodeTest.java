package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.StreamSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;

/**
 * How much of a real H.264 stream Vigil decodes at 1 analysed fps, per keyframe interval (GOP), for
 * the intervals cameras ship with: 1 s (keyframes only), 2 s (up to the frame one second in: about
 * half) and 4 s (up to three seconds in: about three quarters). The streams are generated here at 25
 * fps (OpenH264, which the LGPL FFmpeg build has) and replayed at their real rate through the grab
 * loop, so the decoder, JavaCV's packet skipping and the sampler's wall clock all take part.
 */
class GopDecodeTest {
  private static final int FPS = 25;

  record PerGop(double decoded, double analysed) {}

  @Test
  void decodesEachKeyframeIntervalOnlyUpToItsLastSampledFrame() throws Exception {
    // The three replays run side by side: together they take as long as the 4 s one.
    var one = CompletableFuture.supplyAsync(() -> measure(1));
    var two = CompletableFuture.supplyAsync(() -> measure(2));
    var four = CompletableFuture.supplyAsync(() -> measure(4));

    PerGop g1 = one.get(60, TimeUnit.SECONDS);
    System.out.printf("GOP-DECODE per GOP at 1 analysed fps, %d fps stream: 1 s %s, 2 s %s, 4 s %s%n", FPS, g1,
        two.get(60, TimeUnit.SECONDS), four.get(60, TimeUnit.SECONDS));
    assertEquals(1.0, g1.decoded(), 0.01, "1 s GOP: the keyframe only, of " + FPS + " frames");
    assertEquals(1.0, g1.analysed(), 0.01);

    PerGop g2 = two.get(60, TimeUnit.SECONDS);
    // Frames 0..25 of 50: the keyframe, and up to the frame one second later; a frame either side for
    // where the measuring window falls.
    assertTrue(g2.decoded() >= 25 && g2.decoded() <= 27, "2 s GOP: decoded per GOP " + g2 + " of 50");
    assertEquals(2.0, g2.analysed(), 0.01);

    PerGop g4 = four.get(60, TimeUnit.SECONDS);
    assertTrue(g4.decoded() >= 75 && g4.decoded() <= 77, "4 s GOP: decoded per GOP " + g4 + " of 100");
    assertEquals(4.0, g4.analysed(), 0.01);
  }

  /** Replays a stream with a keyframe every {@code gopSeconds}, and counts over two of its GOPs. */
  private static PerGop measure(int gopSeconds) {
    try {
      Path clip = clip(gopSeconds);
      CameraMetrics metrics = new CameraMetrics("gop" + gopSeconds, "test");
      AtomicLong analysed = new AtomicLong();
      AnalyticsPool pool = new AnalyticsPool((id, bgr, ts) -> analysed.incrementAndGet(), 1);
      GrabLoop loop = new GrabLoop("gop" + gopSeconds, new StreamSource.Replay(clip, true), 1.0, IngestOptions.defaults(),
          new Watchdog(Duration.ofSeconds(10)), metrics, pool.lane(metrics, 4), Map.of(), false);
      Thread t = new Thread(loop, "test-grab-gop" + gopSeconds);
      t.start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (metrics.decoded.get() == 0 && System.nanoTime() < deadline) Thread.sleep(10);
        assertTrue(metrics.decoded.get() > 0, () -> "no frame decoded: " + metrics.snapshot());
        // Two keyframes to learn the interval, one more to come in step with it.
        Thread.sleep(TimeUnit.SECONDS.toMillis(3L * gopSeconds) + 500);
        long d0 = metrics.decoded.get();
        long a0 = analysed.get();
        Thread.sleep(TimeUnit.SECONDS.toMillis(2L * gopSeconds));
        return new PerGop((metrics.decoded.get() - d0) / 2.0, Math.round((analysed.get() - a0) / 2.0 * 2) / 2.0);
      } finally {
        loop.stop();
        loop.done().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        pool.shutdown();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** 30 s of a 25 fps test pattern in H.264, a keyframe every {@code gopSeconds}, cached in target. */
  private static synchronized Path clip(int gopSeconds) throws IOException, InterruptedException {
    Path dir = Path.of("target", "fixtures");
    Path out = dir.resolve("gop-" + gopSeconds + "s.mp4");
    if (Files.isRegularFile(out)) return out;
    Files.createDirectories(dir);
    Path tmp = dir.resolve("tmp-" + out.getFileName());
    List<String> cmd = new ArrayList<>(List.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class),
        "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=" + FPS,
        "-t", "30", "-c:v", "libopenh264", "-g", Integer.toString(gopSeconds * FPS), "-pix_fmt", "yuv420p",
        tmp.toString()));
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("ffmpeg failed making " + out);
    }
    Files.move(tmp, out);
    return out;
  }
}
