package io.vigil.ingest.live;

import io.vigil.ingest.IngestOptions;
import io.vigil.config.CameraConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** One remux per watched camera, started by its first viewer and stopped after the linger. */
final class RemuxingLiveVideo implements LiveVideo {
  private final IngestOptions options;
  private final Map<String, String> env;
  private final Duration linger;
  private final int capacity;
  private final Map<String, Remux> remuxes = new HashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "vigil-linger");
    t.setDaemon(true);
    return t;
  });
  private boolean closed;

  RemuxingLiveVideo(IngestOptions options, Map<String, String> env, Duration linger, int capacity) {
    this.options = options;
    this.env = Map.copyOf(env);
    this.linger = linger;
    this.capacity = capacity;
  }

  @Override
  public synchronized Viewer watch(CameraConfig camera, Runnable wakeUp) {
    if (closed) throw new IllegalStateException("live video is closed");
    if (!camera.enabled()) throw new IllegalArgumentException("camera " + camera.id() + " is disabled");
    Remux remux = remuxes.get(camera.id());
    if (remux == null) {
      remux = start(camera);
    } else if (!remux.source().equals(camera.live())) {
      // The camera was edited: its viewers move to the new source, and get its start.
      remux.stop();
      Remux next = start(camera);
      remux.handOver(next);
      remux = next;
    }
    ViewerQueue viewer = new ViewerQueue(capacity, wakeUp, v -> left(camera.id(), v));
    remux.add(viewer);
    return viewer;
  }

  private Remux start(CameraConfig camera) {
    Remux remux = new Remux(camera.id(), camera.live(), camera.owner() != null, options, env);
    remuxes.put(camera.id(), remux);
    Thread t = new Thread(remux, "vigil-live-" + camera.id());
    t.setDaemon(true);
    t.start();
    return remux;
  }

  private synchronized void left(String cameraId, ViewerQueue viewer) {
    Remux remux = remuxes.get(cameraId);
    if (closed || remux == null || !remux.remove(viewer)) return;
    timer.schedule(() -> stopIfIdle(cameraId, remux), linger.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void stopIfIdle(String cameraId, Remux remux) {
    if (!remux.idle() || remuxes.get(cameraId) != remux) return;
    remux.stop();
    remuxes.remove(cameraId);
  }

  @Override
  public synchronized int remuxes() {
    return remuxes.size();
  }

  @Override
  public synchronized void close() {
    closed = true;
    remuxes.values().forEach(Remux::stop);
    remuxes.clear();
    timer.shutdownNow();
  }
}
