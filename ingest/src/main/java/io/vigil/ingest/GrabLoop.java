package io.vigil.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vigil.analytics.Picture;
import io.vigil.config.StreamSource;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;

/**
 * One camera's grab loop, run on the camera's own thread: open, decode, sample, hand over; on any
 * failure report it, wait with backoff and open again, until stopped.
 */
final class GrabLoop implements Runnable {
  private static final System.Logger LOG = System.getLogger(GrabLoop.class.getName());
  /** The state's reason when a replayed file that does not loop has ended. */
  private static final String FILE_ENDED = "end of file";
  /** FFmpeg's AVDiscard name: skip the H.264 loop filter on every frame but keyframes. */
  private static final String SKIP_LOOP_FILTER = "nokey";

  /** How one connection ended: a result instead of sentinel strings, so each case is handled by name. */
  private sealed interface SessionEnd permits Stopped, FileEnded, Failed {}

  /** The loop was asked to end. */
  private record Stopped() implements SessionEnd {}

  /** A replayed file reached its end. */
  private record FileEnded() implements SessionEnd {}

  /** The connection failed or ended unasked; {@code reason} is what the camera's status says. */
  private record Failed(String reason) implements SessionEnd {}

  private static final SessionEnd STOPPED = new Stopped();
  private static final SessionEnd FILE_END = new FileEnded();

  private final String cameraId;
  private final StreamSource source;
  private final IngestOptions options;
  private final CameraMetrics metrics;
  private final AnalyticsPool.Lane lane;
  private final Map<String, String> env;
  private final boolean checkAddress;
  private final Sampler sampler;
  private final Backoff backoff;
  private final Watchdog watchdog;
  private final Promise<Void> done = Promise.promise();

  private volatile boolean running = true;
  private volatile boolean reconnectRequested;
  private volatile Thread thread;

  // Grab thread only.
  private String password;
  private long framesThisSession;
  /** When the current series of failures began (wall clock), 0 while the camera is up. */
  private long downSinceMillis;
  /** The picture size of the stream's frames as last seen, 0 before the first. */
  private int frameWidth;
  private int frameHeight;
  /** The keyframe interval as last said, 0 before it was known. */
  private long keyIntervalSaid;
  /** A different interval seen once, said when the next keyframe confirms it; 0 for none. */
  private long keyIntervalSeen;

  /**
   * @param checkAddress whether the stream's address is checked against the options' policy before
   *                     every connection (cameras registered at run time by carriers)
   */
  GrabLoop(String cameraId, StreamSource source, double analyticFps, IngestOptions options,
      Watchdog watchdog, CameraMetrics metrics, AnalyticsPool.Lane lane, Map<String, String> env,
      boolean checkAddress) {
    this.checkAddress = checkAddress;
    this.watchdog = watchdog;
    this.cameraId = cameraId;
    this.source = source;
    this.options = options;
    this.metrics = metrics;
    this.lane = lane;
    this.env = env;
    this.sampler = new Sampler(analyticFps);
    this.backoff = new Backoff(options.retryInitial(), options.retryMax(), ThreadLocalRandom.current());
  }

  /** Completes when the loop has ended and released the stream. */
  Future<Void> done() {
    return done.future();
  }

  /** Asks the loop to drop the connection and open it again (watchdog). */
  void requestReconnect() {
    reconnectRequested = true;
  }

