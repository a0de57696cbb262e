package io.vigil.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vigil.config.CameraConfig;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one ingest worker per camera and hands their frames to a {@link FrameProcessor}. Cameras may
 * be started, stopped and replaced at any time while the platform runs (configuration file and
 * database alike). Status goes to {@link #registry()} and, as JSON, to the event bus at
 * {@link #STATUS_ADDRESS}. Any thread may call it; each camera's worker runs on its own verticle.
 */
public final class CameraManager {
  /** Event-bus address of camera status messages (body: {@link CameraStatus#toJson()}). */
  public static final String STATUS_ADDRESS = "vigil.camera.status";

  private final Vertx vertx;
  private final IngestOptions options;
  private final AnalyticsPool pool;
  private final CameraRegistry registry = new CameraRegistry();
  // Camera id to its deployment id, present from the moment a start is asked for, so that a second
  // start of the same id fails and a stop waits for a deployment still in progress.
  private final Map<String, Future<String>> deployments = new ConcurrentHashMap<>();

  public CameraManager(Vertx vertx, FrameProcessor processor, IngestOptions options) {
    this.vertx = Objects.requireNonNull(vertx);
    this.options = Objects.requireNonNull(options);
    this.pool = new AnalyticsPool(Objects.requireNonNull(processor), options.analyticsThreads());
    FfmpegLog.install();
  }

  /**
   * Starts the camera's worker. Completes once the worker runs (not once the stream is open: a camera
   * that cannot be reached is retried and shows as offline). Fails if a camera with this id already
   * runs. A disabled camera is not started.
   */
  public Future<Void> start(CameraConfig config) {
    if (!config.enabled()) return Future.succeededFuture();
    // The configuration loader bounds it too; a zero here would mean a sampling period of infinity.
    if (!(config.analyticFps() > 0 && config.analyticFps() <= 60)) {
      return Future.failedFuture(new IllegalArgumentException("camera " + config.id() + ": analyticFps must be within (0, 60]"));
    }
    Promise<String> deployed = Promise.promise();
    if (deployments.putIfAbsent(config.id(), deployed.future()) != null) {
      return Future.failedFuture(new IllegalStateException("camera " + config.id() + " is already running"));
    }
    vertx.deployVerticle(new CameraVerticle(config, options, pool, registry, System.getenv()))
        .onComplete(ar -> {
          if (ar.failed()) deployments.remove(config.id(), deployed.future());
          deployed.handle(ar);
        });
    return deployed.future().mapEmpty();
  }

  /** Stops the camera's worker and forgets its status; succeeds when the camera was not running. */
  public Future<Void> stop(String cameraId) {
    Future<String> deployment = deployments.remove(cameraId);
    if (deployment == null) return Future.succeededFuture();
    return deployment.transform(ar -> ar.succeeded() ? vertx.undeploy(ar.result()) : Future.succeededFuture());
  }

  /** Stops the camera if it runs, then starts it with the new configuration. */
  public Future<Void> replace(CameraConfig config) {
    return stop(config.id()).compose(v -> start(config));
  }

  public CameraRegistry registry() {
    return registry;
  }

  /** Ids of the cameras running now. */
  public Set<String> cameraIds() {
    return Set.copyOf(deployments.keySet());
  }

  /** Stops every camera and the analytics pool; completes once frames already handed over are processed. */
  public Future<Void> close() {
    List<Future<Void>> stops = deployments.keySet().stream().map(this::stop).toList();
    // Completes once the last frame handed over is processed, so that the caller may release what
    // the processor keeps per camera.
    return Future.join(stops).<Void>mapEmpty().eventually(() -> {
      pool.shutdown();
      return vertx.executeBlocking(() -> pool.awaitTermination(options.streamTimeout()), false);
    });
  }
}
