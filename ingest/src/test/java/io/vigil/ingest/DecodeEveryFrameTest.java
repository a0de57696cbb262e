package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.StreamSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's decode-everything mode is what a typical peer does: every frame decoded and
 * converted to BGR (as OpenCV's {@code cap.read()} in a loop does), whatever the analytic rate.
 * Vigil's own mode, on the same clip, converts only what it analyses.
 */
class DecodeEveryFrameTest {
  /** The PETS clip replays at its 10 fps: about 20 frames. */
  private static final Duration RUN = Duration.ofSeconds(2);

  private static Path clip() {
    Path p = Path.of(System.getProperty("vigil.shared", "../shared"), "data", "pets09-s2l1", "vtest.avi");
    if (!Files.isRegularFile(p)) throw new IllegalStateException("missing test clip " + p.toAbsolutePath());
    return p;
  }

  private static CameraMetrics replay(boolean decodeEveryFrame) throws Exception {
    CameraMetrics metrics = new CameraMetrics("c", "test");
    AnalyticsPool pool = new AnalyticsPool((id, bgr, ts) -> {}, 1);
    GrabLoop loop = new GrabLoop("c", new StreamSource.Replay(clip(), true), 1.0,
        IngestOptions.defaults().withDecodeEveryFrame(decodeEveryFrame), new Watchdog(Duration.ofSeconds(10)),
        metrics, pool.lane(metrics, 4), Map.of(), false);
    Thread t = new Thread(loop, "test-grab");
    t.start();
    // Loading FFmpeg's natives and opening the file take a moment on a cold JVM.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (metrics.decoded.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(metrics.decoded.get() > 0, () -> "no frame decoded: " + metrics.snapshot());
    Thread.sleep(RUN.toMillis());
    loop.stop();
    loop.done().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    pool.shutdown();
    return metrics;
  }

  @Test
  void decodeAllDecodesAndConvertsEveryFrame() throws Exception {
    CameraMetrics m = replay(true);
    assertTrue(m.decoded.get() >= 10, "frames decoded in " + RUN + ": " + m.decoded.get());
    assertEquals(m.decoded.get(), m.converted.get(), "every decoded frame converted");
  }

  @Test
  void vigilConvertsOnlyWhatItAnalyses() throws Exception {
    CameraMetrics m = replay(false);
    assertTrue(m.decoded.get() >= 1, "frames decoded: " + m.decoded.get());
    assertTrue(m.converted.get() < m.decoded.get() / 2,
        "converted " + m.converted.get() + " of " + m.decoded.get() + " decoded at 1 analysed fps");
  }
}