  /**
   * Asks the loop to end. A wait between retries ends at once; a blocked FFmpeg read ends within
   * the stream timeout.
   */
  void stop() {
    running = false;
    Thread t = thread;
    if (t != null) t.interrupt();
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    FfmpegLog.attach(metrics.log);
    try (OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
        I420Copier copier = new I420Copier()) {
      int failures = 0;
      while (running) {
        SessionEnd end = connectOnce(converter, copier);
        if (end instanceof Stopped || !running) break;
        if (end instanceof FileEnded) {
          if (((StreamSource.Replay) source).loop()) continue;
          metrics.state(CameraState.FINISHED, FILE_ENDED);
          break;
        }
        String reason = ((Failed) end).reason();
        // A connection that delivered frames was a success: the next failure starts a new series.
        if (framesThisSession > 0) failures = 0;
        report(reason);
        CameraStatus status = metrics.snapshot();
        long delay = backoff.delayMillis(failures++);
        if (downSinceMillis == 0) {
          // A camera that stays down would log every retry: the first failure of a series is the news.
          downSinceMillis = System.currentTimeMillis();
          LOG.log(Level.WARNING, "camera {0} {1}: {2}; retrying in {3} ms (further retries are logged at DEBUG)",
              cameraId, status.state().name().toLowerCase(Locale.ROOT), status.reason(), delay);
        } else {
          LOG.log(Level.DEBUG, "camera {0} still {1}: {2}; retrying in {3} ms", cameraId,
              status.state().name().toLowerCase(Locale.ROOT), status.reason(), delay);
        }
        try {
          Thread.sleep(delay);
        } catch (InterruptedException e) {
          break;
        }
        metrics.reconnects.incrementAndGet();
      }
    } finally {
      FfmpegLog.attach(null);
      done.complete();
    }
  }

  /** One connection, from open to its end. */
  private SessionEnd connectOnce(OpenCVFrameConverter.ToMat converter, I420Copier copier) {
    // The state stays as it is while (re)connecting: connecting before the first connection, and after a
    // failure stalled or offline with its reason until the camera is online again. Going back to
    // "connecting" at each retry hid every stall (it lasts one backoff, shorter than a status interval)
    // and stored two rows per retry for a camera that stays down; a looping file reopens in milliseconds
    // and stays online.
    reconnectRequested = false;
    framesThisSession = 0;
    long logMark = metrics.log.mark();
    try {
      return session(converter, copier);
    } catch (IngestException e) {
      return new Failed(e.getMessage());
    } catch (FrameGrabber.Exception | RuntimeException e) {
      return new Failed(explain(e, logMark));
    }
  }

  /** Reports a connection that ended: stalled (it had frames, then went quiet) or offline. */
  private void report(String reason) {
    // A reconnect the watchdog asked for was reported by the watchdog, with its own reason.
    if (reconnectRequested) return;
    long now = System.nanoTime();
    CameraState state = watchdog.failedAs(now, framesThisSession, metrics.lastFrameNanos());
    if (state == CameraState.STALLED) {
      reason = "stalled: no data for " + Duration.ofNanos(now - metrics.lastFrameNanos()).toMillis() + " ms ("
          + reason + ")";
    }
    metrics.state(state, reason);
  }

