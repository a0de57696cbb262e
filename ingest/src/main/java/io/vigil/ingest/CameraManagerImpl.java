package io.vigil.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vigil.ingest.config.CameraConfig;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

final class CameraManagerImpl implements CameraManager {
  private final Vertx vertx;
  private final IngestOptions options;
  private final AnalyticsPool pool;
  private final CameraRegistryImpl registry = new CameraRegistryImpl();
  // Camera id to its deployment id, present from the moment a start is asked for, so that a second
  // start of the same id fails and a stop waits for a deployment still in progress.
  private final Map<String, Future<String>> deployments = new ConcurrentHashMap<>();

  public CameraManagerImpl(Vertx vertx, FrameProcessor processor, IngestOptions options) {
    this.vertx = Objects.requireNonNull(vertx);
    this.options = Objects.requireNonNull(options);
    this.pool = new AnalyticsPool(Objects.requireNonNull(processor), options.analyticsThreads());
    FfmpegLog.install();
  }

  @Override
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

  @Override
  public Future<Void> stop(String cameraId) {
    Future<String> deployment = deployments.remove(cameraId);
    if (deployment == null) return Future.succeededFuture();
    return deployment.transform(ar -> ar.succeeded() ? vertx.undeploy(ar.result()) : Future.succeededFuture());
  }

  @Override
  public Future<Void> replace(CameraConfig config) {
    return stop(config.id()).compose(v -> start(config));
  }

  @Override
  public CameraRegistry registry() {
    return registry;
  }

  @Override
  public Set<String> cameraIds() {
    return Set.copyOf(deployments.keySet());
  }

  @Override
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
