package io.vigil.ingest;

import static io.vigil.ingest.testing.TestCameras.await;
import static io.vigil.ingest.testing.TestCameras.rtsp;
import static io.vigil.ingest.testing.TestCameras.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vigil.analytics.AnalyticsSettings;
import io.vigil.analytics.CameraAnalyzer;
import io.vigil.analytics.DetectorPass;
import io.vigil.analytics.FrameAnalysis;
import io.vigil.analytics.Point;
import io.vigil.analytics.Zone;
import io.vigil.ingest.testing.TestCameras;
import io.vigil.ingest.testing.TestMedia;
import io.vigil.ingest.testing.TestRtspServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A camera whose installer changes its resolution while Vigil runs (a real RTSP server whose H.264
 * goes from 1280x720 to 640x360 at a keyframe): the grab loop keeps its connection, says so once, and
 * the analyzer, fed the new size, restarts its size-bound state and goes on counting in the same zones.
 */
class StreamChangeIT {
  private static final Path MODEL = Path.of(System.getProperty("vigil.shared", "../shared"), "models", "yolox-nano",
      "yolox_nano.onnx");

  private static final Logger GRAB_LOG = Logger.getLogger("io.vigil.ingest.GrabLoop");

  record Analysed(int width, int height, FrameAnalysis analysis) {}

  /** Collects the grab loop's log lines that contain {@code text}, formatted. */
  private static Handler said(String text, List<String> into) {
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getMessage() != null && r.getMessage().contains(text)) {
          into.add(MessageFormat.format(r.getMessage(), r.getParameters()));
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    GRAB_LOG.addHandler(handler);
    return handler;
  }

  @Test
  void aLongerKeyframeIntervalIsFollowedWithoutReopeningTheStream() throws Exception {
    Path stream = TestMedia.h264GopChange();
    List<String> said = new CopyOnWriteArrayList<>();
    Handler handler = said("keyframe interval", said);
    Vertx vertx = Vertx.vertx();
    TestCameras.Recorder recorder = new TestCameras.Recorder();
    try (TestRtspServer server = new TestRtspServer().h264Ts("cam", stream).start()) {
      CameraManager manager = new CameraManager(vertx, recorder,
          IngestOptions.defaults().withStreamTimeout(Duration.ofSeconds(2)).withStatusInterval(Duration.ofMillis(250)));
      try {
        await(manager.start(rtsp("cam", server.uri("cam"))));
        within(Duration.ofSeconds(15), "keyframes only on the 1 s GOP",
            () -> manager.registry().get("cam").map(CameraStatus::keyframesOnly).orElse(false));
        within(Duration.ofSeconds(20), "decoding more than keyframes after the GOP became 2 s",
            () -> !manager.registry().get("cam").orElseThrow().keyframesOnly());
        // The rate is measured once the new interval is confirmed (two intervals that agree), not
        // during the interval in which the sampler still plans with the old one.
        within(Duration.ofSeconds(10), "the new keyframe interval said", () -> !said.isEmpty());
        long before = recorder.count("cam");
        Thread.sleep(6000);
        long analysed = recorder.count("cam") - before;
        assertTrue(analysed >= 5 && analysed <= 7, "1 fps kept on the 2 s GOP: " + analysed + " frames in 6 s");
        assertEquals(0, manager.registry().get("cam").orElseThrow().reconnects(), "the connection was kept");
      } finally {
        await(manager.close());
      }
    } finally {
      GRAB_LOG.removeHandler(handler);
      await(vertx.close());
    }
    assertEquals(List.of("camera cam changed its keyframe interval from 1.0 s to 2.0 s; now decoding each interval up "
        + "to its last analysed frame"), said);
  }

  @Test
  void aResolutionChangeMidStreamIsFollowedWithoutAReconnect() throws Exception {
    if (!Files.isRegularFile(MODEL)) throw new IllegalStateException("missing model " + MODEL.toAbsolutePath());
    Path stream = TestMedia.h264ResolutionChange();
    List<String> said = new CopyOnWriteArrayList<>();
    Handler handler = said("changed its stream", said);
    List<Analysed> seen = new CopyOnWriteArrayList<>();
    Zone lowerHalf = new Zone("lower", List.of(new Point(0, 0.5), new Point(1, 0.5),
        new Point(1, 1), new Point(0, 1)), null, null, null, Duration.ofMinutes(1));
    Vertx vertx = Vertx.vertx();
    try (CameraAnalyzer analyzer = new CameraAnalyzer(AnalyticsSettings.defaults().withModel(MODEL), List.of(lowerHalf));
        TestRtspServer server = new TestRtspServer().h264Ts("cam", stream).start()) {
      FrameProcessor analyse = (id, picture, ts) ->
          seen.add(new Analysed(picture.width(), picture.height(), analyzer.analyze(picture, ts)));
      CameraManager manager = new CameraManager(vertx, analyse,
          IngestOptions.defaults().withStreamTimeout(Duration.ofSeconds(2)).withStatusInterval(Duration.ofMillis(250)));
      try {
        await(manager.start(rtsp("cam", server.uri("cam"))));
        within(Duration.ofSeconds(30), "frames at 640x360 after 1280x720",
            () -> seen.stream().anyMatch(a -> a.width() == 1280) && seen.stream().filter(a -> a.width() == 640).count() >= 3);
        assertEquals(0, manager.registry().get("cam").orElseThrow().reconnects(), "the connection was kept");
      } finally {
        await(manager.close());
      }
    } finally {
      GRAB_LOG.removeHandler(handler);
      await(vertx.close());
    }
    int first360 = 0;
    while (seen.get(first360).width() != 640) first360++;
    for (int i = 0; i < seen.size(); i++) {
      Analysed a = seen.get(i);
      assertEquals(i < first360 ? 1280 : 640, a.width(), "frame " + i + " is " + a.width() + "x" + a.height());
      // The analysis is at the size of its frame, with the same zone.
      assertEquals(a.width(), a.analysis().width());
      assertEquals(a.height(), a.analysis().height());
      assertEquals("lower", a.analysis().zones().get(0).zoneId());
    }
    // Nothing learned at 1280x720 is trusted at 640x360: the first frame at the new size gets a whole-frame pass.
    assertEquals(DetectorPass.WHOLE_FRAME, seen.get(first360).analysis().detectorPass());
    assertEquals(List.of("camera cam changed its stream from 1280x720 to 640x360; the analysis continues at the new size "
        + "(zones scale, the background model and tracks restart)"), said);
  }
}
