package io.vigil.platform;

import io.vertx.core.Future;
import io.vigil.cameras.CameraCatalog;
import io.vigil.cluster.ClusterAddresses;
import io.vigil.cluster.ClusterLiveVideo;
import io.vigil.cluster.ClusterNode;
import io.vigil.cluster.Clustering;
import io.vigil.pipeline.AnalysisPipeline;
import io.vigil.pipeline.LatestFrames;
import io.vigil.web.api.DirectorySnapshots;
import io.vigil.web.api.EventBusLiveFeed;
import io.vigil.web.api.WebVerticle;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_dnn;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vigil.alerts.AlertEngine;
import io.vigil.alerts.AlertSettings;
import io.vigil.analytics.AnalyticsSettings;
import io.vigil.ingest.CameraManager;
import io.vigil.ingest.CameraStatus;
import io.vigil.ingest.IngestOptions;
import io.vigil.ingest.StreamProbe;
import io.vigil.ingest.config.DatabaseSettings;
import io.vigil.ingest.config.VigilConfig;
import io.vigil.store.CameraStatusChange;
import io.vigil.store.Storage;
import io.vigil.store.StorageOptions;
import io.vigil.store.StorageQueries;
import io.vigil.store.WriterStats;
import io.vigil.web.FrameSource;
import io.vigil.web.LiveFeed;
import io.vigil.web.Metrics;
import io.vigil.web.WebBindings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Wires the platform together: storage first (so nothing produced is lost), then the camera workers
 * with the analysis pipeline, then the web viewer; stopped in reverse.
 */
public final class Platform {
  private static final System.Logger LOG = System.getLogger(Platform.class.getName());

  private final Vertx vertx;
  private final VigilConfig config;
  private final Storage storage;
  /** Run in order on close: the web first, storage last (it flushes what the others produced). */
  private final List<Supplier<Future<?>>> stops = new ArrayList<>();
  private volatile WebVerticle web;
  /** Null on a single node. */
  private ClusterNode cluster;

  private Platform(Vertx vertx, VigilConfig config, Storage storage) {
    this.vertx = vertx;
    this.config = config;
    this.storage = storage;
  }

  /**
   * The Vert.x instance for {@code config}: clustered through Hazelcast when its {@code cluster:} is
   * enabled (the platform then pulls only the cameras assigned to this node), plain otherwise.
   */
  public static Future<Vertx> vertx(VigilConfig config, VertxOptions options) {
    return Clustering.vertx(config.cluster(), options);
  }

