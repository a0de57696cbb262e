package io.vigil.web.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.store.Alert;
import io.vigil.store.AlertChange;
import io.vigil.store.AlertJson;
import io.vigil.web.CameraHealth;
import io.vigil.web.LiveFeed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public final class EventBusLiveFeed implements LiveFeed {
  /** Local only: what this process's viewers consume (LiveApi's local consumers). */
  public static final String ADDRESS = "vigil.web.live";

  private final Vertx vertx;
  private final String address;
  private final Map<String, List<ZoneCount>> counts = new ConcurrentHashMap<>();

  public EventBusLiveFeed(Vertx vertx) {
    this(vertx, ADDRESS);
  }

  /**
   * @param address where messages are published: {@link #ADDRESS} on a single node; in a cluster the
   *                cluster-wide address that every node relays to its own viewers
   */
  public EventBusLiveFeed(Vertx vertx, String address) {
    this.vertx = vertx;
    this.address = address;
  }

  @Override
  public void analysis(String cameraId, long timestampMillis, List<Track> tracks, List<ZoneCount> zones) {
    counts.put(cameraId, List.copyOf(zones));
    JsonArray t = new JsonArray();
    tracks.forEach(k -> t.add(new JsonArray().add(k.id()).add(round(k.left())).add(round(k.top()))
        .add(round(k.right())).add(round(k.bottom()))));
    publish("analysis", cameraId, new JsonObject().put("cameraId", cameraId).put("time", timestampMillis)
        .put("tracks", t).put("zones", Json.zoneCounts(zones)));
  }

  @Override
  public void status(CameraHealth state) {
    publish("status", state.cameraId(), Json.state(state));
  }

  @Override
  public void alert(AlertChange change, Alert alert, Instant noDataSince) {
    // The alert in its one shape; what just happened beside it, for the inbox to say.
    vertx.eventBus().publish(address, new JsonObject().put("type", "alert").put("cameraId", alert.cameraId())
        .put("event", change.code()).put("data", AlertJson.encode(alert, noDataSince)));
  }

  /** Cluster: a message from the cluster-wide feed; counts of cameras pulled elsewhere are kept too. */
  public void relayed(JsonObject message) {
    if (!"analysis".equals(message.getString("type"))) return;
    JsonObject data = message.getJsonObject("data");
    JsonArray zones = data == null ? null : data.getJsonArray("zones");
    if (zones == null) return;
    List<ZoneCount> out = new ArrayList<>();
    for (Object o : zones) {
      JsonObject z = (JsonObject) o;
      out.add(new ZoneCount(z.getString("zoneId"), z.getInteger("current", 0), z.getDouble("smoothed", 0.0)));
    }
    counts.put(message.getString("cameraId"), List.copyOf(out));
  }

  @Override
  public Map<String, List<ZoneCount>> currentCounts() {
    return Map.copyOf(counts);
  }

  private void publish(String type, String cameraId, JsonObject data) {
    vertx.eventBus().publish(address, new JsonObject().put("type", type).put("cameraId", cameraId).put("data", data));
  }

  /** Four decimals place a box to a tenth of a pixel on a 4K frame and keep messages short. */
  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
