package io.vigil.ingest;

import static io.vigil.ingest.testing.TestCameras.await;
import static io.vigil.ingest.testing.TestCameras.camera;
import static io.vigil.ingest.testing.TestCameras.rtsp;
import static io.vigil.ingest.testing.TestCameras.threadsNamed;
import static io.vigil.ingest.testing.TestCameras.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vigil.config.Credentials;
import io.vigil.config.StreamSource;
import io.vigil.ingest.testing.TestCameras;
import io.vigil.ingest.testing.TestFaultyServer;
import io.vigil.ingest.testing.TestMedia;
import io.vigil.ingest.testing.TestRtspServer;
import io.vigil.ingest.testing.TestStallingProxy;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Broken, vanishing and stalling cameras: each is reported, retried, and harms no other camera. */
class CameraFailureIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final String SENTINEL = "S3ntinel-Pa55word";

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
  }

  private void manager(IngestOptions options) {
    manager = new CameraManager(vertx, recorder, options.withStatusInterval(Duration.ofMillis(250)));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (manager != null) await(manager.close());
    await(vertx.close());
  }

  private CameraStatus status(String id) {
    return manager.registry().get(id).orElseThrow();
  }

  @Test
  void serverThatGoesAwayIsRetriedWithBackoffAndBackOnlineWithinFiveSeconds() throws Exception {
    manager(IngestOptions.defaults().withStreamTimeout(TIMEOUT));
    TestRtspServer server = new TestRtspServer().h264("cam", h264).start();
    try {
      await(manager.start(rtsp("cam", server.uri("cam"))));
      within(Duration.ofSeconds(10), "online", () -> status("cam").online() && recorder.count("cam") > 0);

      server.stop();
      within(TIMEOUT.multipliedBy(2), "offline", () -> status("cam").state() == CameraState.OFFLINE);
      assertNotNull(status("cam").reason());
      long reconnectsAtOutage = status("cam").reconnects();
      Thread.sleep(10_000);
      long retries = status("cam").reconnects() - reconnectsAtOutage;
      // Backoff from 0.5 s doubling to a 2 s cap, with jitter: 5 to 10 tries in 10 s. A hot loop
      // would make hundreds.
      assertTrue(retries >= 4 && retries <= 12, "retries during a 10 s outage: " + retries);
      assertTrue(published.stream().anyMatch(j -> "offline".equals(j.getString("state")) && j.getString("reason") != null));

      server.start();
      long returned = System.currentTimeMillis();
      long framesBefore = recorder.count("cam");
      Duration back;
      try {
        back = within(Duration.ofSeconds(5), "online again with frames",
            () -> status("cam").online() && recorder.count("cam") > framesBefore);
      } catch (AssertionError e) {
        published.stream().filter(j -> j.getString("state") != null)
            .forEach(j -> System.out.println("event " + j.encode()));
        throw new AssertionError(e.getMessage() + "; server back at " + Instant.ofEpochMilli(returned)
            + "; " + status("cam") + "; log " + manager.registry().recentLog("cam"), e);
      }
      System.out.println("back online " + back.toMillis() + " ms after the server returned");
    } finally {
      server.stop();
    }
  }

  @Test
  void serverThatNeverAnswersTimesOutWhileNineOthersKeepDelivering() throws Exception {
    manager(IngestOptions.defaults().withStreamTimeout(TIMEOUT));
    try (TestRtspServer server = new TestRtspServer().h264("cam", h264).start();
         TestFaultyServer silent = TestFaultyServer.silent()) {
      for (int i = 0; i < 9; i++) await(manager.start(rtsp("ok" + i, server.uri("cam"))));
      for (int i = 0; i < 9; i++) {
        String id = "ok" + i;
        within(Duration.ofSeconds(20), id + " online", () -> recorder.count(id) > 0);
      }
      Map<String, Long> before = new HashMap<>();
      for (int i = 0; i < 9; i++) before.put("ok" + i, recorder.count("ok" + i));

      long t0 = System.nanoTime();
      await(manager.start(rtsp("silent", silent.uri("cam"))));
      // Within the configured timeout; the slack is for this poll and a loaded machine.
      within(TIMEOUT.plusMillis(250), "silent camera offline",
          () -> status("silent").state() == CameraState.OFFLINE);
      Duration failedAfter = Duration.ofNanos(System.nanoTime() - t0);
      System.out.println("silent server: start failed after " + failedAfter.toMillis() + " ms: " + status("silent").reason());
      assertTrue(failedAfter.compareTo(TIMEOUT.minusMillis(200)) >= 0, "failed before the timeout: " + failedAfter);

      // While the silent camera hangs in connect, again and again, every other one keeps going.
      Thread.sleep(TIMEOUT.multipliedBy(3).toMillis());
      for (int i = 0; i < 9; i++) {
        String id = "ok" + i;
        assertTrue(recorder.count(id) >= before.get(id) + 3, id + " delivered " + (recorder.count(id) - before.get(id)));
        assertTrue(status(id).online(), status(id).toString());
      }
      assertFalse(status("silent").online());
    }
  }

  @Test
  void streamThatStallsMidwayIsDeclaredStalledAndReconnectedWithinTwoTimeouts() throws Exception {
    manager(IngestOptions.defaults().withStreamTimeout(TIMEOUT));
    try (TestRtspServer server = new TestRtspServer().h264("cam", h264).start();
         TestStallingProxy proxy = new TestStallingProxy(server.port())) {
      await(manager.start(rtsp("cam", proxy.uri("cam"))));
      within(Duration.ofSeconds(10), "online", () -> status("cam").online() && recorder.count("cam") > 0);

      proxy.stall();
      List<CameraState> seen = new CopyOnWriteArrayList<>();
      Duration reconnected = within(TIMEOUT.multipliedBy(2), "reconnect", () -> {
        seen.add(status("cam").state());
        return status("cam").reconnects() > 0;
      });
      System.out.println("stall: reconnect " + reconnected.toMillis() + " ms after the stream froze; " + seen.stream().distinct().toList()
          + "; " + published.stream().filter(j -> j.getString("reason") != null).map(j -> j.getString("reason")).distinct().toList()
          + "; log " + manager.registry().recentLog("cam"));
      assertTrue(seen.contains(CameraState.STALLED), "watchdog never declared a stall: " + seen);
      long framesBefore = recorder.count("cam");
      within(Duration.ofSeconds(10), "frames again", () -> status("cam").online() && recorder.count("cam") > framesBefore);
      // Every state is published when it begins, and a stall stays a stall while it reconnects: what is
      // stored from these messages says "stalled", never "connecting".
      List<String> states = published.stream().filter(j -> "cam".equals(j.getString("cameraId")))
          .map(j -> j.getString("state")).toList();
      int stall = states.indexOf("stalled");
      assertTrue(stall > 0, "no stalled status published: " + states);
      assertFalse(states.subList(stall, states.size()).contains("connecting"), "reconnecting showed as connecting: " + states);
    }
  }

  @Test
  void garbageInsteadOfRtspGivesAClearErrorWithoutLeakingThreadsOrFilesOrThePassword() throws Exception {
    manager(IngestOptions.defaults().withStreamTimeout(TIMEOUT).withRetry(Duration.ofMillis(100), Duration.ofMillis(200)));
    try (TestFaultyServer garbage = TestFaultyServer.garbage()) {
      StreamSource source = new StreamSource.Rtsp(garbage.uri("cam"), Credentials.literal("admin", SENTINEL));
      await(manager.start(camera("junk", source, 1.0)));
      within(Duration.ofSeconds(10), "first failures", () -> status("junk").reconnects() >= 5);
      int threads = allThreads();
      long fds = openFiles();
      within(Duration.ofSeconds(30), "many failures", () -> status("junk").reconnects() >= 35);
      within(Duration.ofSeconds(2), "offline", () -> status("junk").state() == CameraState.OFFLINE);
      CameraStatus s = status("junk");
      System.out.println("garbage server: " + s.reason() + "; threads " + threads + " -> " + allThreads()
          + ", fds " + fds + " -> " + openFiles());
      assertNotNull(s.reason());
      // The garbage server's own connection threads come and go: a little slack, far below 30 failures.
      assertTrue(allThreads() <= threads + 3, "threads grew: " + threads + " -> " + allThreads());
      assertTrue(openFiles() <= fds + 3, "file descriptors grew: " + fds + " -> " + openFiles());
      assertEquals(1, threadsNamed("vigil-grab-junk"));

      // The password never shows, in status, events or the FFmpeg log; the user name may.
      List<String> outputs = new ArrayList<>();
      manager.registry().all().forEach(c -> outputs.add(c.toString()));
      published.forEach(j -> outputs.add(j.encode()));
      outputs.addAll(manager.registry().recentLog("junk"));
      assertFalse(outputs.isEmpty());
      outputs.forEach(o -> assertFalse(o.contains(SENTINEL), o));
      assertFalse(manager.registry().recentLog("junk").isEmpty(), "FFmpeg's lines explain the failure");
    }
    await(manager.stop("junk"));
    within(Duration.ofSeconds(5), "grab thread ended", () -> threadsNamed("vigil-grab-junk") == 0);
  }

  @Test
  void streamWithoutVideoIsReportedAsSuch() throws Exception {
    manager(IngestOptions.defaults().withStreamTimeout(TIMEOUT));
    try (TestRtspServer server = new TestRtspServer().aac("radio", audio).start()) {
      await(manager.start(rtsp("radio", server.uri("radio"))));
      within(Duration.ofSeconds(10), "offline", () -> status("radio").state() == CameraState.OFFLINE);
      String reason = status("radio").reason();
      assertTrue(reason.contains("no video stream") && reason.contains("audio only: aac"), reason);
      assertEquals(0, recorder.count("radio"));
      await(manager.stop("radio"));
      within(Duration.ofSeconds(5), "grab thread ended", () -> threadsNamed("vigil-grab-radio") == 0);
      assertTrue(manager.registry().get("radio").isEmpty());
    }
  }

  private static int allThreads() {
    return Thread.getAllStackTraces().size();
  }

  private static long openFiles() {
    String[] fds = new File("/proc/self/fd").list();
    return Objects.requireNonNull(fds).length;
  }
}
