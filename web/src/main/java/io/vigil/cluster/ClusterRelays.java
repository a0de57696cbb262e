package io.vigil.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vigil.pipeline.LatestFrames;
import io.vigil.web.CameraHealth;
import io.vigil.web.FrameSource;
import io.vigil.web.api.EventBusLiveFeed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What crosses between nodes for the viewers: the cluster-wide live feed, relayed to this node's own
 * viewers (keeping the health of cameras pulled elsewhere), and each camera's latest frame, answered by
 * the node that pulls it. State is touched on the node's context; the frame source and the remote
 * health may be read from any thread.
 */
final class ClusterRelays {
  /** A snapshot from another node: longer than a JPEG encode, short enough for a viewer polling each second. */
  private static final long FRAME_TIMEOUT_MILLIS = 3000;

  private final Vertx vertx;
  private final EventBusLiveFeed live;
  private final LatestFrames frames;
  private final Predicate<String> pulledHere;
  private final Map<String, CameraHealth> remoteHealth = new ConcurrentHashMap<>();
  private final Map<String, MessageConsumer<String>> frameConsumers = new HashMap<>();

  ClusterRelays(Vertx vertx, EventBusLiveFeed live, LatestFrames frames, Predicate<String> pulledHere) {
    this.vertx = vertx;
    this.live = live;
    this.frames = frames;
    this.pulledHere = pulledHere;
  }

  /** Relays the cluster-wide feed to this node's viewers; the consumer is the caller's to unregister. */
  MessageConsumer<JsonObject> relayLiveFeed() {
    DeliveryOptions local = new DeliveryOptions().setLocalOnly(true);
    return vertx.eventBus().<JsonObject>consumer(ClusterAddresses.LIVE, msg -> {
      JsonObject m = msg.body();
      if ("status".equals(m.getString("type"))) {
        String id = m.getString("cameraId");
        if (!pulledHere.test(id)) remoteHealth.put(id, health(m.getJsonObject("data")));
      }
      live.relayed(m);
      vertx.eventBus().publish(EventBusLiveFeed.ADDRESS, m, local);
    });
  }

  /** The health of a camera pulled by another node, as its last status said; null when none came. */
  CameraHealth remoteHealth(String cameraId) {
    return remoteHealth.get(cameraId);
  }

  /** This node pulls the camera from now on: its health is this node's own, and it answers for its frames. */
  void pulling(String cameraId) {
    remoteHealth.remove(cameraId);
    frameConsumers.put(cameraId, vertx.eventBus().<String>consumer(ClusterAddresses.FRAME + cameraId,
        msg -> frames.latestJpeg(cameraId).onComplete(ar -> msg.reply(ar.succeeded() ? ar.result() : null))));
  }

  /** This node no longer pulls the camera: it stops answering for its frames. */
  Future<Void> stopped(String cameraId) {
    MessageConsumer<String> fc = frameConsumers.remove(cameraId);
    return fc == null ? Future.succeededFuture() : fc.unregister();
  }

  /** Latest frames: this node's own cameras directly, the others' from their owners. */
  FrameSource frameSource() {
    return cameraId -> {
      if (pulledHere.test(cameraId)) return frames.latestJpeg(cameraId);
      return vertx.eventBus().<Buffer>request(ClusterAddresses.FRAME + cameraId, "",
              new DeliveryOptions().setSendTimeout(FRAME_TIMEOUT_MILLIS))
          .map(m -> m.body())
          .otherwise((Buffer) null);
    };
  }

  Future<Void> close() {
    List<Future<Void>> work = new ArrayList<>();
    frameConsumers.values().forEach(c -> work.add(c.unregister()));
    frameConsumers.clear();
    return Future.join(work).mapEmpty();
  }

  static CameraHealth health(JsonObject s) {
    String last = s.getString("lastFrame");
    return new CameraHealth(s.getString("cameraId"), s.getString("state"), s.getString("reason"),
        s.getDouble("fpsIn", 0.0), s.getDouble("fpsAnalysed", 0.0), s.getLong("drops", 0L),
        s.getLong("reconnects", 0L), last == null ? null : Instant.parse(last), s.getDouble("analysisMillis", 0.0));
  }
}
