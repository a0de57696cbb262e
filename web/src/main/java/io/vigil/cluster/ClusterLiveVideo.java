package io.vigil.cluster;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vigil.config.CameraConfig;
import io.vigil.ingest.live.Fanout;
import io.vigil.ingest.live.LiveVideo;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Live video in a cluster: a camera's remux runs only on the node that pulls it, and every other node
 * relays that node's stream to its own viewers over the clustered event bus.
 *
 * <p>A node with viewers of a camera pulled elsewhere keeps one relay for that camera, shared by all
 * its viewers (each with its own bounded queue that skips to the next keyframe, as for a local remux).
 * The relay registers a consumer at a fresh address of its own and asks the owner, at
 * {@code vigil.cluster.video.watch.<owner node>}, to watch the camera for it; the owner then sends the
 * remux's messages there point to point, each acknowledged, with a few in flight at most. The relay
 * renews its subscription every {@link #RENEW_MILLIS}; the owner ends a relay that is not renewed, whose
 * messages are not acknowledged, or whose camera it no longer pulls. When the assignment gives the
 * camera to another node, the relay subscribes there and its viewers get that node's start.
 *
 * <p>A camera this node pulls (or that no node pulls: a disabled one) is watched with the local remux,
 * through the same relay, so that its viewers move when the camera does.
 *
 * <p>Only camera ids, node ids and addresses travel in the requests; the camera's address and
 * credentials stay with the owner's configuration. All state is guarded by this object's lock; nothing
 * here blocks.
 */
public final class ClusterLiveVideo implements LiveVideo {
  private static final System.Logger LOG = System.getLogger(ClusterLiveVideo.class.getName());
  /**
   * How often a relay renews its subscription and checks who pulls its camera. A takeover is then seen
   * within this after the assignment changed, small next to the seconds a camera takes to reconnect.
   */
  static final long RENEW_MILLIS = 2000;
  /**
   * The owner ends a relay not renewed for this long: three missed renewals, so one lost or late
   * request (a GC pause, a busy event loop) does not cut a viewer off, yet a dead viewers' node stops
   * costing its remux within seconds (plus the remux's own linger).
   */
  static final long EXPIRE_MILLIS = 3 * RENEW_MILLIS;
  /** A watch or renew request: answered at once by a live owner; below the renewal period so they never pile up. */
  static final long REQUEST_TIMEOUT_MILLIS = RENEW_MILLIS - 500;
  /**
   * Messages sent to a relay and not yet acknowledged. This bounds what the event bus holds per relay
   * (about a third of a second at 25 fps, a few hundred KB at most) while hiding a LAN round trip; past
   * it the owner stops taking from its viewer queue, which then skips to the next keyframe when full, as
   * for a WebSocket whose write queue is full.
   */
  static final int WINDOW = 8;
  /** An acknowledgement later than this means the viewers' node is gone or stuck: the owner ends the relay. */
  static final long ACK_TIMEOUT_MILLIS = 5000;
  /**
   * Relays one node serves at most: one per camera per viewing node, so this covers e.g. 8 nodes times
   * 128 cameras; each holds at most a viewer queue. A misbehaving node cannot make the owner hold more.
   */
  static final int MAX_SERVED = 1024;

  private final Vertx vertx;
  private final Context context;
  private final LiveVideo local;
  private final String self;
  private final Function<String, String> ownerOf;
  private final Function<String, CameraConfig> pulled;
  private final int capacity;
  /** This node's viewers, by camera id. */
  private final Map<String, Relay> relays = new HashMap<>();
  /** Relays this node serves to other nodes, by viewing node and camera id. */
  private final Map<String, Served> served = new HashMap<>();
  private final MessageConsumer<JsonObject> watchConsumer;
  private final long timer;
  private boolean closed;

  /**
   * @param ownerOf the node the assignment gives a camera to, or null when none
   * @param pulled  the configuration of a camera this node pulls, or null when it does not pull it
   */
  public ClusterLiveVideo(Vertx vertx, LiveVideo local, String self, Function<String, String> ownerOf,
      Function<String, CameraConfig> pulled, int capacity) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.local = local;
    this.self = self;
    this.ownerOf = ownerOf;
    this.pulled = pulled;
    this.capacity = capacity;
    this.watchConsumer = vertx.eventBus().consumer(ClusterAddresses.VIDEO_WATCH + self, this::request);
    this.timer = vertx.setPeriodic(RENEW_MILLIS, t -> tick());
  }

  @Override
  public synchronized Viewer watch(CameraConfig camera, Runnable wakeUp) {
    if (closed) throw new IllegalStateException("live video is closed");
    Relay r = relays.computeIfAbsent(camera.id(), id -> new Relay(camera));
    r.camera = camera;
    Viewer v = r.fanout.add(wakeUp, () -> left(r));
    if (r.source == null) r.connect();
    return v;
  }

  @Override
  public int remuxes() {
    return local.remuxes();
  }

  /** Cameras whose stream this node receives from another node. */
  public synchronized int relaysIn() {
    int n = 0;
    for (Relay r : relays.values()) if (r.source != null && !r.source.equals(self)) n++;
    return n;
  }

  /** Relays this node serves to other nodes. */
  public synchronized int relaysOut() {
    return served.size();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
      vertx.cancelTimer(timer);
      watchConsumer.unregister();
      for (Served s : List.copyOf(served.values())) end(s, null);
      for (Relay r : relays.values()) r.disconnect();
      relays.clear();
    }
    local.close();
  }

  private synchronized void left(Relay r) {
    if (r.fanout.viewers() > 0 || relays.get(r.cameraId) != r) return;
    relays.remove(r.cameraId);
    r.disconnect();
  }

  private synchronized void tick() {
    if (closed) return;
    for (Relay r : relays.values()) r.check();
    long now = System.nanoTime();
    for (Served s : List.copyOf(served.values())) {
      if (pulled.apply(s.cameraId) == null) end(s, "the camera is no longer pulled here");
      else if (now - s.renewedAt > EXPIRE_MILLIS * 1_000_000) end(s, "not renewed");
    }
  }

  private String owner(String cameraId) {
    String o = ownerOf.apply(cameraId);
    return o == null ? self : o;
  }

  // ---- the owner's side

  private synchronized void request(Message<JsonObject> msg) {
    JsonObject b = msg.body();
    String op = b == null ? null : b.getString("op");
    String cameraId = b == null ? null : b.getString("camera");
    String node = b == null ? null : b.getString("node");
    String address = b == null ? null : b.getString("relay");
    if (closed || op == null || cameraId == null || node == null || address == null
        || !address.startsWith(ClusterAddresses.VIDEO_RELAY + node + ".")) {
      msg.fail(400, "bad relay request");
      return;
    }
    String key = node + "/" + cameraId;
    Served s = served.get(key);
    boolean same = s != null && s.address.equals(address);
    switch (op) {
      case "watch" -> {
        CameraConfig camera = pulled.apply(cameraId);
        if (camera == null) {
          msg.fail(404, "camera not pulled here");
          return;
        }
        if (same) {
          s.renewedAt = System.nanoTime();
          msg.reply("ok");
          return;
        }
        // The viewing node's previous relay of this camera is gone (it re-subscribed).
        if (s != null) end(s, "replaced");
        if (served.size() >= MAX_SERVED) {
          msg.fail(503, "too many live video relays");
          return;
        }
        Served n = new Served(key, cameraId, node, address);
        served.put(key, n);
        n.viewer = local.watch(camera, () -> context.runOnContext(v -> drain(n)));
        LOG.log(Level.INFO, "Relaying the live video of camera {0} to node {1}", cameraId, node);
        msg.reply("ok");
      }
      case "renew" -> {
        if (!same || pulled.apply(cameraId) == null) {
          msg.fail(404, "no such relay");
          return;
        }
        s.renewedAt = System.nanoTime();
        msg.reply("ok");
      }
      case "stop" -> {
        if (same) end(s, "stopped by the viewers' node");
        msg.reply("ok");
      }
      default -> msg.fail(400, "bad relay request");
    }
  }

  /** Sends what waits in the served relay's queue, keeping at most {@link #WINDOW} unacknowledged. */
  private synchronized void drain(Served s) {
    DeliveryOptions ack = new DeliveryOptions().setSendTimeout(ACK_TIMEOUT_MILLIS);
    while (!s.ended && s.inFlight < WINDOW) {
      LiveVideo.ViewerMessage m = s.viewer.poll();
      if (m == null) return;
      s.inFlight++;
      vertx.eventBus().request(s.address, LiveRelayCodec.encode(m), ack).onComplete(ar -> {
        synchronized (this) {
          s.inFlight--;
          if (s.ended) return;
          if (ar.failed()) end(s, ar.cause().getMessage());
          else drain(s);
        }
      });
    }
  }

  private void end(Served s, String why) {
    if (s.ended) return;
    s.ended = true;
    served.remove(s.key, s);
    if (s.viewer != null) s.viewer.close();
    if (why != null) {
      LOG.log(Level.INFO, "Stopped relaying the live video of camera {0} to node {1}: {2}", s.cameraId, s.node, why);
    }
  }

  /** One camera relayed to another node. */
  private static final class Served {
    final String key;
    final String cameraId;
    final String node;
    final String address;
    Viewer viewer;
    int inFlight;
    long renewedAt = System.nanoTime();
    boolean ended;

    Served(String key, String cameraId, String node, String address) {
      this.key = key;
      this.cameraId = cameraId;
      this.node = node;
      this.address = address;
    }
  }

  // ---- the viewers' side

  /** One camera's stream for this node's viewers, from the local remux or from its owner. */
  private final class Relay {
    final String cameraId;
    final Fanout fanout = new Fanout(capacity);
    CameraConfig camera;
    /** The node the stream comes from; null while disconnected. */
    String source;
    Viewer localViewer;
    MessageConsumer<Buffer> consumer;
    String address;
    /** The owner accepted the current subscription. */
    boolean subscribed;
    /** A watch or renew request is out. */
    boolean pending;

    Relay(CameraConfig camera) {
      this.cameraId = camera.id();
      this.camera = camera;
    }

    void connect() {
      source = owner(cameraId);
      if (source.equals(self)) {
        Viewer[] v = new Viewer[1];
        v[0] = local.watch(camera, () -> context.runOnContext(x -> pump(v[0])));
        localViewer = v[0];
        return;
      }
      String a = ClusterAddresses.VIDEO_RELAY + self + "." + UUID.randomUUID();
      address = a;
      pending = true;
      MessageConsumer<Buffer> c = vertx.eventBus().consumer(a, this::received);
      consumer = c;
      // The owner can send only once the subscription is known cluster-wide.
      c.completion().onComplete(ar -> {
        synchronized (ClusterLiveVideo.this) {
          if (consumer == c) subscribe();
        }
      });
    }

    void disconnect() {
      if (localViewer != null) {
        localViewer.close();
        localViewer = null;
      }
      if (consumer != null) {
        consumer.unregister();
        // Best effort: the owner also ends it when its messages find no consumer or renewals stop.
        vertx.eventBus().send(ClusterAddresses.VIDEO_WATCH + source, body("stop"));
        consumer = null;
        address = null;
      }
      subscribed = false;
      pending = false;
      source = null;
      fanout.reset();
    }

    /** Every renewal period: follow the camera to its new owner, or renew the subscription. */
    void check() {
      if (source == null) return;
      if (!source.equals(owner(cameraId))) {
        LOG.log(Level.INFO, "Live video of camera {0} now comes from node {1}", cameraId, owner(cameraId));
        disconnect();
        connect();
        return;
      }
      if (source.equals(self) || pending) return;
      if (subscribed) renew();
      else subscribe();
    }

    private void subscribe() {
      ask("watch");
    }

    private void renew() {
      ask("renew");
    }

    private void ask(String op) {
      pending = true;
      MessageConsumer<Buffer> c = consumer;
      vertx.eventBus().request(ClusterAddresses.VIDEO_WATCH + source, body(op), new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MILLIS))
          .onComplete(ar -> {
            synchronized (ClusterLiveVideo.this) {
              if (consumer != c) return;
              pending = false;
              if (ar.succeeded()) {
                subscribed = true;
              } else {
                // Asked again at the next check: the owner may be starting the camera, or gone.
                if (subscribed || "watch".equals(op)) {
                  LOG.log(Level.DEBUG, "Live video relay of camera {0} from node {1}: {2}", cameraId, source,
                      ar.cause().getMessage());
                }
                subscribed = false;
              }
            }
          });
    }

    private JsonObject body(String op) {
      return new JsonObject().put("op", op).put("camera", cameraId).put("node", self).put("relay", address);
    }

    private void received(Message<Buffer> msg) {
      LiveVideo.ViewerMessage m;
      try {
        m = LiveRelayCodec.decode(msg.body());
      } catch (IllegalArgumentException e) {
        msg.fail(400, e.getMessage());
        return;
      }
      fanout.publish(m);
      msg.reply(null);
    }

    private void pump(Viewer v) {
      synchronized (ClusterLiveVideo.this) {
        if (localViewer != v) return;
      }
      for (LiveVideo.ViewerMessage m; (m = v.poll()) != null; ) fanout.publish(m);
    }
  }
}
