package io.vigil.ingest.live;

import io.vigil.ingest.IngestOptions;
import io.vigil.config.CameraConfig;
import java.time.Duration;
import java.util.Map;

/**
 * Live video without re-encoding: each watched camera's H.264 is remuxed once into fragmented MP4
 * (one fragment per frame) and fanned out to its viewers, the approach of go2rtc and Frigate. A
 * camera's remux starts with its first viewer and stops a little after its last one leaves.
 *
 * <p>Safe to call from any thread; nothing here blocks: the remux runs on its own thread and hands
 * fragments to each viewer through a bounded queue.
 *
 * <p>An interface because it has two implementations: {@link RemuxingLiveVideo} for the cameras this
 * node remuxes, and the web module's {@code io.vigil.cluster.ClusterLiveVideo}, which relays cameras
 * another node remuxes.
 */
public interface LiveVideo extends AutoCloseable {

  /** How long a remux keeps running after its last viewer left: a page reload reuses it. */
  Duration DEFAULT_LINGER = Duration.ofSeconds(10);

  /**
   * @param options RTSP transport and stream timeout, as for ingest
   * @param env     where credentials' password references are resolved
   */
  static LiveVideo create(IngestOptions options, Map<String, String> env) {
    return new RemuxingLiveVideo(options, env, DEFAULT_LINGER, Viewer.DEFAULT_CAPACITY);
  }

  /**
   * Starts watching the camera's live stream ({@link CameraConfig#live()}).
   *
   * @param wakeUp run, on the remux thread, when messages start waiting in the viewer's empty queue;
   *               it should schedule {@link Viewer#poll()} on the viewer's own thread
   */
  Viewer watch(CameraConfig camera, Runnable wakeUp);

  /** Remuxes running now. */
  int remuxes();

  /** Stops every remux; viewers get nothing more. */
  @Override
  void close();

  /** One viewer's end of a camera's stream. */
  interface Viewer extends AutoCloseable {
    /** Fragments a viewer may have waiting: about 3 s at 10 fps; beyond that it skips ahead. */
    int DEFAULT_CAPACITY = 32;

    /**
     * The next message to send, or null when none waits (the next one calls wake-up again). A viewer
     * whose connection cannot take more stops polling; once its queue is full it loses the fragments
     * up to the next keyframe, so that the picture never breaks and memory never grows.
     */
    ViewerMessage poll();

    /** Fragments this viewer never got because it could not keep up. */
    long dropped();

    @Override
    void close();
  }

  /** What a viewer is sent, in order: a {@link Start}, then fragments beginning with a keyframe. */
  sealed interface ViewerMessage permits Start, Fragment, Unsupported {}

  /**
   * A stream begins (first viewer, or the camera reconnected): set up the decoder.
   *
   * @param codec       the MSE codec string, e.g. {@code avc1.4d401f}
   * @param epochMillis the wall-clock time at which media time 0 entered Vigil: a frame at media time
   *                    t entered at {@code epochMillis + t}, which is how the player measures latency
   * @param init        the init segment (ftyp and moov)
   */
  record Start(String codec, long epochMillis, byte[] init) implements ViewerMessage {}

  /** One moof+mdat pair holding one frame. */
  record Fragment(byte[] data, boolean keyframe) implements ViewerMessage {}

  /** The camera's codec cannot be played by Media Source Extensions: the viewer shows snapshots. */
  record Unsupported(String codec) implements ViewerMessage {}
}