  /** Runs one connection until it ends; throws when the stream cannot be opened or read. */
  private SessionEnd session(OpenCVFrameConverter.ToMat converter, I420Copier copier)
      throws IngestException, FrameGrabber.Exception {
    FFmpegFrameGrabber grabber = open();
    try {
      // startUnsafe: start() holds a lock shared by every grabber, so one camera stuck in connect
      // would hold up all the others.
      grabber.startUnsafe();
      if (!grabber.hasVideo()) {
        throw new IngestException("no video stream in " + source.display()
            + (grabber.hasAudio() ? " (audio only: " + grabber.getAudioCodecName() + ")" : ""));
      }
      metrics.state(CameraState.ONLINE, null);
      if (downSinceMillis != 0) {
        LOG.log(Level.INFO, "camera {0} is back after {1} s", cameraId,
            (System.currentTimeMillis() - downSinceMillis) / 1000);
        downSinceMillis = 0;
      }
      boolean keyOnly = keyframesSuffice();
      metrics.keyframesOnly(keyOnly);
      sampler.reconnected();
      long replayStartNanos = 0;
      long replayFirstMicros = -1;
      while (running && !reconnectRequested) {
        // Once the keyframe rate is known to suffice, non-key packets skip the decoder (JavaCV's
        // keyFrames flag, decided per packet, so that a camera whose GOP an installer lengthens or
        // shortens is followed without reopening the stream).
        boolean suffice = keyframesSuffice();
        if (suffice != keyOnly) {
          if (keyOnly) sampler.keyframesOnlyEnded();
          metrics.keyframesOnly(keyOnly = suffice);
        }
        // A decoded keyframe is processed always: the decode cost far more than a look at the picture,
        // and the next keyframe is too far off to predict whether it will be due. Decoding every frame
        // on purpose (the benchmark's decode-everything pipeline) converts every frame to BGR, as
        // OpenCV's cap.read() does; Vigil's own mode leaves the decoder's picture as it is (RAW) and
        // copies the analysed ones out in YUV, BGR being made later only if they need it.
        // Once this keyframe interval's last sampled frame is decoded, the packets up to the next
        // keyframe skip the decoder; that keyframe is analysed, so it is processed.
        boolean skip = !keyOnly && !options.decodeEveryFrame() && sampler.skipToNextKeyframe(System.nanoTime());
        metrics.longestGapNanos(keyOnly || skip ? sampler.keyIntervalNanos() : 0);
        boolean convert = keyOnly || skip || options.decodeEveryFrame() || sampler.nextIsDue(System.nanoTime());
        Frame frame = grabber.grabFrame(false, true, convert, keyOnly || skip, false);
        if (frame == null) {
          if (source instanceof StreamSource.Replay) return FILE_END;
          // grab() returns null, not an exception, when the connection is lost.
          return new Failed("stream ended");
        }
        long now = System.nanoTime();
        metrics.frameDecoded(now);
        noticeSize(grabber.getImageWidth(), grabber.getImageHeight());
        if (convert && frame.image != null) metrics.converted.incrementAndGet();
        framesThisSession++;
        if (source instanceof StreamSource.Replay) {
          if (replayFirstMicros < 0) {
            replayFirstMicros = frame.timestamp;
            replayStartNanos = now;
          }
          if (!pace(replayStartNanos + (frame.timestamp - replayFirstMicros) * 1000)) return STOPPED;
          now = System.nanoTime();
        }
        boolean analyse = sampler.arrived(now, convert && frame.image != null, frame.keyFrame, frame.timestamp);
        if (frame.keyFrame) noticeKeyInterval(sampler.keyIntervalNanos());
        if (analyse) {
          // The frame views the decoder's buffer, which the next grab overwrites: the lane gets its
          // own copy.
          Picture picture = options.decodeEveryFrame() ? Picture.ofBgr(converter.convert(frame).clone())
              : copier.copy((AVFrame) frame.opaque);
          lane.offer(picture, System.currentTimeMillis());
        }
      }
      return running ? new Failed("stalled") : STOPPED;
    } finally {
      try {
        grabber.releaseUnsafe();
      } catch (FrameGrabber.Exception e) {
        LOG.log(Level.DEBUG, "camera {0}: release failed: {1}", cameraId, FailureReason.clean(String.valueOf(e.getMessage()), password));
      }
    }
  }

  /**
   * An installer can change a camera's resolution while Vigil runs; the decoder follows the new SPS and
   * the analyzer restarts what depends on the size (background model, tracks; zones are in fractions
   * of the frame) when a frame of another size reaches it. Said once per change, here where it is seen.
   */
  private void noticeSize(int width, int height) {
    if (width == frameWidth && height == frameHeight) return;
    if (frameWidth != 0) {
      LOG.log(Level.INFO, "camera {0} changed its stream from {1}x{2} to {3}x{4}; the analysis continues at the new "
          + "size (zones scale, the background model and tracks restart)", cameraId, Integer.toString(frameWidth),
          Integer.toString(frameHeight), Integer.toString(width), Integer.toString(height));
    }
    frameWidth = width;
    frameHeight = height;
  }

