package io.vigil.alerts;

import static io.vigil.alerts.AlertsHarness.await;
import static io.vigil.alerts.AlertsHarness.hook;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vigil.alerts.AlertsHarness.Stored;
import io.vigil.alerts.WebhookReceiver.Request;
import io.vigil.analytics.CrowdEvent;
import io.vigil.analytics.Picture;
import io.vigil.config.CameraConfig;
import io.vigil.ingest.CameraState;
import io.vigil.ingest.CameraStatus;
import io.vigil.ingest.testing.TestClosedPort;
import io.vigil.store.Storage;
import io.vigil.store.StorageOptions;
import io.vigil.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a camera's own state raises: offline and degraded alerts, a full recording disk, and crowd
 * alerts kept open while the camera is blind. Real PostgreSQL, the web API and Mosquitto, as in
 * {@link AlertEngineIT}.
 */
class CameraAlertsIT {
  private static final Duration WAIT = AlertEngineIT.WAIT;
  private static TestPostgres database;
  private static Storage storage;

  @TempDir
  static Path dir;

  @BeforeAll
  static void startStorage() throws Exception {
    database = TestPostgres.create();
    storage = Storage.start(StorageOptions.builder(dir).database(database.url, TestPostgres.USER, null)
        .spoolDir(dir.resolve("spool")).flushInterval(Duration.ofMillis(20)).build());
  }

  @AfterAll
  static void stopStorage() throws Exception {
    storage.close();
    database.close();
  }

  @Test
  void aFullDiskIsACameraAlertThatClosesOnceRecordingRunsAgain() throws Exception {
    CameraConfig camera = AlertsHarness.camera("cam-rec", 1, AlertsHarness.zone("gate", 2));
    try (AlertsHarness h = new AlertsHarness(storage, dir.resolve("snapshots"), List.of(camera), x -> Map.of(
        "clear_after", "1s", "sites", Map.of(AlertsHarness.SITE, Map.of("webhooks", List.of(hook(x.receiver.url("/hook")))))))) {
      h.engine.onRecording(camera.id(), true);
      await("the disk-full alert", WAIT, () -> !AlertEngineIT.stored(h, camera.id()).isEmpty());
      assertEquals("recording_disk_full", AlertEngineIT.stored(h, camera.id()).get(0).kind());
      h.engine.onRecording(camera.id(), false);
      await("it closes once recording runs again for clear_after", WAIT,
          () -> AlertEngineIT.stored(h, camera.id()).get(0).state().equals("resolved"));
      assertEquals(1, AlertEngineIT.stored(h, camera.id()).size());
    }
  }

  @Test
  void anOfflineCameraRaisesAfterTheDebounceAndClosesWhenBackAndASlowOneIsDegraded() throws Exception {
    CameraConfig camera = AlertsHarness.camera("cam-net", 1, AlertsHarness.zone("gate", 2));
    try (AlertsHarness h = new AlertsHarness(storage, dir.resolve("snapshots"), List.of(camera), x -> Map.of(
        "offline_after", "1s", "clear_after", "1s", "degraded_after", "0s", "degraded_ratio", 0.5,
        "sites", Map.of(AlertsHarness.SITE, Map.of("webhooks", List.of(hook(x.receiver.url("/hook")))))))) {
      h.engine.onStatus(AlertEngineIT.status(camera.id(), CameraState.OFFLINE, 0));
      Thread.sleep(300);
      h.engine.onStatus(AlertEngineIT.status(camera.id(), CameraState.CONNECTING, 0));
      await("the offline alert", WAIT, () -> !AlertEngineIT.stored(h, camera.id()).isEmpty());
      assertEquals("camera_offline", AlertEngineIT.stored(h, camera.id()).get(0).kind());

      h.engine.onStatus(AlertEngineIT.status(camera.id(), CameraState.ONLINE, 0.2));
      await("the offline alert to close and a degraded one to open", WAIT, () -> AlertEngineIT.stored(h, camera.id()).size() == 2
          && AlertEngineIT.stored(h, camera.id()).get(0).state().equals("resolved"));
      Stored offline = AlertEngineIT.stored(h, camera.id()).get(0);
      assertEquals("vigil", offline.resolvedBy());
      Stored degraded = AlertEngineIT.stored(h, camera.id()).get(1);
      assertEquals("camera_degraded", degraded.kind());

      h.engine.onStatus(AlertEngineIT.status(camera.id(), CameraState.ONLINE, 1.0));
      await("the degraded alert to close", WAIT, () -> AlertEngineIT.stored(h, camera.id()).get(1).state().equals("resolved"));
      // The webhooks go out after the rows are stored: wait for the fourth rather than race it.
      await("the four webhooks", WAIT, () -> h.receiver.at("/hook").size() >= 4);
      assertEquals(List.of("opened", "opened", "closed", "closed"),
          h.receiver.at("/hook").stream().map(Request::event).sorted(Comparator.reverseOrder()).toList());
    }
  }

