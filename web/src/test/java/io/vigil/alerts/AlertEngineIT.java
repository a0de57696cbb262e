package io.vigil.alerts;

import static io.vigil.alerts.AlertsHarness.await;
import static io.vigil.alerts.AlertsHarness.hook;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vigil.alerts.AlertsHarness.Stored;
import io.vigil.alerts.WebhookReceiver.Request;
import io.vigil.analytics.AnalyticsSettings;
import io.vigil.analytics.Box;
import io.vigil.analytics.CameraAnalyzer;
import io.vigil.analytics.CrowdEvent;
import io.vigil.analytics.DetectorPass;
import io.vigil.analytics.FrameAnalysis;
import io.vigil.analytics.ObjectClass;
import io.vigil.analytics.Picture;
import io.vigil.analytics.TrackedObject;
import io.vigil.analytics.ZoneCount;
import io.vigil.config.CameraConfig;
import io.vigil.ingest.CameraState;
import io.vigil.ingest.CameraStatus;
import io.vigil.ingest.testing.TestClosedPort;
import io.vigil.store.DeadLetter;
import io.vigil.store.Storage;
import io.vigil.store.StorageOptions;
import io.vigil.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine end to end: real footage and analytics, PostgreSQL, the web API, Mosquitto and webhook receivers. */
class AlertEngineIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  private static final Path SHARED = Path.of(System.getProperty("vigil.shared", "../../shared"));
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
  void aCrowdOnARealClipRaisesExactlyOneAlertWithASnapshotThatReachesEveryChannel() throws Exception {
    CameraConfig camera = AlertsHarness.camera("cam-clip", 2, AlertsHarness.zone("path", 2));
    try (AlertsHarness h = new AlertsHarness(storage, dir.resolve("snapshots"), List.of(camera), x -> Map.of(
        "clear_after", "30s", "escalate_after", "10m",
        "sites", Map.of(AlertsHarness.SITE, Map.of("mqtt", x.mqttSection(),
            "webhooks", List.of(hook(x.receiver.url("/hook")))))))) {
      int analysed = analyseClip(h.engine, camera);
      assertTrue(analysed > 100, "analysed " + analysed + " frames");

      await("the alert to be stored", WAIT, () -> !stored(h, camera.id()).isEmpty());
      await("the webhook", WAIT, () -> h.receiver.at("/hook").size() >= 1);
      // Anything the clip would still raise has been handed over by now; give it time to show up.
      Thread.sleep(1500);
      List<Stored> alerts = stored(h, camera.id());
      assertEquals(1, alerts.size(), alerts.toString());
      Stored alert = alerts.get(0);
      assertEquals("over_capacity", alert.kind());
      assertEquals("path", alert.zoneId());
      assertEquals("open", alert.state());
      assertEquals(camera.id() + "/" + alert.id() + ".jpg", alert.snapshotRef());

      HttpResponse<byte[]> jpeg = h.bytes("/api/v1/alerts/" + alert.id() + "/snapshot.jpg", true);
      assertEquals(200, jpeg.statusCode());
      assertEquals("image/jpeg", jpeg.headers().firstValue("Content-Type").orElse(""));
      try (Mat decoded = opencv_imgcodecs.imdecode(new Mat(new BytePointer(jpeg.body())), opencv_imgcodecs.IMREAD_COLOR)) {
        assertEquals(768, decoded.cols());
        assertEquals(576, decoded.rows());
      }
      assertEquals(401, h.bytes("/api/v1/alerts/" + alert.id() + "/snapshot.jpg", false).statusCode());

      List<Request> hooks = h.receiver.at("/hook");
      assertEquals(1, hooks.size());
      Request opened = hooks.get(0);
      assertEquals("opened", opened.event());
      assertEquals("sha256=" + hmac(opened.body()), opened.signature());
      JsonObject body = opened.json();
      assertEquals(alert.id().toString(), body.getJsonObject("alert").getString("id"));
      assertEquals(AlertsHarness.SITE, body.getString("site"));
      assertEquals("/api/v1/alerts/" + alert.id() + "/snapshot.jpg", body.getJsonObject("alert").getString("snapshot"));
      // What a person reads, in both languages, so that the receiver shows its reader's.
      assertTrue(body.getJsonObject("text").getString("vi").startsWith("Cảnh báo mới: "), body.encode());
      assertTrue(body.getJsonObject("text").getString("en").startsWith("New alert: "), body.encode());

      List<AlertsHarness.Received> mqtt = h.mqttAlerts(camera.id());
      assertEquals(1, mqtt.stream().filter(m -> m.json().getString("event").equals("opened")).count(), mqtt.toString());
      assertTrue(h.mqtt.stream().anyMatch(m -> m.topic().endsWith("/quarantine-site-1/cam-clip/counts")));
      // The inbox hears of the opening, then of each new peak of the same alert.
      List<Double> inbox = h.live.stream().filter(a -> a.getString("id").equals(alert.id().toString()))
          .map(a -> a.getDouble("value")).toList();
      assertFalse(inbox.isEmpty());
      for (int i = 1; i < inbox.size(); i++) assertTrue(inbox.get(i) > inbox.get(i - 1), inbox.toString());
      assertTrue(h.live.stream().filter(a -> a.getString("cameraId").equals(camera.id()))
          .allMatch(a -> a.getString("id").equals(alert.id().toString())), "no other alert");

      HttpResponse<String> ack = h.send("POST", "/api/v1/alerts/" + alert.id() + "/acknowledge",
          new JsonObject().put("note", "staff on the way").encode());
      assertEquals(200, ack.statusCode(), ack.body());
      await("the acknowledgement webhook", WAIT, () -> h.receiver.at("/hook").size() == 2);
      Request acked = h.receiver.at("/hook").get(1);
      assertEquals("acknowledged", acked.event());
      assertEquals("admin", acked.json().getJsonObject("alert").getString("acknowledgedBy"));
      assertEquals("acknowledged", stored(h, camera.id()).get(0).state());
    }
  }

  /** Every other frame of the clip (5 analysed frames a second), as a camera at 5 fps would give them. */
  private static int analyseClip(AlertEngine engine, CameraConfig camera) throws Exception {
    Path model = SHARED.resolve("models/yolox-nano/yolox_nano.onnx");
    int analysed = 0;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(SHARED.resolve("data/pets09-s2l1/vtest.avi").toFile());
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
        CameraAnalyzer analyzer = new CameraAnalyzer(AnalyticsSettings.defaults().withModel(model), camera.zones())) {
      grabber.startUnsafe();
      Frame frame;
      for (long i = 0; (frame = grabber.grabImage()) != null; i++) {
        if (i % 2 != 0) continue;
        Mat bgr = converter.convert(frame);
        FrameAnalysis a = analyzer.analyze(bgr, i * 100);
        engine.onAnalysis(camera, a, Picture.borrowing(bgr));
        analysed++;
      }
      grabber.stop();
    }
    return analysed;
  }

  @Test
  void acknowledgingInTheApiStopsTheEscalation() throws Exception {
    CameraConfig camera = AlertsHarness.camera("cam-esc", 2, AlertsHarness.zone("a", 2), AlertsHarness.zone("b", 2));
    try (AlertsHarness h = new AlertsHarness(storage, dir.resolve("snapshots"), List.of(camera), x -> Map.of(
        "escalate_after", "3s",
        "sites", Map.of(AlertsHarness.SITE, Map.of("mqtt", x.mqttSection(),
            "webhooks", List.of(hook(x.receiver.url("/hook"))),
            "escalation", List.of(hook(x.receiver.url("/duty")))))));
        Mat frame = new Mat(360, 640, CV_8UC3, new Scalar(70, 70, 70, 0))) {
      h.engine.onAnalysis(camera, crowd(1000, CrowdEvent.Phase.STARTED, 5, "a", "b"), Picture.borrowing(frame));
      await("both alerts stored", WAIT, () -> stored(h, camera.id()).size() == 2);
      Map<String, UUID> ids = new HashMap<>();
      stored(h, camera.id()).forEach(s -> ids.put(s.zoneId(), s.id()));
      for (UUID id : ids.values()) {
        assertEquals(200, h.bytes("/api/v1/alerts/" + id + "/snapshot.jpg", true).statusCode(), "each zone's own picture");
      }
      assertEquals(200, h.send("POST", "/api/v1/alerts/" + ids.get("a") + "/acknowledge", "{}").statusCode());

      await("zone b's escalation", WAIT, () -> !h.receiver.at("/duty").isEmpty());
      Thread.sleep(2000);
      List<Request> duty = h.receiver.at("/duty");
      assertEquals(1, duty.size(), "only the unacknowledged alert escalates, once");
      assertEquals("escalated", duty.get(0).event());
      JsonObject escalated = duty.get(0).json().getJsonObject("alert");
      assertEquals(ids.get("b").toString(), escalated.getString("id"));
      assertEquals("critical", escalated.getString("severity"));
      assertFalse(h.receiver.at("/hook").stream().anyMatch(r -> r.event().equals("escalated")
          && r.json().getJsonObject("alert").getString("id").equals(ids.get("a").toString())));
      assertTrue(h.receiver.at("/hook").stream().anyMatch(r -> r.event().equals("escalated")),
          "the site's own webhooks hear of the escalation too");
      assertTrue(h.mqttAlerts(camera.id()).stream().anyMatch(m -> m.json().getString("event").equals("escalated")));
      assertTrue(h.live.stream().anyMatch(a -> a.getString("id").equals(ids.get("b").toString())
          && a.getString("severity").equals("critical")));
    }
  }

  @Test
  void aWebhookThatFailsFiveTimesThenRecoversGetsTheAlertExactlyOnceMore() throws Exception {
    CameraConfig camera = AlertsHarness.camera("cam-hooks", 2, AlertsHarness.zone("gate", 2));
    try (AlertsHarness h = new AlertsHarness(storage, dir.resolve("snapshots"), List.of(camera), x -> Map.of(
        "webhook_retry", Map.of("attempts", 8, "first_delay", "100ms", "max_delay", "400ms", "timeout", "2s"),
        "sites", Map.of(AlertsHarness.SITE, Map.of("mqtt", x.mqttSection(), "webhooks", List.of(
            hook(x.receiver.url("/flaky")), hook(x.receiver.url("/down?token=hunter2")), hook(x.receiver.url("/slow")))))));
        Mat frame = new Mat(360, 640, CV_8UC3, new Scalar(70, 70, 70, 0))) {
      h.receiver.on("/flaky", n -> n < 5 ? 503 : 200);
      h.receiver.on("/down", n -> 500);
      h.receiver.on("/slow", n -> 0);
      h.engine.onAnalysis(camera, crowd(1000, CrowdEvent.Phase.STARTED, 6, "gate"), Picture.borrowing(frame));

      await("the recovered receiver to take it", WAIT, () -> h.receiver.at("/flaky").stream().anyMatch(r -> r.status() == 200));
      await("the dead receiver to be given up", WAIT, () -> !deadLetters(h).isEmpty());
      Thread.sleep(1500);
      List<Request> flaky = h.receiver.at("/flaky");
      assertEquals(List.of(503, 503, 503, 503, 503, 200), flaky.stream().map(Request::status).toList());
      assertEquals(1, flaky.stream().map(Request::delivery).distinct().count(), "one delivery, retried");
      assertEquals(1, flaky.stream().map(Request::body).distinct().count());
      assertEquals("sha256=" + hmac(flaky.get(0).body()), flaky.get(5).signature());

      DeadLetter dead = deadLetters(h).get(0);
      assertEquals(h.receiver.url("/down"), dead.url(), "the token in the query is not kept");
      assertEquals(8, dead.attempts());
      assertEquals("HTTP 500", dead.lastError());
      assertEquals("opened", dead.event());
      assertEquals(AlertsHarness.SITE, dead.site());
      assertEquals(8, h.receiver.at("/down").size());

      // The receiver that never answers held its first request all along; nothing else waited for it.
      Request slow = h.receiver.at("/slow").get(0);
      AlertsHarness.Received mqtt = h.mqttAlerts(camera.id()).get(0);
      assertTrue(mqtt.nanos() < slow.nanos() + Duration.ofSeconds(2).toNanos(), "MQTT did not wait for the slow webhook");
      assertTrue(flaky.get(0).nanos() < slow.nanos() + Duration.ofSeconds(2).toNanos());
    }
  }

  @Test
  void alertsLeftOpenByAnEarlierRunAreTakenOverAndCloseOnceClear() throws Exception {
    CameraConfig camera = AlertsHarness.camera("cam-restart", 2, AlertsHarness.zone("a", 2), AlertsHarness.zone("b", 2));
    Function<AlertsHarness, Map<String, Object>> settings = x -> Map.of("clear_after", "2s",
        "sites", Map.of(AlertsHarness.SITE, Map.of("webhooks", List.of(hook(x.receiver.url("/hook"))))));
    try (Mat frame = new Mat(360, 640, CV_8UC3, new Scalar(70, 70, 70, 0))) {
      try (AlertsHarness first = new AlertsHarness(storage, dir.resolve("snapshots"), List.of(camera), settings)) {
        first.engine.onAnalysis(camera, crowd(1000, CrowdEvent.Phase.STARTED, 5, "a", "b"), Picture.borrowing(frame));
        await("both alerts stored", WAIT, () -> stored(first, camera.id()).size() == 2);
      }
      try (AlertsHarness second = new AlertsHarness(storage, dir.resolve("snapshots"), List.of(camera), settings)) {
        // The crowd in zone a is still there after the restart; zone b's has gone.
        second.engine.onAnalysis(camera, crowd(1000, CrowdEvent.Phase.STARTED, 6, "a"), Picture.borrowing(frame));
        await("zone b's alert to close", WAIT, () -> stored(second, camera.id()).stream()
            .anyMatch(s -> s.zoneId().equals("b") && s.state().equals("resolved")));
        Thread.sleep(1000);
        List<Stored> alerts = stored(second, camera.id());
        assertEquals(2, alerts.size(), "no new alert for the crowd that stayed: " + alerts);
        Stored a = alerts.stream().filter(s -> s.zoneId().equals("a")).findFirst().orElseThrow();
        assertEquals("open", a.state());
        assertEquals("vigil", alerts.stream().filter(s -> s.zoneId().equals("b")).findFirst().orElseThrow().resolvedBy());
        await("the closing webhook", WAIT, () -> !second.receiver.at("/hook").isEmpty());
        assertEquals(List.of("closed"), second.receiver.at("/hook").stream().map(Request::event).toList());
      }
    }
  }

  /** Two engines on one database, as two cluster nodes: a camera handed from one to the other keeps its alert. */
  @Test
  void aCameraHandedToAnotherNodeContinuesItsAlertThere() throws Exception {
    CameraConfig camera = AlertsHarness.camera("cam-moved", 2, AlertsHarness.zone("a", 2));
    Function<AlertsHarness, Map<String, Object>> settings = x -> Map.of("clear_after", "2s",
        "sites", Map.of(AlertsHarness.SITE, Map.of("webhooks", List.of(hook(x.receiver.url("/hook"))))));
    Set<String> ownedByB = ConcurrentHashMap.newKeySet();
    try (Mat frame = new Mat(360, 640, CV_8UC3, new Scalar(70, 70, 70, 0));
        AlertsHarness a = new AlertsHarness(storage, dir.resolve("snapshots"), List.of(camera), settings);
        AlertsHarness b = new AlertsHarness(storage, dir.resolve("snapshots"), List.of(camera), settings)) {
      b.engine.ownership(ownedByB::contains);
      a.engine.onAnalysis(camera, crowd(1000, CrowdEvent.Phase.STARTED, 5, "a"), Picture.borrowing(frame));
      await("node A's alert stored", WAIT, () -> stored(a, camera.id()).size() == 1);
      UUID id = stored(a, camera.id()).get(0).id();
      // Node B does not pull the camera: what reaches it about the camera raises nothing.
      b.engine.onAnalysis(camera, crowd(1500, CrowdEvent.Phase.STARTED, 5, "a"), Picture.borrowing(frame));
      b.engine.onStatus(status(camera.id(), CameraState.OFFLINE, 0));

      // The handover: A stops and forgets the camera, B reads its open alert before starting it.
      a.engine.release(camera.id());
      // Stopping the camera on A ends its frames; without the release A would close the alert once clear.
      a.engine.onStatus(status(camera.id(), CameraState.FINISHED, 0));
      ownedByB.add(camera.id());
      b.engine.takeOver(camera.id()).await(10, TimeUnit.SECONDS);
      b.engine.onAnalysis(camera, crowd(2000, CrowdEvent.Phase.STARTED, 7, "a"), Picture.borrowing(frame));
      // Longer than clear_after: A, which saw the crowd last long ago, must not close it.
      Thread.sleep(3000);
      b.engine.onAnalysis(camera, crowd(5000, CrowdEvent.Phase.STARTED, 7, "a"), Picture.borrowing(frame));
      List<Stored> during = stored(a, camera.id());
      assertEquals(1, during.size(), "the crowd that stayed keeps its alert: " + during);
      assertEquals(id, during.get(0).id());
      assertEquals("open", during.get(0).state(), "node A forgot the alert without closing it");

      // B owns it now: when the crowd goes, B closes that same alert.
      b.engine.onAnalysis(camera, crowd(6000, CrowdEvent.Phase.ENDED, 0, "a"), Picture.borrowing(frame));
      await("node B to close the alert", WAIT, () -> stored(b, camera.id()).get(0).state().equals("resolved"));
      assertEquals(1, stored(b, camera.id()).size());
      assertEquals(List.of("opened"), a.receiver.at("/hook").stream().map(Request::event).toList());
      // The webhook goes out after the row is stored: wait for it rather than race it.
      await("node B's closing webhook", WAIT, () -> !b.receiver.at("/hook").isEmpty());
      assertEquals(List.of("closed"), b.receiver.at("/hook").stream().map(Request::event).toList());
    }
  }

  /**
   * A handover reads the database: a release completes only once what the engine raised for the camera
   * is stored, even an alert opened just before (its snapshot still being written).
   */
  @Test
  void aReleaseCompletesOnceTheCamerasAlertIsStored() throws Exception {
    CameraConfig camera = AlertsHarness.camera("cam-released", 2, AlertsHarness.zone("a", 2));
    try (Mat frame = new Mat(360, 640, CV_8UC3, new Scalar(70, 70, 70, 0));
        AlertsHarness a = new AlertsHarness(storage, dir.resolve("snapshots"), List.of(camera),
            x -> Map.of("clear_after", "2s"))) {
      a.engine.onAnalysis(camera, crowd(1000, CrowdEvent.Phase.STARTED, 5, "a"), Picture.borrowing(frame));
      a.engine.release(camera.id()).await(10, TimeUnit.SECONDS);
      List<Stored> now = stored(a, camera.id());
      assertEquals(1, now.size(), "stored when the release completed: " + now);
      assertEquals("open", now.get(0).state());
    }
  }

  static FrameAnalysis crowd(long ts, CrowdEvent.Phase phase, int people, String... zones) {
    List<ZoneCount> counts = Arrays.stream(zones).map(z -> new ZoneCount(z, people, people, 0, 0, 0, 0)).toList();
    List<CrowdEvent> events = Arrays.stream(zones)
        .map(z -> new CrowdEvent(CrowdEvent.Kind.OVER_CAPACITY, z, phase, people, 2, ts, null)).toList();
    return new FrameAnalysis(ts, 640, 360, List.of(new TrackedObject(1, ObjectClass.PERSON, new Box(0.2, 0.3, 0.3, 0.8), 0.9)),
        counts, events, DetectorPass.WHOLE_FRAME, Map.of());
  }

  static CameraStatus status(String id, CameraState state, double fpsAnalysed) {
    Instant now = Instant.now();
    return new CameraStatus(id, state, state == CameraState.ONLINE ? null : "connection refused", TestClosedPort.rtsp("x"),
        fpsAnalysed, fpsAnalysed, 0, 0, state == CameraState.ONLINE ? now : null, 20, false, now);
  }

  static List<Stored> stored(AlertsHarness h, String camera) {
    try {
      return h.stored(camera);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<DeadLetter> deadLetters(AlertsHarness h) {
    try {
      return h.engine.deadLetters(10).await(10, TimeUnit.SECONDS).stream()
          .filter(d -> d.url().endsWith("/down")).toList();
    } catch (TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  private static String hmac(String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(AlertsHarness.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }
}
