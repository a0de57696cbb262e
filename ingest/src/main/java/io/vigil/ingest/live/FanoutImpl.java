package io.vigil.ingest.live;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The fan-out half of a remux, without the camera. */
final class FanoutImpl implements Fanout {
  private final int capacity;
  private final List<ViewerQueue> viewers = new CopyOnWriteArrayList<>();
  private LiveVideo.Message current;

  public FanoutImpl(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
    this.capacity = capacity;
  }

  @Override
  public LiveVideo.Viewer add(Runnable wakeUp, Runnable left) {
    ViewerQueue viewer = new ViewerQueue(capacity, wakeUp, v -> {
      if (viewers.remove(v)) left.run();
    });
    LiveVideo.Message start;
    synchronized (this) {
      viewers.add(viewer);
      start = current;
    }
    if (start != null) viewer.offer(start);
    return viewer;
  }

  @Override
  public void publish(LiveVideo.Message m) {
    if (!(m instanceof LiveVideo.Fragment)) {
      synchronized (this) {
        current = m;
      }
    }
    for (ViewerQueue v : viewers) v.offer(m);
  }

  @Override
  public synchronized void reset() {
    current = null;
  }

  @Override
  public int viewers() {
    return viewers.size();
  }
}
