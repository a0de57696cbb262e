package io.vigil.ingest;

import static io.vigil.ingest.testing.TestCameras.await;
import static io.vigil.ingest.testing.TestCameras.camera;
import static io.vigil.ingest.testing.TestCameras.rtsp;
import static io.vigil.ingest.testing.TestCameras.threadsNamed;
import static io.vigil.ingest.testing.TestCameras.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vigil.config.CameraConfig;
import io.vigil.config.CameraType;
import io.vigil.config.Credentials;
import io.vigil.config.Location;
import io.vigil.config.StreamSource;
import io.vigil.ingest.testing.TestCameras;
import io.vigil.ingest.testing.TestFaultyServer;
import io.vigil.ingest.testing.TestMedia;
import io.vigil.ingest.testing.TestRtspServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ingest against a real GStreamer RTSP server serving real H.264, and against broken servers. */
class CameraIngestIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private static Path h264;
  private static Path audio;

  private Vertx vertx;
  private TestCameras.Recorder recorder;
  private CameraManager manager;
  private final List<JsonObject> published = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void fixtures() {
    h264 = TestMedia.h264();
    audio = TestMedia.audioOnly();
  }

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>consumer(CameraManager.STATUS_ADDRESS, m -> published.add(m.body()));
    recorder = new TestCameras.Recorder();
    manager = new CameraManager(vertx, recorder,
        IngestOptions.defaults().withStreamTimeout(TIMEOUT).withStatusInterval(Duration.ofMillis(250)));
  }

  @AfterEach
  void tearDown() throws Exception {
    await(manager.close());
    await(vertx.close());
  }

  private CameraStatus status(String id) {
    return manager.registry().get(id).orElseThrow();
  }

  @Test
  void deliversKeyframesAtTheAnalyticRateOnItsOwnThread() throws Exception {
    try (TestRtspServer server = new TestRtspServer().h264("cam", h264).start();
         TestFaultyServer mainStream = TestFaultyServer.silent()) {
      // Analytics decode the sub-stream only; the main stream is for the live view and left alone.
      CameraConfig config = new CameraConfig("cam1", "Gate", "site-1", CameraType.CHECKPOINT, new Location(51.5, -0.1),
          new StreamSource.Rtsp(server.uri("cam"), Credentials.none()),
          new StreamSource.Rtsp(mainStream.uri("main"), Credentials.none()), 1.0, List.of(), true, null);
      await(manager.start(config));
      assertEquals(1, threadsNamed("vigil-grab-cam1"));
      within(Duration.ofSeconds(10), "online", () -> status("cam1").online() && recorder.count("cam1") > 0);
      within(Duration.ofSeconds(10), "keyframes only", () -> status("cam1").keyframesOnly());
      long before = recorder.count("cam1");
      Thread.sleep(6000);
      long analysed = recorder.count("cam1") - before;
      // 1 fps analytic rate on a 10 fps stream with a keyframe each second.
      assertTrue(analysed >= 4 && analysed <= 8, "analysed " + analysed + " frames in 6 s");
      CameraStatus s = status("cam1");
      assertTrue(s.fpsIn() > 0.5 && s.fpsIn() < 2, "keyframes only, about 1 per second: " + s);
      assertTrue(s.lastFrame() != null);
      assertEquals(0, recorder.violations.get());
      assertTrue(recorder.threads.stream().allMatch(t -> t.startsWith("vigil-analytics-")), recorder.threads.toString());
      assertTrue(published.stream().anyMatch(j -> "cam1".equals(j.getString("cameraId")) && "online".equals(j.getString("state"))));
      assertEquals(0, mainStream.accepted());
    }
  }

  @Test
  void camerasStartAndStopWhileThePlatformRuns() throws Exception {
    try (TestRtspServer server = new TestRtspServer().h264("cam", h264).start()) {
      await(manager.start(rtsp("a", server.uri("cam"))));
      within(Duration.ofSeconds(10), "a delivers", () -> recorder.count("a") > 0);

      // Registered at run time (as from the database): starts beside the running camera.
      await(manager.start(rtsp("b", server.uri("cam"))));
      within(Duration.ofSeconds(10), "b delivers", () -> recorder.count("b") > 0);
      assertEquals(Set.of("a", "b"), manager.cameraIds());
      assertTrue(manager.start(rtsp("b", server.uri("cam"))).failed(), "a second camera b");

      await(manager.stop("a"));
      assertTrue(manager.registry().get("a").isEmpty());
      assertEquals(0, threadsNamed("vigil-grab-a"));
      long aStopped = recorder.count("a");
      long bBefore = recorder.count("b");
      Thread.sleep(3000);
      assertEquals(aStopped, recorder.count("a"));
      assertTrue(recorder.count("b") > bBefore);

      await(manager.replace(camera("b", new StreamSource.Rtsp(server.uri("cam"), Credentials.none()), 2.0)));
      assertEquals(1, threadsNamed("vigil-grab-b"));
      long bReplaced = recorder.count("b");
      within(Duration.ofSeconds(10), "b delivers after replace", () -> recorder.count("b") > bReplaced);
      await(manager.stop("b"));
      await(manager.stop("b"));
      assertTrue(manager.registry().all().isEmpty());
    }
  }

  @Test
  void replayedFileIsPacedAtItsOwnRateAndLoops() throws Exception {
    Path clip = TestMedia.h264Short();
    await(manager.start(camera("loop", new StreamSource.Replay(clip, true), 5.0)));
    await(manager.start(camera("once", new StreamSource.Replay(clip, false), 5.0)));
    within(Duration.ofSeconds(10), "once finished", () -> status("once").state() == CameraState.FINISHED);
    Thread.sleep(3000);
    CameraStatus s = status("loop");
    // A 10 fps file decodes at 10 fps like a camera, not as fast as the CPU allows.
    assertTrue(s.fpsIn() > 7 && s.fpsIn() < 13, s.toString());
    assertTrue(s.fpsAnalysed() > 3 && s.fpsAnalysed() < 7, s.toString());
    assertEquals(CameraState.ONLINE, s.state());
    assertEquals(0, s.reconnects());
    long onceFrames = recorder.count("once");
    assertTrue(onceFrames >= 10 && onceFrames <= 20, "3 s at 5 fps: " + onceFrames);
  }

  @Test
  void slowAnalyticsDropsTheOldestFramesAndCountsThem() throws Exception {
    recorder.sleepMillis = 1000;
    try (TestRtspServer server = new TestRtspServer().h264("cam", h264).start()) {
      await(manager.start(camera("slow", new StreamSource.Rtsp(server.uri("cam"), Credentials.none()), 5.0)));
      within(Duration.ofSeconds(15), "drops counted", () -> status("slow").droppedFrames() >= 5);
      Thread.sleep(2500);
      CameraStatus s = status("slow");
      assertFalse(s.keyframesOnly(), "5 fps needs more than the 1 keyframe per second: " + s);
      assertTrue(s.analysisMillis() >= 900, s.toString());
      assertTrue(published.stream().anyMatch(j -> "slow".equals(j.getString("cameraId")) && j.getLong("droppedFrames") > 0));
      assertEquals(0, recorder.violations.get());
    }
  }
}
