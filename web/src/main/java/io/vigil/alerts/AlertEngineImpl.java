package io.vigil.alerts;

import io.vigil.analytics.Picture;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vigil.analytics.Box;
import io.vigil.analytics.CrowdEvent;
import io.vigil.analytics.FrameAnalysis;
import io.vigil.analytics.ObjectClass;
import io.vigil.analytics.TrackedObject;
import io.vigil.ingest.CameraState;
import io.vigil.ingest.CameraStatus;
import io.vigil.ingest.config.CameraConfig;
import io.vigil.store.Alert;
import io.vigil.store.AlertRows;
import io.vigil.store.AlertState;
import io.vigil.store.DeadLetter;
import io.vigil.store.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The engine's verticle. All incident state lives on its context; callers on other threads only hand
 * messages over. JPEG encoding and file writes run on workers, deliveries are asynchronous, so neither
 * the analytics threads nor one channel ever wait for another.
 */
final class AlertEngineImpl extends VerticleBase implements AlertEngine {
  private static final System.Logger LOG = System.getLogger(AlertEngineImpl.class.getName());
  /** Who resolves an incident whose condition cleared. */
  static final String SYSTEM_USER = "vigil";
  private static final long TICK_MILLIS = 250;
  private static final long SWEEP_MILLIS = 3_600_000;
  private static final long RELEASE_POLL_MILLIS = 20;
  /** Bounds a release: the next owner waits on it, and a node dying is taken over within 15 s. */
  private static final long RELEASE_WAIT_MILLIS = 3000;
  /** The kinds of alert the engine raises, and so continues after a restart or takeover. */
  private static final List<String> KINDS = Arrays.stream(Incidents.Kind.values()).map(k -> k.code).toList();
  private static final Set<CameraState> OFFLINE = Set.of(CameraState.OFFLINE, CameraState.STALLED, CameraState.CONNECTING);

  private final AlertSettings settings;
  private final Bindings b;
  private final Incidents incidents;
  private final Snapshots snapshots;
  /** Keys with an open incident, read by analytics threads to decide whether a frame is worth copying. */
  private final Set<Incidents.Key> open = ConcurrentHashMap.newKeySet();
  /** Per alert, when its opening has been stored and delivered: later changes wait for it. */
  private final Map<UUID, Future<Void>> opened = new HashMap<>();
  private final Map<String, String> siteOf = new HashMap<>();
  private volatile Context engineContext;
  /** Cluster: the cameras this node pulls; the others' incidents belong to their owners. */
  private volatile Predicate<String> owns = id -> true;
  private Deliveries deliveries;
  private long tickTimer;
  private long sweepTimer;

  private AlertEngineImpl(AlertSettings settings, Bindings bindings) {
    this.settings = settings;
    this.b = bindings;
    this.incidents = new Incidents(settings.clearAfter(), settings.escalateAfter());
    this.snapshots = new Snapshots(bindings.snapshotDir(), bindings.dataSource());
  }

  public static Future<AlertEngine> start(Vertx vertx, AlertSettings settings, Bindings bindings) {
    AlertEngineImpl engine = new AlertEngineImpl(settings, bindings);
    return vertx.deployVerticle(engine).map(id -> engine);
  }

