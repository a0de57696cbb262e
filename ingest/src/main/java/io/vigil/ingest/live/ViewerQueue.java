package io.vigil.ingest.live;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * One viewer's bounded queue. Fragments are shared between viewers (never copied here); a viewer that
 * falls behind loses whole groups of pictures, never single frames, so what it decodes is never
 * broken: it waits for the next keyframe.
 */
final class ViewerQueue implements LiveVideo.Viewer {
  private final int capacity;
  private final Runnable wakeUp;
  private final Consumer<ViewerQueue> onClose;
  private final ArrayDeque<LiveVideo.ViewerMessage> queue = new ArrayDeque<>();
  /** Waiting for a keyframe: nothing before it can be decoded. */
  private boolean skipping = true;
  /** Wake-up was called and the viewer has not yet polled the queue empty. */
  private boolean signalled;
  private long dropped;
  private boolean closed;

  ViewerQueue(int capacity, Runnable wakeUp, Consumer<ViewerQueue> onClose) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
    this.capacity = capacity;
    this.wakeUp = wakeUp;
    this.onClose = onClose;
  }

  /** Called by the remux thread. */
  void offer(LiveVideo.ViewerMessage m) {
    synchronized (this) {
      if (closed) return;
      if (m instanceof LiveVideo.Fragment f) {
        if (!f.keyframe() && skipping) {
          dropped++;
          return;
        }
        if (fragments() >= capacity) {
          dropFragments();
          if (!f.keyframe()) {
            skipping = true;
            dropped++;
            return;
          }
        }
        if (f.keyframe()) skipping = false;
      } else {
        // A new stream (or none at all): what waits belongs to the old one.
        queue.clear();
        skipping = true;
      }
      queue.add(m);
      if (signalled) return;
      signalled = true;
    }
    wakeUp.run();
  }

  @Override
  public synchronized LiveVideo.ViewerMessage poll() {
    LiveVideo.ViewerMessage m = queue.poll();
    if (m == null) signalled = false;
    return m;
  }

  @Override
  public synchronized long dropped() {
    return dropped;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
      queue.clear();
    }
    onClose.accept(this);
  }

  private int fragments() {
    int n = 0;
    for (LiveVideo.ViewerMessage m : queue) if (m instanceof LiveVideo.Fragment) n++;
    return n;
  }

  private void dropFragments() {
    for (Iterator<LiveVideo.ViewerMessage> it = queue.iterator(); it.hasNext(); ) {
      if (it.next() instanceof LiveVideo.Fragment) {
        it.remove();
        dropped++;
      }
    }
  }
}