  public static Future<Platform> start(Vertx vertx, VigilConfig config) {
    StorageOptions options;
    try {
      options = storageOptions(config);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return Storage.start(vertx, options).compose(storage -> vertx.executeBlocking(() -> {
      // Unpacking and linking FFmpeg's and OpenCV's native libraries takes seconds on a first run:
      // done here on a worker, so that no event loop pays for it when the first camera starts.
      Loader.load(avutil.class);
      Loader.load(opencv_dnn.class);
      return storage;
    }, false)).compose(storage -> {
      Platform p = new Platform(vertx, config, storage);
      return p.startAll().<Platform>map(p).recover(e -> p.close().transform(x -> Future.failedFuture(e)));
    });
  }

  /** Tests and embedders that bring their own services. */
  public static Future<Platform> start(Vertx vertx, VigilConfig config, WebBindings bindings) {
    Platform p = new Platform(vertx, config, null);
    return p.deployWeb(bindings, ingestOptions(config)).map(p);
  }

  /** How ingest and live video connect to cameras. */
  static IngestOptions ingestOptions(VigilConfig config) {
    return IngestOptions.defaults().withAddressPolicy(config.registration().addressPolicy());
  }

  static StorageOptions storageOptions(VigilConfig config) {
    Path root = config.dataDir().getParent() == null ? Path.of(".") : config.dataDir().getParent();
    StorageOptions.Builder b = StorageOptions.builder(root).dataDir(config.dataDir());
    DatabaseSettings db = config.database();
    if (db != null) {
      String password = null;
      if (db.passwordRef() != null) {
        password = io.vigil.ingest.config.Credentials.referenced(db.user(), db.passwordRef())
            .resolvePassword(System.getenv());
      }
      b.database(db.jdbcUrl(), db.user(), password);
    }
    return b.build();
  }

  private Future<Void> startAll() {
    AlertSettings alertSettings = AlertSettings.parse(config.alerts(), config.file().toString(), System.getenv());
    boolean clustered = vertx.isClustered();
    if (clustered) alertSettings = alertSettings.forNode(((VertxInternal) vertx).clusterManager().getNodeId());
    LiveFeed live = clustered ? new EventBusLiveFeed(vertx, ClusterAddresses.LIVE) : new EventBusLiveFeed(vertx);
    Metrics metrics = Metrics.create();
    LatestFrames frames = new LatestFrames(vertx);
    StorageQueries queries = storage.queries(vertx);
    Path snapshots = config.dataDir().resolve("snapshots");

    AnalyticsSettings settings = AnalyticsSettings.defaults()
        .withModel(config.detector().model())
        .withRuntime(config.detector().runtime())
        .withScoreThreshold(config.detector().scoreThreshold());
    // The pipeline, the catalog and the alert engine refer to one another; each is set before the
    // first camera starts, so no frame ever sees one missing.
    CameraCatalog[] catalog = new CameraCatalog[1];
    AlertEngine[] alerts = new AlertEngine[1];
    AnalysisPipeline pipeline = new AnalysisPipeline(id -> catalog[0].get(id), settings, storage.writer(), live,
        frames, List.of((camera, analysis, bgr) -> alerts[0].onAnalysis(camera, analysis, bgr)));
    IngestOptions ingest = ingestOptions(config);
    CameraManager manager = CameraManager.create(vertx, pipeline, ingest);
    stops.add(manager::close);
    catalog[0] = new CameraCatalog(vertx, manager, StreamProbe.create(ingest, System.getenv()), queries,
        pipeline::forget);
    registerMetrics(metrics, manager);

    return AlertEngine.start(vertx, alertSettings,
            new AlertEngine.Bindings(storage.writer(), storage.dataSource(),
                alert -> live.alert(StoreServices.info(alert)), id -> catalog[0].get(id), snapshots))
        .compose(engine -> {
          alerts[0] = engine;
          stops.add(0, engine::close);
          forwardStatus(manager, live, engine);
          AlertEngine forUsers = engine;
          FrameSource frameSource = frames;
          if (clustered) {
            cluster = new ClusterNode(vertx, ((VertxInternal) vertx).clusterManager(), catalog[0], manager, engine,
                frames, (EventBusLiveFeed) live, id -> {
                  pipeline.forget(id);
                  frames.remove(id);
                }, () -> web == null ? null : viewerUrl());
            cluster.prepare();
            forUsers = cluster.forwardingUserActions();
            frameSource = cluster.frameSource();
          }
          StoreServices services = new StoreServices(queries, forUsers);
          WebBindings bindings = new WebBindings(storage.dataSource(), catalog[0], catalog[0], services, services,
              frameSource, new DirectorySnapshots(vertx, snapshots), live, metrics);
          return deployWeb(bindings, ingest);
        })
        .compose(v -> catalog[0].startAll(config.cameras()))
        .compose(v -> {
          if (cluster == null) return Future.succeededFuture();
          ClusterNode node = cluster;
          stops.add(0, node::close);
          return node.start();
        });
  }

  private Future<Void> deployWeb(WebBindings bindings, IngestOptions ingest) {
    web = new WebVerticle(config.server(), bindings, config.server().mapTiles(), System.out, ingest);
    ClusterNode node = cluster;
    if (node != null) {
      web.clusterView(node::view);
      web.liveVideo(local -> new ClusterLiveVideo(vertx, local, node.nodeId(), node::owner, node::pulled,
          io.vigil.ingest.live.LiveVideo.Viewer.DEFAULT_CAPACITY));
    }
    return vertx.deployVerticle(web).map(id -> {
      stops.add(0, () -> vertx.undeploy(id));
      return null;
    });
  }

  /** Status goes to the viewers on every update, and to storage when the state changes. */
  private void forwardStatus(CameraManager manager, LiveFeed live, AlertEngine alerts) {
    Map<String, String> lastState = new ConcurrentHashMap<>();
    // Local: in a cluster each node forwards the statuses of the cameras it pulls itself.
    MessageConsumer<JsonObject> consumer = vertx.eventBus().localConsumer(CameraManager.STATUS_ADDRESS, msg -> {
      String id = msg.body().getString("cameraId");
      manager.registry().get(id).ifPresent(s -> {
        live.status(CameraCatalog.health(s));
        alerts.onStatus(s);
        String state = s.state().name().toLowerCase(java.util.Locale.ROOT);
        if (!state.equals(lastState.put(id, state))) {
          storage.writer().append(new CameraStatusChange(Instant.now(), id, state, s.reason()));
        }
      });
    });
    stops.add(0, consumer::unregister);
  }

  private void registerMetrics(Metrics metrics, CameraManager manager) {
    cameraGauge(metrics, manager, "vigil_camera_keyframes_only", "1 when only keyframes are decoded",
        s -> s.keyframesOnly() ? 1 : 0);
    Function<ToDoubleFunction<WriterStats>, java.util.function.Supplier<java.util.Collection<Metrics.Sample>>> writer =
        f -> () -> List.of(new Metrics.Sample(Map.of(), f.applyAsDouble(storage.writer().stats())));
    metrics.gauge("vigil_writer_database_up", "1 while the database accepts writes", writer.apply(w -> w.databaseUp() ? 1 : 0));
    metrics.gauge("vigil_writer_alerts_pending", "Alerts in the spool waiting for the database", writer.apply(WriterStats::alertsPending));
    metrics.gauge("vigil_writer_occupancy_buffered", "Occupancy samples waiting to be written (writer lag)",
        writer.apply(WriterStats::occupancyBuffered));
    metrics.counter("vigil_writer_occupancy_dropped_total", "Occupancy samples dropped while the database was away",
        writer.apply(WriterStats::occupancyDropped));
    metrics.counter("vigil_writer_occupancy_stored_total", "Occupancy samples written", writer.apply(WriterStats::occupancyStored));
    metrics.counter("vigil_writer_alerts_stored_total", "Alert rows written", writer.apply(WriterStats::alertsStored));
  }

  private static void cameraGauge(Metrics metrics, CameraManager manager, String name, String help,
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

  public Future<Void> close() {
    Future<?> chain = Future.succeededFuture();
    for (Supplier<Future<?>> stop : stops) {
      chain = chain.eventually(() -> stop.get().onFailure(e ->
          LOG.log(System.Logger.Level.WARNING, "Stopping a part of Vigil failed: " + e.getMessage())));
    }
    return chain.eventually(() -> storage == null ? Future.succeededFuture()
        : vertx.executeBlocking(() -> {
          storage.close();
          return null;
        }, false)).mapEmpty();
  }
}
