package io.vigil.ingest.live;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fan-out half of a remux, without the camera: one stream's messages handed to many viewers, each
 * through its own bounded queue that skips to the next keyframe when full, as a remux does for its
 * viewers. For a stream that arrives from elsewhere (a cluster node relaying another node's remux)
 * rather than from a camera.
 *
 * <p>Safe to call from any thread; nothing here blocks.
 */
public final class Fanout {
  private final int capacity;
  private final List<ViewerQueue> viewers = new CopyOnWriteArrayList<>();
  private LiveVideo.ViewerMessage current;

  public Fanout(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
    this.capacity = capacity;
  }

  /**
   * A new viewer: it gets the current stream's start at once, then fragments from the next keyframe.
   *
   * @param wakeUp as for {@link LiveVideo#watch}
   * @param left   run once the viewer closed
   */
  public LiveVideo.Viewer add(Runnable wakeUp, Runnable left) {
    ViewerQueue viewer = new ViewerQueue(capacity, wakeUp, v -> {
      if (viewers.remove(v)) left.run();
    });
    LiveVideo.ViewerMessage start;
    synchronized (this) {
      viewers.add(viewer);
      start = current;
    }
    if (start != null) viewer.offer(start);
    return viewer;
  }

  /** Hands a message to every viewer; a {@link LiveVideo.Start} is also kept for viewers that come later. */
  public void publish(LiveVideo.ViewerMessage m) {
    if (!(m instanceof LiveVideo.Fragment)) {
      synchronized (this) {
        current = m;
      }
    }
    for (ViewerQueue v : viewers) v.offer(m);
  }

  /** The stream ended (its source went away): viewers that come now wait for the next start. */
  public synchronized void reset() {
    current = null;
  }

  /** Viewers now. */
  public int viewers() {
    return viewers.size();
  }
}
