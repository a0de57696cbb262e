package io.vigil.ingest.live;


/**
 * One stream's messages handed to many viewers, each through its own bounded queue that skips to the
 * next keyframe when full, as a remux does for its viewers. For a stream that arrives from elsewhere
 * (a cluster node relaying another node's remux) rather than from a camera.
 *
 * <p>Safe to call from any thread; nothing here blocks.
 */
public interface Fanout {

  /** @param capacity fragments each viewer may have waiting, as {@link LiveVideo.Viewer#DEFAULT_CAPACITY} */
  static Fanout create(int capacity) {
    return new FanoutImpl(capacity);
  }

  /**
   * A new viewer: it gets the current stream's start at once, then fragments from the next keyframe.
   *
   * @param wakeUp as for {@link LiveVideo#watch}
   * @param left   run once the viewer closed
   */
  LiveVideo.Viewer add(Runnable wakeUp, Runnable left);

  /** Hands a message to every viewer; a {@link LiveVideo.Start} is also kept for viewers that come later. */
  void publish(LiveVideo.Message m);

  /** The stream ended (its source went away): viewers that come now wait for the next start. */
  void reset();

  /** Viewers now. */
  int viewers();
}
