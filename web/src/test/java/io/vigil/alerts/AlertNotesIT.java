package io.vigil.alerts;

import static io.vigil.alerts.AlertsHarness.await;
import static io.vigil.alerts.AlertsHarness.hook;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.alerts.WebhookReceiver.Request;
import io.vigil.analytics.CrowdEvent;
import io.vigil.analytics.Picture;
import io.vigil.config.CameraConfig;
import io.vigil.store.AlertJson;
import io.vigil.store.Storage;
import io.vigil.store.StorageOptions;
import io.vigil.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alert's notes and actions through the API, on PostgreSQL, with the engine closing it itself; and
 * the one alert shape ({@link AlertJson}) on every channel: the API, the live feed, MQTT and webhooks.
 */
class AlertNotesIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<String> SHAPE = AlertJson.FIELDS.stream().map(AlertJson.Field::name).toList();
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
  void notesAndActionsAreAHistoryThatVigilsOwnClosingKeepsAndEveryChannelSpeaksOneShape() throws Exception {
    CameraConfig camera = AlertsHarness.camera("cam-notes", 2, AlertsHarness.zone("door", 2));
    try (AlertsHarness h = new AlertsHarness(storage, dir.resolve("snapshots"), List.of(camera), x -> Map.of(
        "clear_after", "2s", "escalate_after", "1h",
        "sites", Map.of(AlertsHarness.SITE, Map.of("mqtt", x.mqttSection(),
            "webhooks", List.of(hook(x.receiver.url("/hook")))))));
        Mat frame = new Mat(360, 640, CV_8UC3, new Scalar(70, 70, 70, 0))) {
      List<JsonObject> envelopes = new CopyOnWriteArrayList<>();
      h.vertx.eventBus().<JsonObject>consumer("vigil.web.live", m -> {
        if ("alert".equals(m.body().getString("type"))) envelopes.add(m.body());
      });
      Instant before = Instant.now();
      h.engine.onAnalysis(camera, AlertEngineIT.crowd(1000, CrowdEvent.Phase.STARTED, 5, "door"), Picture.borrowing(frame));
      await("the alert to be stored", WAIT, () -> !stored(h, camera.id()).isEmpty());
      UUID id = h.stored(camera.id()).get(0).id();
      String path = "/api/v1/alerts/" + id;

      JsonObject opened = get(h, path);
      assertEquals(SHAPE, List.copyOf(opened.fieldNames()), "the API answers in the one shape");
      assertEquals(1, opened.getInteger("v"));
      // The zone's rule holds 1 s before it reports the crowd: the breach began that much before the alert.
      Instant breachStart = Instant.parse(opened.getString("breachStart"));
      assertEquals(Duration.ofSeconds(1), Duration.between(breachStart, Instant.parse(opened.getString("time"))));
      assertTrue(!breachStart.isBefore(before.minusSeconds(1)), breachStart + " vs " + before);
      assertNull(opened.getString("breachEnd"));

      assertEquals(200, note(h, path, "Đã cử bảo vệ đến cửa").statusCode());
      HttpResponse<String> ack = h.send("POST", path + "/acknowledge", "{}");
      assertEquals(200, ack.statusCode(), ack.body());
      HttpResponse<String> second = note(h, path, "Đám đông đang giải tán");
      assertEquals(200, second.statusCode(), second.body());
      JsonObject acknowledged = new JsonObject(second.body());
      assertEquals(SHAPE, List.copyOf(acknowledged.fieldNames()));
      assertEquals("acknowledged", acknowledged.getString("state"));
      assertEquals("admin", acknowledged.getString("acknowledgedBy"));
      assertEquals(2, acknowledged.getJsonArray("notes").size());

      // Bad input is refused with a clear error; nothing is added.
      assertEquals(400, note(h, path, "   ").statusCode());
      assertEquals(400, h.send("POST", path + "/notes", "{\"text\":\"x\",\"note\":\"y\"}").statusCode());
      assertEquals(404, note(h, "/api/v1/alerts/" + UUID.randomUUID(), "lost").statusCode());

      // The crowd leaves; Vigil closes the alert itself once it has been clear for clear_after.
      h.engine.onAnalysis(camera, AlertEngineIT.crowd(9000, CrowdEvent.Phase.ENDED, 0, "door"), null);
      await("Vigil to resolve the alert", WAIT, () -> stored(h, camera.id()).get(0).state().equals("resolved"));
      await("the closing webhook", WAIT, () -> h.receiver.at("/hook").stream().anyMatch(r -> r.event().equals("closed")));

      JsonObject resolved = get(h, path);
      assertEquals("resolved", resolved.getString("state"));
      assertEquals("vigil", resolved.getString("resolvedBy"));
      assertNotNull(resolved.getString("resolvedAt"));
      assertEquals("admin", resolved.getString("acknowledgedBy"), "who acknowledged it is kept");
      assertNotNull(resolved.getString("acknowledgedAt"));
      assertNotNull(resolved.getString("breachEnd"));
      JsonArray notes = resolved.getJsonArray("notes");
      assertEquals(3, notes.size(), notes.encodePrettily());
      assertEquals("Đã cử bảo vệ đến cửa", notes.getJsonObject(0).getString("text"));
      assertEquals("admin", notes.getJsonObject(0).getString("by"));
      assertEquals("Đám đông đang giải tán", notes.getJsonObject(1).getString("text"));
      assertEquals("vigil", notes.getJsonObject(2).getString("by"));
      assertTrue(notes.getJsonObject(2).getString("text").startsWith("Cleared for 2s"), notes.encode());

      JsonArray history = get(h, path + "/history").getJsonArray("items");
      assertEquals(List.of("opened", "noted", "acknowledged", "noted", "noted", "closed"),
          history.stream().map(o -> ((JsonObject) o).getString("event")).toList(), history.encodePrettily());
      assertEquals("vigil", history.getJsonObject(history.size() - 1).getString("by"));

      // Every channel carries the alert in the same shape.
      List<Request> hooks = h.receiver.at("/hook");
      assertEquals(List.of("opened", "acknowledged", "closed"), hooks.stream().map(Request::event).toList());
      for (Request r : hooks) assertEquals(SHAPE, List.copyOf(r.json().getJsonObject("alert").fieldNames()), r.event());
      JsonObject closedHook = hooks.get(2).json().getJsonObject("alert");
      assertEquals(3, closedHook.getJsonArray("notes").size(), "the webhook hears the operators' notes too");
      assertEquals("vigil", closedHook.getString("resolvedBy"));

      await("MQTT's closing message", WAIT, () -> h.mqttAlerts(camera.id()).stream()
          .anyMatch(m -> m.json().getString("event").equals("closed")));
      List<AlertsHarness.Received> mqtt = h.mqttAlerts(camera.id());
      assertTrue(mqtt.stream().anyMatch(m -> m.json().getString("event").equals("noted")), "notes reach MQTT");
      for (AlertsHarness.Received m : mqtt) {
        assertEquals(SHAPE, List.copyOf(m.json().getJsonObject("alert").fieldNames()), m.payload());
      }

      await("the live feed's closing", WAIT, () -> envelopes.stream().anyMatch(e -> e.getString("event").equals("closed")));
      assertEquals(List.of("opened", "noted", "acknowledged", "noted", "closed"),
          envelopes.stream().map(e -> e.getString("event")).toList());
      for (JsonObject e : envelopes) assertEquals(SHAPE, List.copyOf(e.getJsonObject("data").fieldNames()), e.encode());

      // The document's Alert schema is written from the same fields.
      JsonObject schema = get(h, "/api/v1/openapi.json").getJsonObject("components").getJsonObject("schemas")
          .getJsonObject("Alert");
      assertEquals(SHAPE, List.copyOf(schema.getJsonObject("properties").fieldNames()));
    }
  }

  private static List<AlertsHarness.Stored> stored(AlertsHarness h, String cameraId) {
    try {
      return h.stored(cameraId);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static JsonObject get(AlertsHarness h, String path) throws Exception {
    HttpResponse<String> r = h.send("GET", path, null);
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return new JsonObject(r.body());
  }

  private static HttpResponse<String> note(AlertsHarness h, String path, String text) throws Exception {
    return h.send("POST", path + "/notes", new JsonObject().put("text", text).encode());
  }
}