  @Test
  void aBlindCameraKeepsItsCrowdAlertOpenMarkedNoDataSinceAndClosesOnlyOnRealData() throws Exception {
    CameraConfig camera = AlertsHarness.camera("cam-blind", 2, AlertsHarness.zone("gate", 2));
    try (Mat frame = new Mat(360, 640, CV_8UC3, new Scalar(70, 70, 70, 0));
        AlertsHarness h = new AlertsHarness(storage, dir.resolve("snapshots"), List.of(camera), x -> Map.of(
            "clear_after", "1s", "offline_after", "2s",
            "sites", Map.of(AlertsHarness.SITE, Map.of("mqtt", x.mqttSection()))))) {
      h.engine.onAnalysis(camera, AlertEngineIT.crowd(1000, CrowdEvent.Phase.STARTED, 5, "gate"), Picture.borrowing(frame));
      await("the crowd alert", WAIT, () -> AlertEngineIT.stored(h, camera.id()).size() == 1);
      UUID id = AlertEngineIT.stored(h, camera.id()).get(0).id();

      // The last frame came 5 s ago; the watchdog says so only now. Beyond offline_after from the last
      // frame, so the offline alert opens at once.
      Instant lastFrame = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
      for (int i = 0; i < 3; i++) {
        h.engine.onStatus(blind(camera.id(), CameraState.STALLED, lastFrame));
        Thread.sleep(1000);
      }
      await("the offline alert", WAIT, () -> AlertEngineIT.stored(h, camera.id()).size() == 2);
      // Three times clear_after without frames: a blind camera's crowd alert is not "clear".
      List<Stored> during = AlertEngineIT.stored(h, camera.id());
      assertEquals("open", during.get(0).state(), "the crowd alert closed while the camera was blind");
      assertEquals("camera_offline", during.get(1).kind());
      JsonObject shown = new JsonObject(h.send("GET", "/api/v1/alerts/" + id, null).body());
      assertEquals(lastFrame.toString(), shown.getString("noDataSince"), shown.encode());
      await("the mark on MQTT", WAIT, () -> h.mqttAlerts(camera.id()).stream().map(AlertsHarness.Received::json)
          .anyMatch(j -> lastFrame.toString().equals(j.getJsonObject("alert").getString("noDataSince"))));
      await("the mark on the live feed", WAIT, () -> h.live.stream()
          .anyMatch(j -> lastFrame.toString().equals(j.getString("noDataSince"))));

      // Online again and the analytics still sees the crowd (no end): the alert stays, unmarked.
      h.engine.onStatus(AlertEngineIT.status(camera.id(), CameraState.ONLINE, 2));
      Thread.sleep(2500);
      assertEquals("open", AlertEngineIT.stored(h, camera.id()).get(0).state());
      shown = new JsonObject(h.send("GET", "/api/v1/alerts/" + id, null).body());
      assertNull(shown.getString("noDataSince"), shown.encode());
      // The offline alert closed, lasting from the last frame (over 5 s), not from its opening.
      await("the offline alert to close", WAIT, () -> AlertEngineIT.stored(h, camera.id()).get(1).state().equals("resolved"));
      JsonObject closed = h.mqttAlerts(camera.id()).stream().map(AlertsHarness.Received::json)
          .filter(j -> j.getString("event").equals("closed")).findFirst().orElseThrow();
      assertEquals("camera_offline", closed.getJsonObject("alert").getString("kind"));
      JsonObject closedAlert = closed.getJsonObject("alert");
      assertTrue(Duration.between(Instant.parse(closedAlert.getString("breachStart")),
          Instant.parse(closedAlert.getString("breachEnd"))).toSeconds() >= 7, closed.encode());

      // Real data with the crowd gone closes it.
      h.engine.onAnalysis(camera, AlertEngineIT.crowd(9000, CrowdEvent.Phase.ENDED, 0, "gate"), Picture.borrowing(frame));
      await("the crowd alert to close on real data", WAIT, () -> AlertEngineIT.stored(h, camera.id()).get(0).state().equals("resolved"));
    }
  }

  private static CameraStatus blind(String id, CameraState state, Instant lastFrame) {
    Instant now = Instant.now();
    return new CameraStatus(id, state, "stalled: no data", TestClosedPort.rtsp("x"), 0, 0, 0, 1, lastFrame, 0, false, now);
  }
}
