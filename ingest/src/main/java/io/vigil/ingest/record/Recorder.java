package io.vigil.ingest.record;

import io.vigil.config.CameraConfig;
import io.vigil.ingest.IngestOptions;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Recording without re-encoding: one {@link CameraRecorder} thread per recorded camera, following the
 * cameras this node pulls ({@link #sync}), held on record by events in events mode.
 *
 * <p>Safe to call from any thread; nothing here blocks (threads are started and interrupted, never
 * joined).
 */
public final class Recorder implements AutoCloseable {
  private final RecorderOptions options;
  private final IngestOptions ingest;
  private final Map<String, String> env;
  private final RecordingListener listener;
  private final EventHolds holds = new EventHolds();
  private final Map<String, CameraRecorder> recorders = new HashMap<>();
  private final Map<CameraRecorder, Thread> threads = new HashMap<>();
  private boolean closed;

  public Recorder(RecorderOptions options, IngestOptions ingest, Map<String, String> env, RecordingListener listener) {
    this.options = options;
    this.ingest = ingest;
    this.env = Map.copyOf(env);
    this.listener = listener;
  }

  public RecorderOptions options() {
    return options;
  }

  /**
   * Records exactly these cameras (those enabled with a {@code record:} mode other than off): starts
   * the new ones, restarts those whose configuration changed, stops the others.
   */
  public synchronized void sync(Collection<CameraConfig> cameras) {
    if (closed) return;
    Map<String, CameraConfig> wanted = new HashMap<>();
    for (CameraConfig c : cameras) {
      if (c.enabled() && c.record().records()) wanted.put(c.id(), c);
    }
    for (String id : Set.copyOf(recorders.keySet())) {
      CameraConfig w = wanted.get(id);
      if (w == null || !sameRecording(w, recorders.get(id).camera())) {
        CameraRecorder r = recorders.remove(id);
        r.stop();
        threads.remove(r);
        if (w == null) holds.forget(id);
      }
    }
    wanted.forEach((id, c) -> recorders.computeIfAbsent(id, k -> start(c)));
  }

  /** A camera edited in what recording does not use (zones, name, analysis rate) keeps its recorder running. */
  private static boolean sameRecording(CameraConfig a, CameraConfig b) {
    return a.live().equals(b.live()) && a.record().equals(b.record()) && Objects.equals(a.owner(), b.owner());
  }

  private CameraRecorder start(CameraConfig camera) {
    CameraRecorder r = new CameraRecorder(camera, options, ingest, env, listener, holds);
    Thread t = new Thread(r, "vigil-record-" + camera.id());
    t.setDaemon(true);
    t.start();
    threads.put(r, t);
    return r;
  }

  /** An event of the camera opened (e.g. an alert, {@code key} its id): an events-mode camera records from its pre-roll on. */
  public void eventOpened(String cameraId, String key) {
    holds.opened(cameraId, key);
  }

  /** The event closed: the camera keeps recording for its post-roll. */
  public void eventClosed(String cameraId, String key) {
    CameraRecorder r;
    synchronized (this) {
      r = recorders.get(cameraId);
    }
    long post = r == null ? 0 : r.camera().record().postRoll().toMillis();
    holds.closed(cameraId, key, System.currentTimeMillis(), post);
  }

  /**
   * Opens those of these events (by camera) not open yet: events left open by a previous run, or
   * opened on another node, that no change one by one has reported here.
   */
  public void eventsOpen(Map<String, Set<String>> open) {
    Map<String, Set<String>> held = holds.open();
    open.forEach((camera, keys) -> keys.forEach(k -> {
      if (!held.getOrDefault(camera, Set.of()).contains(k)) eventOpened(camera, k);
    }));
  }

  /** Whether a segment of the camera is being written now. */
  public synchronized boolean writing(String cameraId) {
    CameraRecorder r = recorders.get(cameraId);
    return r != null && r.writing();
  }

  /** The cameras being recorded now. */
  public synchronized Set<String> recording() {
    return new TreeSet<>(recorders.keySet());
  }

  /** Stops every recorder; each finishes the segment it was writing on its way out (see {@link #join}). */
  @Override
  public synchronized void close() {
    closed = true;
    recorders.values().forEach(CameraRecorder::stop);
    recorders.clear();
  }

  /** Blocks until the recorders stopped by {@link #close()} have finished their segments, or the time is up. */
  public void join(Duration max) throws InterruptedException {
    List<Thread> all;
    synchronized (this) {
      all = List.copyOf(threads.values());
    }
    long deadline = System.nanoTime() + max.toNanos();
    for (Thread t : all) t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
  }
}
