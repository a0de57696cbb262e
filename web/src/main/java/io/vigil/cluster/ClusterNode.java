package io.vigil.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vigil.alerts.AlertEngine;
import io.vigil.cameras.CameraCatalog;
import io.vigil.ingest.CameraManager;
import io.vigil.config.CameraConfig;
import io.vigil.pipeline.LatestFrames;
import io.vigil.store.Alert;
import io.vigil.store.AlertJson;
import io.vigil.web.CameraHealth;
import io.vigil.web.FrameSource;
import io.vigil.web.api.EventBusLiveFeed;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * This node's part of a Vigil cluster. Every node runs the same {@link CameraAssignment} over the
 * members that are ready (Hazelcast's member list, filtered by the hellos of started platforms) and
 * the enabled cameras (the shared file plus the cameras registered in the shared database), and pulls
 * exactly the cameras assigned to it: when a member leaves, the survivors compute the same new
 * assignment and start its cameras; when one joins, it asks each camera's live previous owner to release
 * it (stop it, store its alerts) before reading the camera's open alerts and starting it. The smallest
 * ready member keeps the alerts of cameras no node pulls, so each is closed once. It also hands alert
 * acknowledgements to the owner.
 *
 * <p>Its parts: membership (the hellos, here), {@link Reconciliation} (what to let go of and take, a pure
 * function), {@link HandOver} (the release protocol between a camera's old and new holder), the orphans'
 * alerts (here) and {@link ClusterRelays} (the live feed and latest frames between nodes).
 *
 * <p>All state is touched on the context this was started on.
 */
public final class ClusterNode {
  private static final System.Logger LOG = System.getLogger(ClusterNode.class.getName());
  /**
   * Hazelcast's member list is local and cheap to read. Once a second adds at most a second to the
   * ~5 s Hazelcast takes to drop a dead member, well inside the 15 s takeover budget.
   */
  private static final long POLL_MILLIS = 1000;
  /** How often a node repeats what it pulls: a node that missed one learns it within this. */
  private static final long HELLO_MILLIS = 3000;
  /**
   * Registrations are announced on the bus; reading the registered cameras again this often repairs
   * a missed announcement (a node that was joining just then) at the cost of one small query.
   */
  private static final long RELOAD_MILLIS = 30_000;
  /**
   * A starting node waits at most this for the others' hellos; a member that has not answered by then is
   * still starting itself (not ready) and is counted once it says hello.
   */
  private static final long SYNC_MILLIS = HELLO_MILLIS + 1000;
  private final Vertx vertx;
  private final ClusterManager cluster;
  private final CameraCatalog catalog;
  private final CameraManager manager;
  private final AlertEngine engine;
  private final Consumer<String> forget;
  private final String self;
  private final Supplier<String> httpUrl;
  private final HandOver handOver;
  private final ClusterRelays relays;

  /** Cameras this node pulls (starting or started): the engine raises alerts only for these. */
  private final Set<String> owned = ConcurrentHashMap.newKeySet();
  private final Map<String, CameraConfig> running = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> peers = new ConcurrentHashMap<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();
  private volatile Map<String, String> assignment = Map.of();
  /**
   * Cameras no node pulls (removed or disabled) whose unresolved alerts this node continues and closes:
   * exactly one node, the smallest ready member id, keeps them, so each is closed and delivered once.
   */
  private final Set<String> orphans = new TreeSet<>();
  /** Members that said they leave: they hold nothing, and are not asked to release anything. */
  private final Set<String> gone = new TreeSet<>();
  /** The node that kept the orphans' alerts in the last assignment. */
  private String keeper;
  private Set<String> lastMembers = Set.of();
  private boolean reconciling;
  private boolean again;
  private boolean closed;
  /** The first hellos are in (or long enough awaited): the assignment may be computed. */
  private boolean synced;

  public ClusterNode(Vertx vertx, ClusterManager cluster, CameraCatalog catalog, CameraManager manager, AlertEngine engine,
      LatestFrames frames, EventBusLiveFeed live, Consumer<String> forget, Supplier<String> httpUrl) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.catalog = catalog;
    this.manager = manager;
    this.engine = engine;
    this.forget = forget;
    this.self = cluster.getNodeId();
    this.httpUrl = httpUrl;
    this.handOver = new HandOver(vertx, self, id -> running.containsKey(id) || orphans.contains(id));
    this.relays = new ClusterRelays(vertx, live, frames, running::containsKey);
  }

  public String nodeId() {
    return self;
  }

  /** The node the current assignment gives the camera to; null when none (disabled, or not yet computed). */
  public String owner(String cameraId) {
    return assignment.get(cameraId);
  }

  /** The configuration of a camera this node pulls now; null for the others. */
  public CameraConfig pulled(String cameraId) {
    return running.get(cameraId);
  }

  /**
   * Before any camera starts: the engine keeps only the incidents of cameras pulled here, the catalog
   * leaves starting cameras to the assignment, and the cluster-wide live feed reaches this node's viewers.
   */
  public void prepare() {
    engine.ownership(owned::contains);
    catalog.clustered(() -> vertx.eventBus().publish(ClusterAddresses.CHANGED, self));
    catalog.remoteState(relays::remoteHealth);
    consumers.add(relays.relayLiveFeed());
  }

  /** Starts taking part: the platform is up, so this node may be given cameras now. */
  public Future<Void> start() {
    consumers.add(vertx.eventBus().<JsonObject>consumer(ClusterAddresses.HELLO, msg -> {
      JsonObject h = msg.body();
      String node = h.getString("node");
      if (h.getBoolean("leaving", false)) {
        // Its cameras are stopped already: take them over now rather than when it has left Hazelcast.
        // It let go of everything before saying so, and no longer answers release requests.
        if (!node.equals(self)) gone.add(node);
        if (peers.remove(node) != null && !node.equals(self)) {
          LOG.log(Level.INFO, "Cluster node " + node + " is leaving");
          reconcile();
        }
        return;
      }
      boolean isNew = peers.put(node, h) == null;
      if (isNew) {
        LOG.log(Level.INFO, "Cluster node " + node + " is ready (" + h.getString("http") + ")");
        reconcile();
      }
    }));
    consumers.add(vertx.eventBus().<String>consumer(ClusterAddresses.HELLO_REQUEST, msg -> sayHello()));
    consumers.add(handOver.answerRequests());
    consumers.add(vertx.eventBus().<String>consumer(ClusterAddresses.CHANGED, msg -> catalog.reloadRegistered()
        .onFailure(e -> LOG.log(Level.WARNING, "Could not read the registered cameras: " + e.getMessage()))
        .onComplete(x -> reconcile())));
    consumers.add(vertx.eventBus().<JsonObject>consumer(ClusterAddresses.ALERT_ACTION, msg -> {
      try {
        engine.onUserAction(AlertJson.decode(msg.body()));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Unreadable alert action from another node: " + e.getMessage());
      }
    }));
    peers.put(self, hello());
    timers.add(vertx.setPeriodic(POLL_MILLIS, t -> {
      Set<String> members = new TreeSet<>(cluster.getNodes());
      if (!members.equals(lastMembers)) {
        LOG.log(Level.INFO, "Cluster members: " + members);
        peers.keySet().retainAll(members);
        gone.retainAll(members);
        peers.putIfAbsent(self, hello());
        lastMembers = members;
        reconcile();
      }
    }));
    timers.add(vertx.setPeriodic(HELLO_MILLIS, t -> sayHello()));
    timers.add(vertx.setPeriodic(RELOAD_MILLIS, t -> catalog.reloadRegistered().onComplete(x -> reconcile())));
    lastMembers = new TreeSet<>(cluster.getNodes());
    sayHello();
    // Before pulling anything, hear which members are ready: computed alone, the assignment would give
    // this node every camera and start each one twice until the others' next hello.
    vertx.eventBus().publish(ClusterAddresses.HELLO_REQUEST, self);
    long since = System.nanoTime();
    long[] wait = new long[1];
    wait[0] = vertx.setPeriodic(100, t -> {
      boolean heardAll = peers.keySet().containsAll(cluster.getNodes());
      if (closed || heardAll || System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(SYNC_MILLIS)) {
        vertx.cancelTimer(wait[0]);
        synced = true;
        reconcile();
      }
    });
    timers.add(wait[0]);
    return Future.succeededFuture();
  }

  private JsonObject hello() {
    JsonArray cams = new JsonArray();
    double load = 0;
    for (String id : new TreeSet<>(running.keySet())) {
      cams.add(id);
      CameraConfig c = running.get(id);
      // Measured analytics cost per second: mean ms per analysed frame times analysed frames per second.
      CameraHealth h = c == null ? null : catalog.state(id);
      if (h != null) load += h.analysisMillis() * h.fpsAnalysed();
    }
    return new JsonObject().put("node", self).put("http", httpUrl.get()).put("cameras", cams)
        .put("analysisMillisPerSecond", Math.round(load * 10) / 10.0);
  }

  private void sayHello() {
    if (!closed) vertx.eventBus().publish(ClusterAddresses.HELLO, hello());
  }

  /** Latest frames: this node's own cameras directly, the others' from their owners. */
  public FrameSource frameSource() {
    return relays.frameSource();
  }

  /** Brings what this node pulls in line with the assignment; serialized, and repeated if asked meanwhile. */
  void reconcile() {
    if (closed || !synced) return;
    if (reconciling) {
      again = true;
      return;
    }
    reconciling = true;
    TreeSet<String> members = new TreeSet<>(cluster.getNodes());
    members.retainAll(peers.keySet());
    members.add(self);
    Reconciliation plan = Reconciliation.plan(self, members, catalog.cameras(), assignment, keeper, running, orphans);
    assignment = plan.assignment();
    keeper = plan.keeper();
    List<Future<Void>> work = new ArrayList<>();
    // Let go first: a new holder waits for this node's release, so the two never pull a camera together.
    for (String id : plan.drop()) work.add(drop(id));
    plan.dropOrphans().forEach((id, pulledHere) -> work.add(dropOrphan(id, pulledHere)));
    for (Reconciliation.Start s : plan.start()) {
      CameraConfig c = s.camera();
      if (s.replacing()) {
        running.put(c.id(), c);
        work.add(manager.replace(c));
      } else {
        work.add(take(c, holders(c.id(), plan.before(), plan.keptBefore())));
      }
    }
    boolean changed = !work.isEmpty();
    Future.join(work).transform(ar -> {
      if (ar.failed()) LOG.log(Level.WARNING, "Cluster assignment: " + ar.cause().getMessage());
      // After this node's own releases: a camera removed here has its alerts stored by then.
      return self.equals(plan.keeper()) ? keepOrphans(plan.assignment(), plan.before(), plan.keptBefore())
          : Future.<Void>succeededFuture();
    }).onComplete(ar -> {
      reconciling = false;
      if (changed) {
        LOG.log(Level.INFO, "Cluster assignment over " + members.size() + " nodes: pulling "
            + new TreeSet<>(running.keySet()));
        sayHello();
      }
      if (again) {
        again = false;
        reconcile();
      }
    });
  }

  /**
   * The live nodes other than this one that may still pull the camera or keep its alerts: its owner in
   * the previous assignment (the orphan keeper when it had none), and whoever last said it pulls it.
   */
  private Set<String> holders(String id, Map<String, String> previous, String previousKeeper) {
    Set<String> out = new TreeSet<>();
    String was = previous.containsKey(id) ? previous.get(id) : previousKeeper;
    if (was != null) out.add(was);
    peers.forEach((node, h) -> {
      JsonArray cams = h.getJsonArray("cameras");
      if (cams != null && cams.contains(id)) out.add(node);
    });
    out.remove(self);
    out.removeAll(gone);
    out.retainAll(cluster.getNodes());
    return out;
  }

  /**
   * The keeper takes the alerts of cameras no node pulls: it reads which cameras have unresolved alerts,
   * and continues those of the unassigned ones (closing them once clear), after their previous holder
   * let go of them.
   */
  private Future<Void> keepOrphans(Map<String, String> next, Map<String, String> previous, String previousKeeper) {
    return engine.camerasWithUnresolvedAlerts().<Void>compose(cams -> {
      List<Future<Void>> taken = new ArrayList<>();
      for (String id : cams) {
        if (next.containsKey(id) || orphans.contains(id) || running.containsKey(id) || closed) continue;
        orphans.add(id);
        Set<String> from = holders(id, previous, previousKeeper);
        taken.add(handOver.awaitRelease(id, from).compose(v -> engine.takeOver(id)).andThen(ar -> {
          if (ar.succeeded()) LOG.log(Level.INFO, "Keeping the alerts of camera " + id + ", which no node pulls");
        }));
      }
      return Future.join(taken).mapEmpty();
    }).recover(e -> {
      LOG.log(Level.WARNING, "Could not read the alerts of cameras no node pulls: " + e.getMessage());
      return Future.succeededFuture();
    });
  }

  /** Another node keeps the camera's alerts now, or this node pulls it ({@code pulledHere}: keep them). */
  private Future<Void> dropOrphan(String id, boolean pulledHere) {
    orphans.remove(id);
    if (pulledHere) return Future.succeededFuture();
    return handOver.letGo(id, engine.release(id));
  }

  private Future<Void> take(CameraConfig c, Set<String> holders) {
    String id = c.id();
    owned.add(id);
    running.put(id, c);
    relays.pulling(id);
    // The camera's open alerts first, so that a condition still going on continues its alert; and those
    // only once the previous holder stored what it raised, or an alert it opened just before stopping
    // would be missed here and opened a second time.
    return handOver.awaitRelease(id, holders)
        .compose(v -> engine.takeOver(id))
        .recover(e -> {
          LOG.log(Level.WARNING, "Could not read the open alerts of camera " + id + ": " + e.getMessage());
          return Future.succeededFuture();
        })
        .compose(v -> manager.start(c));
  }

  private Future<Void> drop(String id) {
    running.remove(id);
    Future<Void> unregistered = relays.stopped(id);
    return handOver.letGo(id, manager.stop(id).eventually(() -> unregistered).eventually(() -> {
      owned.remove(id);
      forget.accept(id);
      return engine.release(id);
    }));
  }

  /** What GET /api/v1/cluster shows. */
  public JsonObject view() {
    JsonArray nodes = new JsonArray();
    Set<String> members = new TreeSet<>(cluster.getNodes());
    for (String n : members) {
      JsonObject h = n.equals(self) ? hello() : peers.get(n);
      nodes.add(new JsonObject().put("node", n).put("self", n.equals(self)).put("ready", h != null)
          .put("http", h == null ? null : h.getString("http"))
          .put("cameras", h == null ? new JsonArray() : h.getJsonArray("cameras"))
          .put("analysisMillisPerSecond", h == null ? 0 : h.getDouble("analysisMillisPerSecond", 0.0)));
    }
    JsonObject assigned = new JsonObject();
    assignment.forEach(assigned::put);
    return new JsonObject().put("clustered", true).put("node", self).put("members", nodes)
        .put("assignment", assigned);
  }

  /**
   * A user acknowledged or resolved an alert (stored already): the engine of the camera's owner, wherever
   * it runs, continues from there.
   */
  public void forwardUserAction(Alert alert) {
    vertx.eventBus().publish(ClusterAddresses.ALERT_ACTION, AlertJson.encode(alert));
  }

  /**
   * Stops this node's cameras, then tells the others, which take them over at once: a graceful leave
   * neither pulls a camera twice nor waits for Hazelcast to notice the member gone.
   */
  public Future<Void> close() {
    closed = true;
    timers.forEach(vertx::cancelTimer);
    List<Future<Void>> stopping = new ArrayList<>();
    for (String id : List.copyOf(running.keySet())) stopping.add(drop(id));
    for (String id : List.copyOf(orphans)) stopping.add(dropOrphan(id, false));
    return Future.join(stopping).eventually(() -> {
      vertx.eventBus().publish(ClusterAddresses.HELLO, new JsonObject().put("node", self).put("leaving", true));
      List<Future<Void>> work = new ArrayList<>();
      consumers.forEach(c -> work.add(c.unregister()));
      work.add(relays.close());
      return Future.join(work);
    }).mapEmpty();
  }
}
