package io.vigil.ingest;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vigil.config.CameraConfig;
import java.util.Map;

/**
 * One camera. The verticle itself only measures, watches and publishes, on its event loop once per
 * status interval; the blocking grab loop runs on a thread of its own, outside Vert.x's pools, so a
 * camera stuck in FFmpeg holds no event loop and no shared worker.
 */
final class CameraVerticle extends VerticleBase {
  private final CameraConfig config;
  private final IngestOptions options;
  private final AnalyticsPool pool;
  private final CameraRegistry registry;
  private final Map<String, String> env;
  private final Watchdog watchdog;

  private CameraMetrics metrics;
  private AnalyticsPool.Lane lane;
  private GrabLoop loop;
  private long timer;
  private Thread thread;

  CameraVerticle(CameraConfig config, IngestOptions options, AnalyticsPool pool,
      CameraRegistry registry, Map<String, String> env) {
    this.config = config;
    this.options = options;
    this.pool = pool;
    this.registry = registry;
    this.env = env;
    this.watchdog = new Watchdog(options.streamTimeout());
  }

  @Override
  public Future<?> start() {
    metrics = new CameraMetrics(config.id(), config.detect().display());
    lane = pool.lane(metrics, options.queueCapacity());
    loop = new GrabLoop(config.id(), config.detect(), config.analyticFps(), options, watchdog, metrics,
        lane, env, config.owner() != null);
    registry.put(metrics);
    // Through the verticle's context, so that changes and the periodic statuses go out in order.
    metrics.onChange(s -> context.runOnContext(v -> publish(s)));
    thread = new Thread(loop, "vigil-grab-" + config.id());
    thread.setDaemon(true);
    thread.start();
    timer = vertx.setPeriodic(options.statusInterval().toMillis(), t -> tick());
    publish();
    return Future.succeededFuture();
  }

  private void tick() {
    long now = System.nanoTime();
    metrics.measure(now);
    if (watchdog.check(now, metrics.state(), metrics.stateNanos(), metrics.lastFrameNanos(),
        metrics.longestGapNanos())
        == Watchdog.Verdict.STALLED) {
      metrics.state(CameraState.STALLED,
          "no frame for more than " + options.streamTimeout().toMillis() + " ms");
      loop.requestReconnect();
    }
    publish();
  }

  private void publish() {
    publish(metrics.snapshot());
  }

  private void publish(CameraStatus status) {
    vertx.eventBus().publish(CameraManager.STATUS_ADDRESS, status.toJson());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    loop.stop();
    // The loop has released the stream when done() completes; joining makes "stopped" also mean
    // the thread is gone (a moment later at most, so the worker pool is held only briefly).
    return loop.done()
        .compose(v -> vertx.executeBlocking(() -> {
          thread.join();
          return null;
        }))
        .andThen(ar -> {
          lane.close();
          registry.remove(metrics);
        });
  }
}