  /**
   * A changed keyframe interval changes how much is decoded: said once per change of 10% or more, when
   * two intervals in a row agree (the first after connecting is often off: the stream joined mid-GOP).
   */
  private void noticeKeyInterval(long nanos) {
    if (nanos == 0 || near(nanos, keyIntervalSaid)) {
      keyIntervalSeen = 0;
      return;
    }
    if (!near(nanos, keyIntervalSeen)) {
      keyIntervalSeen = nanos;
      return;
    }
    if (keyIntervalSaid != 0) {
      LOG.log(Level.INFO, "camera {0} changed its keyframe interval from {1} s to {2} s; now decoding {3}", cameraId,
          String.format(Locale.ROOT, "%.1f", keyIntervalSaid / 1e9), String.format(Locale.ROOT, "%.1f", nanos / 1e9),
          options.decodeEveryFrame() ? "every frame" : keyframesSuffice() ? "keyframes only"
              : "each interval up to its last analysed frame");
    }
    keyIntervalSaid = nanos;
    keyIntervalSeen = 0;
  }

  private static boolean near(long nanos, long reference) {
    return reference != 0 && Math.abs(nanos - reference) * 10 < reference;
  }

  private boolean keyframesSuffice() {
    return !options.decodeEveryFrame() && sampler.keyframesSuffice();
  }

  /**
   * JavaCV's exception says only that the input could not be opened, with an error number and advice
   * for developers; FFmpeg's own last lines for this attempt say why (refused, timed out, invalid
   * data), so they make the reason when there are any.
   */
  private String explain(Exception e, long logMark) {
    return FailureReason.of(metrics.log.since(logMark), e.getMessage() == null ? e.toString() : e.getMessage(), password);
  }

  private FFmpegFrameGrabber open() throws IngestException {
    FFmpegFrameGrabber grabber;
    if (source instanceof StreamSource.Rtsp rtsp) {
      try {
        password = rtsp.credentials().hasPassword() ? rtsp.credentials().resolvePassword(env) : null;
      } catch (IllegalStateException e) {
        throw new IngestException(e.getMessage());
      }
      try {
        grabber = ConnectUrl.grabber("camera " + cameraId, rtsp, password, checkedAddress(rtsp),
            options.rtspTransport(), watchdog.socketTimeoutMicros());
      } catch (ConnectException e) {
        throw new IngestException(e.getMessage());
      }
    } else {
      grabber = new FFmpegFrameGrabber(((StreamSource.Replay) source).file().toFile());
    }
    // Without this, opening waits for 20 frames to estimate a frame rate nothing here uses: 2 s of a
    // 10 fps camera, time a camera coming back spends before its first frame.
    grabber.setOption("fpsprobesize", "0");
    // One decoder thread per camera: with many cameras, more threads only add switching.
    grabber.setVideoOption("threads", "1");
    if (!options.decodeEveryFrame()) {
      grabber.setImageMode(FrameGrabber.ImageMode.RAW);
      // Deblocking only P-frames' edges for the eye: skipping it on them (keyframes keep it) cuts the
      // decoding of a 2 s keyframe interval by about a fifth (PETS 720p, 1,500 frames: 3.2 -> 2.6 s of
      // CPU), while the frame analysed one second in differs from the fully filtered one by 47.5 dB PSNR
      // (45.9 dB at the interval's end): nothing a detector at 512 pixels can see.
      grabber.setVideoOption("skip_loop_filter", SKIP_LOOP_FILTER);
    }
    return grabber;
  }

  /**
   * The address a registered camera's host resolves to now, checked again at each connection: the
   * name may point elsewhere than at registration (DNS rebinding). Null for the file's cameras, which
   * the operator wrote and FFmpeg resolves itself.
   */
  private InetAddress checkedAddress(StreamSource.Rtsp rtsp) throws IngestException {
    if (!checkAddress) return null;
    try {
      return options.addressPolicy().check(rtsp.uri());
    } catch (StreamCheckException e) {
      throw new IngestException(e.getMessage());
    }
  }

  /** Sleeps until the replay frame is due; false when stopped meanwhile. */
  private boolean pace(long dueNanos) {
    long wait = dueNanos - System.nanoTime();
    if (wait <= 0) return true;
    try {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }
}