  @Override
  public Future<?> start() {
    deliveries = new Deliveries(vertx, settings, b.dataSource());
    // Brokers are connected in the background: an absent broker must not keep alerts from the inbox.
    deliveries.connect();
    // Without this, alerts open when Vigil stopped would stay open for ever: no end comes for them.
    return vertx.executeBlocking(() -> AlertRows.unresolved(b.dataSource(), KINDS, null), false).recover(e -> {
      LOG.log(System.Logger.Level.WARNING, "Could not read the alerts left open by the last run; they stay open", e);
      return Future.succeededFuture(List.of());
    }).onSuccess(alerts -> {
      Instant now = Instant.now();
      for (Alert a : alerts) {
        if (!owns.test(a.cameraId())) continue;
        Incidents.Key key = incidents.adopt(a, now);
        if (key != null) open.add(key);
        siteOf.computeIfAbsent(a.cameraId(), id -> {
          CameraConfig c = b.cameras().apply(id);
          return c == null ? null : c.site();
        });
      }
      if (!alerts.isEmpty()) LOG.log(System.Logger.Level.INFO, "Took over " + alerts.size() + " unresolved alerts");
      tickTimer = vertx.setPeriodic(TICK_MILLIS, t -> handle(incidents.tick(Instant.now()), null, null));
      sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, t -> vertx.executeBlocking(() -> snapshots.sweep(Instant.now()), false)
          .onFailure(e -> LOG.log(System.Logger.Level.WARNING, "Snapshot retention sweep failed", e)));
      engineContext = context;
    });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(tickTimer);
    vertx.cancelTimer(sweepTimer);
    return deliveries.close();
  }

  @Override
  public Future<Void> close() {
    return deploymentID() == null ? Future.succeededFuture() : vertx.undeploy(deploymentID());
  }

  @Override
  public void onAnalysis(CameraConfig camera, FrameAnalysis analysis, Picture picture) {
    Context ctx = engineContext;
    if (ctx == null || !owns.test(camera.id())) return;
    List<CrowdEvent> events = new ArrayList<>();
    boolean mayOpen = false;
    for (CrowdEvent e : analysis.events()) {
      Incidents.Kind kind = kind(e.kind());
      if (kind == null) continue;
      events.add(e);
      mayOpen |= e.phase() != CrowdEvent.Phase.ENDED && !open.contains(new Incidents.Key(camera.id(), e.zoneId(), kind));
    }
    // Copying a frame costs about a millisecond at 720p; encoding it (15 ms) is left to a worker.
    Mat frame = mayOpen && picture != null ? picture.bgr().clone() : null;
    ctx.runOnContext(v -> analysed(camera, analysis, events, frame));
  }

  private static Incidents.Kind kind(CrowdEvent.Kind k) {
    switch (k) {
      case OVER_CAPACITY: return Incidents.Kind.OVER_CAPACITY;
      case GATHERING: return Incidents.Kind.GATHERING;
      default: return null;
    }
  }

  private void analysed(CameraConfig camera, FrameAnalysis analysis, List<CrowdEvent> events, Mat frame) {
    siteOf.put(camera.id(), camera.site());
    deliveries.counts(camera, analysis);
    Instant now = Instant.now();
    List<Incidents.Event> changes = new ArrayList<>();
    for (CrowdEvent e : events) {
      Incidents.Key key = new Incidents.Key(camera.id(), e.zoneId(), kind(e.kind()));
      changes.addAll(incidents.observe(key, e.phase() != CrowdEvent.Phase.ENDED, e.value(), e.threshold(),
          Duration.ZERO, frame != null, now));
    }
    handle(changes, camera, frame == null ? null : new Frame(frame, analysis));
  }

  private record Frame(Mat bgr, FrameAnalysis analysis) {}

  @Override
  public void onStatus(CameraStatus status) {
    Context ctx = engineContext;
    if (ctx != null && owns.test(status.cameraId())) ctx.runOnContext(v -> status(status));
  }

  @Override
  public void ownership(Predicate<String> ownsCamera) {
    owns = ownsCamera;
    // Those adopted at start that another node pulls are its to continue or close.
    Context ctx = engineContext != null ? engineContext : context;
    ctx.runOnContext(v -> {
      incidents.forgetUnless(ownsCamera);
      open.removeIf(k -> !ownsCamera.test(k.cameraId()));
    });
  }

  @Override
  public Future<Void> takeOver(String cameraId) {
    return vertx.executeBlocking(() -> AlertRows.unresolved(b.dataSource(), KINDS, cameraId), false)
        .compose(alerts -> {
          Promise<Void> done = Promise.promise();
          Context ctx = engineContext != null ? engineContext : context;
          ctx.runOnContext(v -> {
            Instant now = Instant.now();
            int taken = 0;
            for (Alert a : alerts) {
              Incidents.Key key = null;
              for (Incidents.Kind k : Incidents.Kind.values()) {
                if (k.code.equals(a.kind())) key = new Incidents.Key(a.cameraId(), a.zoneId(), k);
              }
              // An incident already held here is the same alert seen live; the stored row is older.
              if (key == null || incidents.has(key)) continue;
              key = incidents.adopt(a, now);
              if (key != null) {
                open.add(key);
                taken++;
              }
            }
            if (taken > 0) LOG.log(System.Logger.Level.INFO, "Took over " + taken + " unresolved alerts of camera " + cameraId);
            done.complete();
          });
          return done.future();
        });
  }

  @Override
  public Future<Void> release(String cameraId) {
    Context ctx = engineContext != null ? engineContext : context;
    Promise<Void> forgotten = Promise.promise();
    ctx.runOnContext(v -> {
      incidents.forget(cameraId);
      open.removeIf(k -> k.cameraId().equals(cameraId));
      deliveries.forget(cameraId);
      // Openings waiting for their snapshot are appended when it is written; any camera's, for simplicity
      // (a snapshot takes milliseconds).
      Future.join(List.copyOf(opened.values())).onComplete(x -> forgotten.complete());
    });
    long since = System.nanoTime();
    return forgotten.future().compose(v -> {
      Promise<Void> stored = Promise.promise();
      // The writer stores alerts within milliseconds; the next owner reads the database, so wait for it,
      // but not for ever: with the database away the spool keeps them and the next owner cannot see them anyway.
      vertx.setPeriodic(RELEASE_POLL_MILLIS, t -> {
        if (b.writer().stats().alertsPending() == 0
            || System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(RELEASE_WAIT_MILLIS)) {
          vertx.cancelTimer(t);
          stored.complete();
        }
      });
      return stored.future();
    });
  }

  @Override
  public Future<Set<String>> camerasWithUnresolvedAlerts() {
    return vertx.executeBlocking(() -> {
      Set<String> out = new TreeSet<>();
      for (Alert a : AlertRows.unresolved(b.dataSource(), KINDS, null)) out.add(a.cameraId());
      return out;
    }, false);
  }

  private void status(CameraStatus s) {
    CameraConfig camera = b.cameras().apply(s.cameraId());
    if (camera != null) siteOf.put(camera.id(), camera.site());
    Instant now = Instant.now();
    List<Incidents.Event> changes = new ArrayList<>(incidents.observe(
        new Incidents.Key(s.cameraId(), null, Incidents.Kind.CAMERA_OFFLINE), OFFLINE.contains(s.state()),
        0, settings.offlineAfter().toSeconds(), settings.offlineAfter(), false, now));
    double target = camera == null ? 0 : camera.analyticFps() * settings.degradedRatio();
    changes.addAll(incidents.observe(new Incidents.Key(s.cameraId(), null, Incidents.Kind.CAMERA_DEGRADED),
        s.state() == CameraState.ONLINE && s.fpsAnalysed() < target, s.fpsAnalysed(), target,
        settings.degradedAfter(), false, now));
    if (OFFLINE.contains(s.state()) || s.state() == CameraState.FINISHED) {
      changes.addAll(incidents.crowdLost(s.cameraId(), now));
    }
    handle(changes, camera, null);
  }

  /** Stores and delivers what changed; {@code frame}, if given, is released here. */
  private void handle(List<Incidents.Event> changes, CameraConfig camera, Frame frame) {
    // Zones of one frame may open together; each snapshot draws on its own copy.
    int pictures = (int) changes.stream().filter(AlertEngineImpl::needsPicture).count();
    for (Incidents.Event ev : changes) {
      if (incidents.isOpen(ev.key())) open.add(ev.key()); else open.remove(ev.key());
      UUID id = ev.alert().id();
      if (needsPicture(ev) && frame != null) {
        Mat own = --pictures == 0 ? frame.bgr : frame.bgr.clone();
        opened.put(id, snapshot(ev, camera, own, frame.analysis).recover(e -> {
          LOG.log(System.Logger.Level.ERROR, "Snapshot of alert " + id + " could not be written", e);
          return Future.succeededFuture();
        }).map(v -> {
          publish(ev, true);
          return null;
        }));
      } else if (ev.change() == Incidents.Change.OPENED) {
        publish(ev, true);
      } else {
        opened.getOrDefault(id, Future.succeededFuture()).onComplete(v -> publish(ev, true));
        if (ev.change() == Incidents.Change.CLOSED) opened.remove(id);
      }
    }
    if (frame != null && changes.stream().noneMatch(AlertEngineImpl::needsPicture)) frame.bgr.close();
  }

  private static boolean needsPicture(Incidents.Event ev) {
    return ev.change() == Incidents.Change.OPENED && ev.alert().snapshotRef() != null;
  }

  private Future<Void> snapshot(Incidents.Event ev, CameraConfig camera, Mat bgr, FrameAnalysis analysis) {
    List<Box> people = new ArrayList<>();
    for (TrackedObject o : analysis.objects()) {
      if (o.objectClass() == ObjectClass.PERSON) people.add(o.box());
    }
    String label = camera.name() + ": " + ev.alert().kind().replace('_', ' ') + " " + Math.round(ev.alert().value())
        + "/" + Math.round(ev.alert().threshold()) + ", " + ev.alert().time().truncatedTo(ChronoUnit.SECONDS);
    return vertx.executeBlocking(() -> {
      try (bgr) {
        snapshots.write(ev.alert().snapshotRef(), Snapshots.render(bgr, people, camera.zones(), ev.key().zoneId(), label));
      }
      return null;
    }, false);
  }

  /**
   * Stores (openings and automatic closings: the store moves an alert forward only on a state change)
   * and delivers one change. User actions are stored and pushed to the inbox by the web module already.
   */
  private void publish(Incidents.Event ev, boolean fromEngine) {
    Alert a = ev.alert();
    boolean store = fromEngine && (ev.change() == Incidents.Change.OPENED || ev.change() == Incidents.Change.CLOSED);
    if (store) b.writer().append(a);
    Alert now = asOfNow(a, ev.severity(), ev.peak());
    if (fromEngine) b.live().changed(now);
    deliveries.alert(ev, siteOf.get(a.cameraId()), now);
  }

  /** The alert with the incident's severity and value now, as viewers and deliveries show it. */
  static Alert asOfNow(Alert a, Severity severity, double value) {
    return new Alert(a.id(), a.time(), a.cameraId(), a.zoneId(), a.kind(), severity, value, a.threshold(),
        a.state(), a.acknowledgedBy(), a.acknowledgedAt(), a.resolvedBy(), a.resolvedAt(), a.note(),
        a.snapshotRef());
  }

  @Override
  public void onUserAction(Alert a) {
    Context ctx = engineContext;
    if (ctx == null) return;
    ctx.runOnContext(v -> {
      Incidents.Event ev = a.state() == AlertState.ACKNOWLEDGED
          ? incidents.acknowledged(a.id(), a.acknowledgedBy(), a.acknowledgedAt(), a.note())
          : a.state() == AlertState.RESOLVED ? incidents.resolved(a.id(), a.resolvedBy(), a.resolvedAt(), a.note())
          : null;
      if (ev == null) return;
      if (incidents.isOpen(ev.key())) open.add(ev.key()); else open.remove(ev.key());
      opened.getOrDefault(a.id(), Future.succeededFuture()).onComplete(x -> publish(ev, false));
      if (ev.change() == Incidents.Change.CLOSED) opened.remove(a.id());
    });
  }

  @Override
  public Future<List<DeadLetter>> deadLetters(int limit) {
    return deliveries.deadLetters(limit);
  }
}
