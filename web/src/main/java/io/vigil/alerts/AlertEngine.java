package io.vigil.alerts;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vigil.analytics.CrowdEvent;
import io.vigil.analytics.FrameAnalysis;
import io.vigil.analytics.Picture;
import io.vigil.config.AlertSettings;
import io.vigil.ingest.CameraStatus;
import io.vigil.config.CameraConfig;
import io.vigil.store.Alert;
import io.vigil.store.AlertRows;
import io.vigil.store.AlertState;
import io.vigil.store.DeadLetter;
import io.vigil.store.StorageWriter;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Turns analytics and camera status into incidents (one alert per breach, updated while it lasts,
 * closed once clear, escalated when nobody acknowledges it) and delivers them to the web inbox, MQTT
 * and webhooks. Alerts are stored through the store's writer, which spools them and never drops one.
 *
 * <pre>{@code
 * AlertEngine alerts = AlertEngine.start(vertx, settings, new AlertEngine.Bindings(storage.writer(),
 *     storage.dataSource(), alert -> viewers.show(alert), catalogue::get, snapshotDir)).await();
 * // on each analysed frame:            alerts.onAnalysis(camera, analysis, picture);
 * // on each status update:            alerts.onStatus(status);
 * // after a user acknowledged/resolved: alerts.onUserAction(storedAlert);
 * }</pre>
 *
 * <p>A verticle: all incident state lives on its context; callers on other threads only hand
 * messages over. JPEG encoding and file writes run on workers, deliveries are asynchronous, so neither
 * the analytics threads nor one channel ever wait for another.
 */
public final class AlertEngine extends VerticleBase {
  private static final System.Logger LOG = System.getLogger(AlertEngine.class.getName());
  private static final long TICK_MILLIS = 250;
  private static final long SWEEP_MILLIS = 3_600_000;
  private static final long RELEASE_POLL_MILLIS = 20;
  /** Bounds a release: the next owner waits on it, and a node dying is taken over within 15 s. */
  private static final long RELEASE_WAIT_MILLIS = 3000;
  /** The kinds of alert the engine raises, and so continues after a restart or takeover. */
  private static final List<String> KINDS = Arrays.stream(Incidents.Kind.values()).map(k -> k.code).toList();

  private final AlertSettings settings;
  private final Bindings b;
  private final Incidents incidents;
  private final Snapshots snapshots;
  /** Keys with an open incident, read by analytics threads to decide whether a frame is worth copying. */
  private final Set<Incidents.Key> open = ConcurrentHashMap.newKeySet();
  /** Per alert, when its opening has been stored and delivered: later changes wait for it. */
  private final Map<UUID, Future<Void>> opened = new HashMap<>();
  private final Map<String, String> siteOf = new HashMap<>();
  private final CameraConditions conditions;
  private volatile Context engineContext;
  /** Cluster: the cameras this node pulls; the others' incidents belong to their owners. */
  private volatile Predicate<String> owns = id -> true;
  private Deliveries deliveries;
  private long tickTimer;
  private long sweepTimer;

  private AlertEngine(AlertSettings settings, Bindings bindings) {
    this.settings = settings;
    this.b = bindings;
    this.incidents = new Incidents(settings.clearAfter(), settings.escalateAfter());
    this.conditions = new CameraConditions(settings, incidents);
    this.snapshots = new Snapshots(bindings.snapshotDir(), bindings.dataSource());
  }

  /**
   * @param dataSource  the store's pool, for the store's queries the engine runs: unresolved alerts, dead
   *                    letters (migration V200) and the snapshot retention sweep
   * @param live        sees every change as it happens (the live viewers)
   * @param cameras     a camera's configuration by id, null when there is none: resolves a status's camera
   *                    to its site and target fps; called on the engine's context, so it must be cheap
   * @param snapshotDir where snapshots are written; the web module serves them from the same directory
   */
  public record Bindings(StorageWriter writer, DataSource dataSource, AlertSink live,
      Function<String, CameraConfig> cameras, Path snapshotDir) {
    public Bindings {
      Objects.requireNonNull(writer, "writer");
      Objects.requireNonNull(dataSource, "dataSource");
      Objects.requireNonNull(live, "live");
      Objects.requireNonNull(cameras, "cameras");
      Objects.requireNonNull(snapshotDir, "snapshotDir");
    }
  }

