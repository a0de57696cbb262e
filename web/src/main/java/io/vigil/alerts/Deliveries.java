package io.vigil.alerts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.analytics.FrameAnalysis;
import io.vigil.analytics.ZoneCount;
import io.vigil.config.AlertSettings;
import io.vigil.config.CameraConfig;
import io.vigil.store.Alert;
import io.vigil.store.DeadLetter;
import io.vigil.store.DeadLetters;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Where the engine's alerts and counts leave Vigil: each site's MQTT broker and webhooks (with retries,
 * and dead letters once every attempt failed). Called on the engine's context; nothing here waits for a
 * broker or a receiver.
 */
final class Deliveries {
  private final AlertSettings settings;
  private final Map<BrokerKey, MqttDelivery> brokers = new HashMap<>();
  private final DeadLetters deadLetters;
  private final WebhookDelivery webhooks;
  /** The zone counts last published per camera: counts go to MQTT only when they change. */
  private final Map<String, List<Integer>> lastCounts = new HashMap<>();
  private final AlertTexts texts = AlertTexts.load();

  Deliveries(Vertx vertx, AlertSettings settings, DataSource dataSource) {
    this.settings = settings;
    this.deadLetters = new DeadLetters(vertx, dataSource);
    this.webhooks = new WebhookDelivery(vertx, settings.retry(), deadLetters);
    for (AlertSettings.Site site : settings.sites().values()) {
      if (site.mqtt() != null) brokers.computeIfAbsent(connection(site.mqtt()), c -> new MqttDelivery(vertx, site.mqtt()));
    }
  }

  /** Starts connecting to the brokers, without waiting for them. */
  void connect() {
    brokers.values().forEach(MqttDelivery::connect);
  }

  /** Sites sharing a broker share one connection: two clients with one client id would evict each other. */
  private record BrokerKey(String host, int port, String clientId, String username, String password) {}

  private static BrokerKey connection(AlertSettings.Mqtt m) {
    return new BrokerKey(m.host(), m.port(), m.clientId(), m.username(), m.password());
  }

  /**
   * Delivers one change of an alert to its site's broker and, unless it is only an update, its webhooks
   * (escalations also to the escalation webhooks).
   *
   * @param now the alert as of this change (the incident's severity and peak)
   */
  void alert(Incidents.Event ev, String siteName, Alert now) {
    AlertSettings.Site site = settings.site(siteName);
    String event = ev.change().name().toLowerCase(Locale.ROOT);
    JsonObject payload = payload(event, siteName, now, ev).put("text", texts.describe(event, now));
    if (site.mqtt() != null) {
      brokers.get(connection(site.mqtt())).alert(topic(site.mqtt(), siteName, now.cameraId(), "alerts"), payload.toBuffer());
    }
    if (ev.change() != Incidents.Change.UPDATED) {
      site.webhooks().forEach(w -> webhooks.send(siteName == null ? "" : siteName, w, event, now.id(), payload));
    }
    if (ev.change() == Incidents.Change.ESCALATED) {
      site.escalation().forEach(w -> webhooks.send(siteName == null ? "" : siteName, w, event, now.id(), payload));
    }
  }

  /** A camera's zone counts, to its site's broker when they changed. */
  void counts(CameraConfig camera, FrameAnalysis analysis) {
    AlertSettings.Site site = settings.site(camera.site());
    if (site.mqtt() == null) return;
    List<Integer> now = analysis.zones().stream().map(ZoneCount::current).toList();
    if (now.equals(lastCounts.put(camera.id(), now))) return;
    JsonArray zones = new JsonArray();
    for (ZoneCount z : analysis.zones()) {
      zones.add(new JsonObject().put("zoneId", z.zoneId()).put("current", z.current())
          .put("smoothed", Math.round(z.smoothed() * 100) / 100.0));
    }
    brokers.get(connection(site.mqtt())).counts(topic(site.mqtt(), camera.site(), camera.id(), "counts"),
        new JsonObject().put("cameraId", camera.id()).put("time", Instant.ofEpochMilli(analysis.timestampMillis()).toString())
            .put("zones", zones).toBuffer());
  }

  /** The camera is pulled elsewhere now: its last counts are forgotten. */
  void forget(String cameraId) {
    lastCounts.remove(cameraId);
  }

  Future<List<DeadLetter>> deadLetters(int limit) {
    return deadLetters.list(limit);
  }

  /** Disconnects from the brokers; webhook retries in flight are abandoned. */
  Future<?> close() {
    webhooks.close();
    return Future.join(brokers.values().stream().map(MqttDelivery::close).toList());
  }

  private static JsonObject payload(String event, String site, Alert a, Incidents.Event ev) {
    return new JsonObject().put("event", event).put("site", site).put("alert", new JsonObject()
        .put("id", a.id().toString()).put("time", a.time().toString()).put("cameraId", a.cameraId())
        .put("zoneId", a.zoneId()).put("kind", a.kind()).put("severity", a.severity().code())
        .put("value", ev.alert().value()).put("peak", ev.peak()).put("threshold", a.threshold())
        .put("lastedSeconds", ev.lasted().toSeconds()).put("state", a.state().code())
        .put("acknowledgedBy", a.acknowledgedBy()).put("acknowledgedAt", text(a.acknowledgedAt()))
        .put("resolvedBy", a.resolvedBy()).put("resolvedAt", text(a.resolvedAt())).put("note", a.note())
        .put("noDataSince", text(ev.noDataSince()))
        // The picture itself needs a signed-in user allowed to see the camera.
        .put("snapshot", a.snapshotRef() == null ? null : "/api/v1/alerts/" + a.id() + "/snapshot.jpg"));
  }

  private static String text(Instant i) {
    return i == null ? null : i.toString();
  }

  /** Topic levels from the site name: MQTT wildcards and separators could otherwise leak into it. */
  static String topic(AlertSettings.Mqtt m, String site, String cameraId, String leaf) {
    String s = site == null ? "_" : site.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-");
    return m.topicPrefix() + "/" + (s.isEmpty() ? "_" : s) + "/" + cameraId + "/" + leaf;
  }
}
