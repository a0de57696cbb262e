package io.vigil.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vigil.alerts.AlertEngine;
import io.vigil.config.AlertSettings;
import io.vigil.analytics.AnalyticsSettings;
import io.vigil.cameras.CameraCatalog;
import io.vigil.cluster.ClusterAddresses;
import io.vigil.cluster.ClusterLiveVideo;
import io.vigil.cluster.ClusterNode;
import io.vigil.cluster.Clustering;
import io.vigil.ingest.CameraManager;
import io.vigil.ingest.CameraStatus;
import io.vigil.ingest.IngestOptions;
import io.vigil.ingest.StreamAddressPolicy;
import io.vigil.ingest.StreamProbe;
import io.vigil.config.CameraConfig;
import io.vigil.config.Credentials;
import io.vigil.config.DatabaseSettings;
import io.vigil.config.StorageSettings;
import io.vigil.config.VigilConfig;
import io.vigil.ingest.live.LiveVideo;
import io.vigil.pipeline.AnalysisPipeline;
import io.vigil.pipeline.LatestFrames;
import io.vigil.store.CameraStatusChange;
import io.vigil.store.Storage;
import io.vigil.store.StorageOptions;
import io.vigil.store.StorageQueries;
import io.vigil.store.StorageWriter;
import io.vigil.store.WriterStats;
import io.vigil.web.FrameSource;
import io.vigil.web.Metrics;
import io.vigil.web.WebBindings;
import io.vigil.web.api.DirectorySnapshots;
import io.vigil.web.api.EventBusLiveFeed;
import io.vigil.web.api.WebVerticle;
import io.vigil.web.auth.FirstAdminNotice;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_dnn;

/**
 * The running platform and the only place that wires it. It starts in named steps, each after the
 * one before it succeeded: storage (nothing produced is lost), the alert engine, ingest (the camera
 * workers, their analysis pipeline and the camera catalogue), the web viewer and API, and last, in a
 * cluster, this node's part in the camera assignment. It stops in reverse.
 *
 * <p>Started and closed on the caller's context. The steps set the fields in order; the analytics and
 * engine threads read only those set before the first camera started.
 */
public final class Platform {
  private static final System.Logger LOG = System.getLogger(Platform.class.getName());

  private final Vertx vertx;
  private final VigilConfig config;
  private final boolean clustered;
  private final EventBusLiveFeed live;
  private final Metrics metrics = new Metrics();
  private final Path snapshotDir;
  /** Run from the head on close: each step pushes its stops, so the last started stops first. */
  private final Deque<Supplier<Future<?>>> stops = new ArrayDeque<>();
  private Storage storage;
  private StorageQueries queries;
  private AlertEngine engine;
  private AnalysisPipeline pipeline;
  private LatestFrames frames;
  private CameraManager manager;
  /** Read by the engine's context and the analytics threads. */
  private volatile CameraCatalog catalog;
  private volatile WebVerticle web;
  /** Null on a single node. */
  private ClusterNode cluster;
  /** Read by the engine's context (alerts hold cameras on record); null until recording started. */
  private volatile RecordingStep recording;

  private Platform(Vertx vertx, VigilConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.clustered = vertx.isClustered();
    // In a cluster every node relays the cluster-wide feed to its own viewers.
    this.live = clustered ? new EventBusLiveFeed(vertx, ClusterAddresses.LIVE) : new EventBusLiveFeed(vertx);
    this.snapshotDir = config.dataDir().resolve("snapshots");
  }

  /**
   * The Vert.x instance for {@code config}: clustered through Hazelcast when its {@code cluster:} is
   * enabled (the platform then pulls only the cameras assigned to this node), plain otherwise.
   */
  public static Future<Vertx> vertx(VigilConfig config, VertxOptions options) {
    return Clustering.vertx(config.cluster(), options);
  }

  /** Starts every part in order; when one fails, those already started are stopped again. */
  public static Future<Platform> start(Vertx vertx, VigilConfig config) {
    Platform p = new Platform(vertx, config);
    return p.startStorage()
        .compose(v -> p.startEngine())
        .compose(v -> p.startIngest())
        .compose(v -> p.startRecording(p.manager))
        .compose(v -> p.startWeb())
        .compose(v -> p.joinCluster())
        .<Platform>map(p)
        .recover(e -> p.close().transform(x -> Future.failedFuture(e)));
  }