  /** Deploys the engine's verticle and starts connecting to the configured MQTT brokers (without waiting for them). */
  public static Future<AlertEngine> start(Vertx vertx, AlertSettings settings, Bindings bindings) {
    AlertEngine engine = new AlertEngine(settings, bindings);
    return vertx.deployVerticle(engine).map(id -> engine);
  }

  /** Vert.x calls this on deployment ({@link #start(Vertx, AlertSettings, Bindings)} deploys). */
  @Override
  public Future<?> start() {
    deliveries = new Deliveries(vertx, settings, b.dataSource());
    // Brokers are connected in the background: an absent broker must not keep alerts from the inbox.
    deliveries.connect();
    // Without this, alerts open when Vigil stopped would stay open for ever: no end comes for them.
    return vertx.executeBlocking(() -> AlertRows.unresolved(b.dataSource(), KINDS, null), false).recover(e -> {
      LOG.log(Level.WARNING, "Could not read the alerts left open by the last run; they stay open", e);
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
      if (!alerts.isEmpty()) LOG.log(Level.INFO, "Took over " + alerts.size() + " unresolved alerts");
      tickTimer = vertx.setPeriodic(TICK_MILLIS, t -> handle(incidents.tick(Instant.now()), null, null));
      sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, t -> vertx.executeBlocking(() -> snapshots.sweep(Instant.now()), false)
          .onFailure(e -> LOG.log(Level.WARNING, "Snapshot retention sweep failed", e)));
      engineContext = context;
    });
  }

  /** Vert.x calls this on undeployment ({@link #close()} undeploys). */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(tickTimer);
    vertx.cancelTimer(sweepTimer);
    return deliveries.close();
  }

  /** Disconnects from brokers; webhook retries in flight are abandoned (their alerts are stored). */
  public Future<Void> close() {
    return deploymentID() == null ? Future.succeededFuture() : vertx.undeploy(deploymentID());
  }

  /**
   * One analysed frame. Safe from any thread and never blocks: it copies the frame only when it may
   * open an alert and hands everything to the engine's context. {@code picture} is only borrowed for
   * the call.
   */
  public void onAnalysis(CameraConfig camera, FrameAnalysis analysis, Picture picture) {
    Context ctx = engineContext;
    if (ctx == null || !owns.test(camera.id())) return;
    List<CrowdEvent> events = new ArrayList<>();
    boolean mayOpen = false;
    for (CrowdEvent e : analysis.events()) {
      Incidents.Kind kind = Incidents.Kind.of(e.kind());
      if (kind == null) continue;
      events.add(e);
      mayOpen |= e.phase() != CrowdEvent.Phase.ENDED && !open.contains(new Incidents.Key(camera.id(), e.zoneId(), kind));
    }
    // Copying a frame costs about a millisecond at 720p; encoding it (15 ms) is left to a worker.
    Mat frame = mayOpen && picture != null ? picture.bgr().clone() : null;
    ctx.runOnContext(v -> analysed(camera, analysis, events, frame));
  }

  private void analysed(CameraConfig camera, FrameAnalysis analysis, List<CrowdEvent> events, Mat frame) {
    siteOf.put(camera.id(), camera.site());
    deliveries.counts(camera, analysis);
    Instant now = Instant.now();
    List<Incidents.Event> changes = new ArrayList<>();
    for (CrowdEvent e : events) {
      Incidents.Key key = new Incidents.Key(camera.id(), e.zoneId(), Incidents.Kind.of(e.kind()));
      changes.addAll(incidents.observe(key, e.phase() != CrowdEvent.Phase.ENDED, e.value(), e.threshold(),
          Duration.ZERO, ClosingNote.hold(camera.zones(), e), frame != null, now));
    }
    handle(changes, camera, frame == null ? null : new Frame(frame, analysis));
  }

  private record Frame(Mat bgr, FrameAnalysis analysis) {}


  /** A camera's ingest status. Safe from any thread; never blocks. */
  public void onStatus(CameraStatus status) {
    Context ctx = engineContext;
    if (ctx != null && owns.test(status.cameraId())) ctx.runOnContext(v -> status(status));
  }

  /** Recording of the camera stopped for a full disk, or runs again: a camera alert, closed after clear_after. */
  public void onRecording(String cameraId, boolean diskFull) {
    Context ctx = engineContext;
    if (ctx != null && owns.test(cameraId)) ctx.runOnContext(v -> handle(incidents.observe(new Incidents.Key(cameraId,
        null, Incidents.Kind.RECORDING_DISK_FULL), diskFull, 1, 0, Duration.ZERO, false, Instant.now()),
        b.cameras().apply(cameraId), null));
  }

  /**
   * Cluster: which cameras this node pulls. Incidents of other cameras are neither raised nor closed
   * here; their owner does that. Without a call every camera is this node's (a single node).
   */
  public void ownership(Predicate<String> ownsCamera) {
    owns = ownsCamera;
    // Those adopted at start that another node pulls are its to continue or close.
    Context ctx = engineContext != null ? engineContext : context;
    ctx.runOnContext(v -> {
      incidents.forgetUnless(ownsCamera);
      conditions.retain(ownsCamera);
      open.removeIf(k -> !ownsCamera.test(k.cameraId()));
    });
  }

  /**
   * Cluster: the camera is pulled here from now on. Its unresolved alerts are read from the database
   * and continued, so that an ongoing condition keeps its alert instead of opening a second one. Call
   * before the camera starts.
   */
  public Future<Void> takeOver(String cameraId) {
    return vertx.executeBlocking(() -> AlertRows.unresolved(b.dataSource(), KINDS, cameraId), false)
        .compose(alerts -> {
          Promise<Void> done = Promise.promise();
          Context ctx = engineContext != null ? engineContext : context;
          ctx.runOnContext(v -> {
            Instant now = Instant.now();
            int taken = 0;
            for (Alert a : alerts) {
              Incidents.Kind kind = Incidents.Kind.ofCode(a.kind());
              Incidents.Key key = kind == null ? null : new Incidents.Key(a.cameraId(), a.zoneId(), kind);
              // An incident already held here is the same alert seen live; the stored row is older.
              if (key == null || incidents.has(key)) continue;
              key = incidents.adopt(a, now);
              if (key != null) {
                open.add(key);
                taken++;
              }
            }
            if (taken > 0) LOG.log(Level.INFO, "Took over " + taken + " unresolved alerts of camera " + cameraId);
            done.complete();
          });
          return done.future();
        });
  }

  /**
   * Cluster: the camera is pulled by another node now. Its incidents are forgotten here without being
   * closed: they stay open in the database for the new owner. Call after the camera stopped. The future
   * completes once what this engine raised before is handed to storage and stored (or after a few
   * seconds when the database does not take it), so that the next owner reads it.
   */
  public Future<Void> release(String cameraId) {
    Context ctx = engineContext != null ? engineContext : context;
    Promise<Void> forgotten = Promise.promise();
    ctx.runOnContext(v -> {
      incidents.forget(cameraId);
      open.removeIf(k -> k.cameraId().equals(cameraId));
      deliveries.forget(cameraId);
      conditions.forget(cameraId);
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

  /** Cluster: the cameras that have an alert open or acknowledged in the database. */
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
    handle(conditions.status(s, camera, Instant.now()), camera, null);
  }

  /**
   * The last frame of a crowd alert's camera while it sends none (the alert stays open: nobody can tell
   * whether its crowd is gone); null otherwise, and for cameras another node pulls. Safe from any thread.
   */
  public Instant noDataSince(Alert a) {
    return conditions.noDataSince(a);
  }

  /** Stores and delivers what changed; {@code frame}, if given, is released here. */
  private void handle(List<Incidents.Event> changes, CameraConfig camera, Frame frame) {
    // Zones of one frame may open together; each snapshot draws on its own copy.
    int pictures = (int) changes.stream().filter(AlertEngine::needsPicture).count();
    for (Incidents.Event ev : changes) {
      if (incidents.isOpen(ev.key())) open.add(ev.key()); else open.remove(ev.key());
      UUID id = ev.alert().id();
      if (needsPicture(ev) && frame != null) {
        Mat own = --pictures == 0 ? frame.bgr : frame.bgr.clone();
        opened.put(id, snapshot(ev, camera, own, frame.analysis).recover(e -> {
          LOG.log(Level.ERROR, "Snapshot of alert " + id + " could not be written", e);
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
    if (frame != null && changes.stream().noneMatch(AlertEngine::needsPicture)) frame.bgr.close();
  }

  private static boolean needsPicture(Incidents.Event ev) {
    return ev.change() == Incidents.Change.OPENED && ev.alert().snapshotRef() != null;
  }

  private Future<Void> snapshot(Incidents.Event ev, CameraConfig camera, Mat bgr, FrameAnalysis analysis) {
    return vertx.executeBlocking(() -> {
      snapshots.write(ev, camera, bgr, analysis);
      return null;
    }, false);
  }

  /**
   * Stores (openings, escalations and automatic closings, as the incident stands: the store moves an
   * alert forward only, and adds notes it does not hold) and delivers one change. User actions are stored
   * and pushed to the inbox by the web module already.
   */
  private void publish(Incidents.Event ev, boolean fromEngine) {
    Alert a = ev.alert();
    Alert now = ev.asOfNow();
    boolean store = fromEngine && (ev.change() == Incidents.Change.OPENED || ev.change() == Incidents.Change.CLOSED
        || ev.change() == Incidents.Change.ESCALATED);
    if (store) b.writer().append(now);
    if (fromEngine) b.live().changed(ev.change().code(), now);
    deliveries.alert(ev, siteOf.get(a.cameraId()), now);
  }

  /**
   * An alert as stored after a user acknowledged, resolved or annotated it (the web API's actions): the
   * incident carries its notes on, an acknowledged alert no longer escalates, a resolved one ends its
   * incident, and each is delivered to MQTT (and, but for a note, the webhooks). Safe from any thread;
   * never blocks.
   */
  public void onUserAction(Alert a) {
    Context ctx = engineContext;
    if (ctx == null) return;
    ctx.runOnContext(v -> {
      Incidents.Event noted = incidents.noted(a.id(), a.notes(), Instant.now());
      Incidents.Event acted = a.state() == AlertState.ACKNOWLEDGED
          ? incidents.acknowledged(a.id(), a.acknowledgedBy(), a.acknowledgedAt(), null)
          : a.state() == AlertState.RESOLVED ? incidents.resolved(a.id(), a.resolvedBy(), a.resolvedAt(), null)
          : null;
      Incidents.Event ev = acted != null ? acted : noted;
      if (ev == null) return;
      if (incidents.isOpen(ev.key())) open.add(ev.key()); else open.remove(ev.key());
      opened.getOrDefault(a.id(), Future.succeededFuture()).onComplete(x -> publish(ev, false));
      if (ev.change() == Incidents.Change.CLOSED) opened.remove(a.id());
    });
  }

  /** The newest webhook deliveries that failed every attempt, at most {@code limit} (1-1000). */
  public Future<List<DeadLetter>> deadLetters(int limit) {
    return deliveries.deadLetters(limit);
  }
}