  /**
   * The platform's pipeline, storage and live feed included, with a listener and no viewer attached:
   * what the benchmark runs, so that it pays per frame what the platform pays.
   */
  public static AnalysisPipeline analysisPipeline(Vertx vertx, Function<String, CameraConfig> cameras,
      AnalyticsSettings settings, StorageWriter writer, AnalysisPipeline.Listener listener) {
    return new AnalysisPipeline(cameras, settings, writer, new EventBusLiveFeed(vertx), new LatestFrames(vertx),
        List.of(listener));
  }

  /** First, so that nothing the other parts produce is lost. Closed last, by {@link #close()}. */
  private Future<Void> startStorage() {
    StorageOptions options;
    try {
      options = storageOptions(config);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return Storage.start(vertx, options).compose(started -> {
      storage = started;
      queries = started.queries(vertx);
      return vertx.executeBlocking(() -> {
        // Unpacking and linking FFmpeg's and OpenCV's native libraries takes seconds on a first run:
        // done here on a worker, so that no event loop pays for it when the first camera starts.
        Loader.load(avutil.class);
        Loader.load(opencv_dnn.class);
        return null;
      }, false);
    });
  }

  /** Before ingest: every analysed frame and camera status goes to the engine. */
  private Future<Void> startEngine() {
    AlertSettings settings = config.alerts();
    if (clustered) settings = settings.forNode(nodeId());
    AlertEngine.Bindings bindings = new AlertEngine.Bindings(storage.writer(), storage.dataSource(),
        (change, alert) -> {
          live.alert(change, alert, engine == null ? null : engine.noDataSince(alert));
          RecordingStep r = recording;
          if (r != null) r.alertChanged(alert);
        }, this::camera, snapshotDir);
    return AlertEngine.start(vertx, settings, bindings).map(started -> {
      engine = started;
      stops.push(started::close);
      return null;
    });
  }

  /**
   * The camera workers, the pipeline every analysed frame goes through (storage, live viewers, alert
   * engine) and the catalogue of cameras. On a single node the cameras start here; in a cluster the
   * node is prepared here, before the catalogue reads the cameras, and its assignment starts them.
   */
  private Future<Void> startIngest() {
    AnalyticsSettings analytics = AnalyticsSettings.defaults()
        .withModel(config.detector().model())
        .withRuntime(config.detector().runtime())
        .withScoreThreshold(config.detector().scoreThreshold());
    frames = new LatestFrames(vertx);
    pipeline = new AnalysisPipeline(this::camera, analytics, storage.writer(), live, frames, List.of(engine::onAnalysis,
        (camera, analysis, picture) -> {
          RecordingStep r = recording;
          if (r != null) r.analysed(camera, analysis);
        }));
    IngestOptions ingest = ingestOptions(config);
    CameraManager manager = new CameraManager(vertx, pipeline, ingest);
    this.manager = manager;
    stops.push(manager::close);
    catalog = new CameraCatalog(vertx, manager, new StreamProbe(ingest, System.getenv()), queries, pipeline::forget);
    registerMetrics(manager);
    forwardStatus(manager);
    if (clustered) prepareCluster(manager);
    return catalog.startAll(config.cameras());
  }

  /**
   * After ingest, whose cameras it follows: the start-up check of files and index, then a recorder per
   * camera this node pulls (its own connection to the camera's live stream, off the analysis path).
   */
  private Future<Void> startRecording(CameraManager cameras) {
    String dir = config.recording().dir();
    Path base = dir == null ? config.dataDir().resolve("recordings")
        : (config.file().toAbsolutePath().getParent() == null ? Path.of(dir) : config.file().toAbsolutePath().getParent().resolve(dir));
    return RecordingStep.start(vertx, config.recording(), base, storage.dataSource(),
        ingestOptions(config), cameras, this::camera, engine,
        clustered ? config.cluster().host() + ":" + config.cluster().port() : null).map(step -> {
          recording = step;
          stops.push(step::close);
          return null;
        });
  }

  /** Cameras are started by the node's assignment, which needs the whole platform: see {@link #joinCluster()}. */
  private void prepareCluster(CameraManager manager) {
    cluster = new ClusterNode(vertx, ((VertxInternal) vertx).clusterManager(), catalog, manager, engine, frames, live,
        id -> {
          pipeline.forget(id);
          frames.remove(id);
        }, () -> web == null ? null : viewerUrl());
    cluster.prepare();
  }

  /**
   * The viewer and the API. In a cluster, users' actions on alerts reach the engine of the camera's
   * owner, frames come from the owner, and live video is relayed from it.
   */
  private Future<Void> startWeb() {
    ClusterNode node = cluster;
    StoreServices services = node == null ? new StoreServices(queries, engine)
        : new StoreServices(queries, engine, node::forwardUserAction);
    FrameSource frameSource = node == null ? frames : node.frameSource();
    WebBindings bindings = new WebBindings(storage.dataSource(), catalog, catalog, services, services, frameSource,
        new DirectorySnapshots(vertx, snapshotDir), live, metrics, storage::health);
    web = new WebVerticle(config.server(), bindings, config.server().mapTiles(),
        FirstAdminNotice.terminalOrFile(System.console(), System.out, config.dataDir()), ingestOptions(config));
    web.recordings(recording.playback(this::camera));
    if (node != null) {
      web.clusterView(node::view);
      web.liveVideo(local -> {
        ClusterLiveVideo video = new ClusterLiveVideo(vertx, local, node.nodeId(), node::owner, node::pulled,
            LiveVideo.Viewer.DEFAULT_CAPACITY);
        metrics.gauge("vigil_live_relays", "Cameras' live video relayed between nodes: in, from their owners; "
            + "out, to other nodes", () -> List.of(new Metrics.Sample(Map.of("direction", "in"), video.relaysIn()),
                new Metrics.Sample(Map.of("direction", "out"), video.relaysOut())));
        return video;
      });
    }
    return vertx.deployVerticle(web).map(id -> {
      stops.push(() -> vertx.undeploy(id));
      return null;
    });
  }

  /** Last: the node is given cameras only once everything else here is up. */
  private Future<Void> joinCluster() {
    ClusterNode node = cluster;
    if (node == null) return Future.succeededFuture();
    stops.push(node::close);
    return node.start();
  }

  /** A camera's configuration by id, null when there is none (or before the catalogue exists). */
  private CameraConfig camera(String id) {
    CameraCatalog c = catalog;
    return c == null ? null : c.get(id);
  }

  private String nodeId() {
    return ((VertxInternal) vertx).clusterManager().getNodeId();
  }

  /** How ingest and live video connect to cameras. */
  static IngestOptions ingestOptions(VigilConfig config) {
    return IngestOptions.defaults().withAddressPolicy(StreamAddressPolicy.allowing(config.registration().allowedNetworks()));
  }

  /** Where and how storage runs for {@code config}: also what the key rotation command opens. */
  public static StorageOptions storageOptions(VigilConfig config) {
    return storageOptions(config, System.getenv());
  }

  /**
   * The file's {@code database:} section, or else {@code VIGIL_DB_URL}, {@code VIGIL_DB_USER} and
   * {@code VIGIL_DB_PASSWORD} (a container or service unit sets these without editing the file), or
   * else the embedded server under {@code data_dir}; retention and compression from the file's {@code
   * storage:} section, else {@code VIGIL_DB_RETENTION}, {@code VIGIL_DB_ALERT_RETENTION} and {@code
   * VIGIL_DB_COMPRESS_AFTER}.
   */
  public static StorageOptions storageOptions(VigilConfig config, Map<String, String> env) {
    Path root = config.dataDir().getParent() == null ? Path.of(".") : config.dataDir().getParent();
    StorageOptions.Builder b = StorageOptions.builder(root).dataDir(config.dataDir());
    DatabaseSettings db = config.database();
    if (db != null) {
      String password = null;
      if (db.passwordRef() != null) {
        password = Credentials.referenced(db.user(), db.passwordRef()).resolvePassword(env);
      }
      b.database(db.jdbcUrl(), db.user(), password);
    } else if (env.get(StorageOptions.ENV_URL) != null && !env.get(StorageOptions.ENV_URL).isBlank()) {
      b.database(env.get(StorageOptions.ENV_URL), env.get(StorageOptions.ENV_USER), env.get(StorageOptions.ENV_PASSWORD));
    }
    StorageSettings kept = config.storage();
    Duration d;
    if ((d = orEnv(kept.retention(), env, StorageOptions.ENV_RETENTION)) != null) b.retention(d);
    if ((d = orEnv(kept.alertRetention(), env, StorageOptions.ENV_ALERT_RETENTION)) != null) b.alertRetention(d);
    if ((d = orEnv(kept.compressAfter(), env, StorageOptions.ENV_COMPRESS_AFTER)) != null) b.compressAfter(d);
    return b.build();
  }

  /** The file's value, else the environment's (a service unit may set it), else null: the storage default. */
  private static Duration orEnv(Duration fromFile, Map<String, String> env, String variable) {
    if (fromFile != null) return fromFile;
    String v = env.get(variable);
    return v == null || v.isBlank() ? null : StorageOptions.parseDuration(variable, v);
  }

  /** Status goes to the viewers on every update, and to storage when the state changes. */
  private void forwardStatus(CameraManager manager) {
    Map<String, String> lastState = new ConcurrentHashMap<>();
    // Local: in a cluster each node forwards the statuses of the cameras it pulls itself.
    MessageConsumer<JsonObject> consumer = vertx.eventBus().localConsumer(CameraManager.STATUS_ADDRESS, msg -> {
      // The message's own status, not the registry's now: a short state (a stall) is stored as it was.
      CameraStatus s = CameraStatus.fromJson(msg.body());
      String id = s.cameraId();
      if (manager.registry().get(id).isPresent()) {
        live.status(CameraCatalog.health(s));
        engine.onStatus(s);
        String state = s.state().name().toLowerCase(Locale.ROOT);
        if (!state.equals(lastState.put(id, state))) {
          storage.writer().append(new CameraStatusChange(s.since(), id, state, s.reason()));
        }
      }
    });
    stops.push(consumer::unregister);
  }

  private void registerMetrics(CameraManager manager) {
    cameraGauge(manager, "vigil_camera_keyframes_only", "1 when only keyframes are decoded",
        s -> s.keyframesOnly() ? 1 : 0);
    Function<ToDoubleFunction<WriterStats>, Supplier<Collection<Metrics.Sample>>> writer =
        f -> () -> List.of(new Metrics.Sample(Map.of(), f.applyAsDouble(storage.writer().stats())));
    metrics.gauge("vigil_writer_database_up", "1 while the database accepts writes", writer.apply(w -> w.databaseUp() ? 1 : 0));
    metrics.gauge("vigil_database_up", "1 while the database answers the supervisor's checks (once a second)",
        () -> List.of(new Metrics.Sample(Map.of(), storage.health().up() ? 1 : 0)));
    metrics.counter("vigil_database_restarts_total", "Restarts of the embedded database after it died",
        () -> List.of(new Metrics.Sample(Map.of(), storage.health().restarts())));
    metrics.gauge("vigil_writer_status_pending", "Camera status changes in the spool waiting for the database",
        writer.apply(WriterStats::statusPending));
    metrics.gauge("vigil_writer_alerts_pending", "Alerts in the spool waiting for the database", writer.apply(WriterStats::alertsPending));
    metrics.gauge("vigil_writer_occupancy_buffered", "Occupancy samples waiting to be written (writer lag)",
        writer.apply(WriterStats::occupancyBuffered));
    metrics.counter("vigil_writer_occupancy_dropped_total", "Occupancy samples dropped while the database was away",
        writer.apply(WriterStats::occupancyDropped));
    metrics.counter("vigil_writer_occupancy_stored_total", "Occupancy samples written", writer.apply(WriterStats::occupancyStored));
    metrics.counter("vigil_writer_alerts_stored_total", "Alert rows written", writer.apply(WriterStats::alertsStored));
  }

  private void cameraGauge(CameraManager manager, String name, String help,
      ToDoubleFunction<CameraStatus> value) {
    metrics.gauge(name, help, () -> manager.registry().all().stream()
        .map(s -> new Metrics.Sample(Map.of("camera", s.cameraId()), value.applyAsDouble(s))).toList());
  }

  /** The port the web viewer listens on (differs from the configured one when that was 0). */
  public int httpPort() {
    return web.actualPort();
  }

  /** The URL to open in a browser. */
  public String viewerUrl() {
    String host = config.server().bind();
    if (host.equals("0.0.0.0") || host.equals("::")) host = "localhost";
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + httpPort() + "/";
  }

  /** Stops every part in reverse order of starting, storage last: it flushes what the others produced. */
  public Future<Void> close() {
    Future<?> chain = Future.succeededFuture();
    for (Supplier<Future<?>> stop : stops) {
      chain = chain.eventually(() -> stop.get().onFailure(e ->
          LOG.log(Level.WARNING, "Stopping a part of Vigil failed: " + e.getMessage())));
    }
    return chain.eventually(() -> storage == null ? Future.succeededFuture()
        : vertx.executeBlocking(() -> {
          storage.close();
          return null;
        }, false)).mapEmpty();
  }
}
