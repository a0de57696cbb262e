package io.vigil.ingest.record;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import io.vigil.config.CameraConfig;
import io.vigil.config.RecordSettings;
import io.vigil.config.StreamSource;
import io.vigil.ingest.ConnectUrl;
import io.vigil.ingest.FailureReason;
import io.vigil.ingest.FfmpegLog;
import io.vigil.ingest.IngestOptions;
import io.vigil.ingest.LogRing;
import io.vigil.ingest.StreamCheckException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * One camera's recorder, on its own thread: reads the camera's {@code live} stream's compressed video
 * packets over its own connection (as live video does; analysis never waits for it), never decodes
 * them, and routes each to the pre-roll or the segment being written. Reconnects until stopped; an
 * outage ends the segment cleanly, so the timeline shows a gap, not a broken file.
 */
final class CameraRecorder implements Runnable {
  private static final System.Logger LOG = System.getLogger(CameraRecorder.class.getName());
  private static final long RETRY_MILLIS = 2_000;
  /** How often free space is looked at (a statfs call) while recording or waiting for room. */
  private static final long DISK_CHECK_MILLIS = 1_000;
  static final String DISK_FULL = "disk full";

  private final CameraConfig camera;
  private final RecorderOptions options;
  private final IngestOptions ingest;
  private final Map<String, String> env;
  private final RecordingListener listener;
  private final EventHolds holds;
  private final LogRing log = new LogRing(16);
  private volatile boolean running = true;
  /** A segment is being written now: read by whoever stores what goes with the video (the boxes). */
  private volatile boolean writing;
  private volatile Thread thread;
  // Recorder thread only.
  private String stoppedFor;
  private long diskCheckedAt;
  private boolean diskOk = true;
  private long downSinceMillis;

  CameraRecorder(CameraConfig camera, RecorderOptions options, IngestOptions ingest, Map<String, String> env,
      RecordingListener listener, EventHolds holds) {
    this.camera = camera;
    this.options = options;
    this.ingest = ingest;
    this.env = env;
    this.listener = listener;
    this.holds = holds;
  }

  CameraConfig camera() {
    return camera;
  }

  boolean writing() {
    return writing;
  }

  void stop() {
    running = false;
    Thread t = thread;
    if (t != null) t.interrupt();
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    FfmpegLog.install();
    FfmpegLog.attach(log);
    try {
      while (running) {
        String password = null;
        long mark = log.mark();
        try {
          StreamSource source = camera.live();
          if (source instanceof StreamSource.Rtsp rtsp && rtsp.credentials().hasPassword()) {
            password = rtsp.credentials().resolvePassword(env);
          }
          if (!session(password)) return;
          if (source instanceof StreamSource.Replay) continue;
        } catch (FrameGrabber.Exception | ConnectException | RuntimeException e) {
          failed(FailureReason.of(log.since(mark), e.getMessage() == null ? e.toString() : e.getMessage(), password));
        }
        try {
          Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    } finally {
      FfmpegLog.attach(null);
    }
  }

  private void failed(String reason) {
    if (downSinceMillis == 0) {
      downSinceMillis = System.currentTimeMillis();
      LOG.log(Level.WARNING, "recording of camera {0} paused: {1}; retrying every {2} ms", camera.id(), reason,
          RETRY_MILLIS);
    } else {
      LOG.log(Level.DEBUG, "recording of camera {0} still paused: {1}", camera.id(), reason);
    }
  }

  /** One connection; false when the recorder should end (stopped, codec MP4 cannot carry, replay ended). */
  private boolean session(String password) throws FrameGrabber.Exception, ConnectException {
    FFmpegFrameGrabber grabber = open(password);
    try {
      grabber.startUnsafe();
      if (!grabber.hasVideo()) throw new IllegalStateException("no video stream in " + camera.live().display());
      if (downSinceMillis != 0) {
        LOG.log(Level.INFO, "recording of camera {0} is back after {1} s", camera.id(),
            (System.currentTimeMillis() - downSinceMillis) / 1000);
        downSinceMillis = 0;
      }
      AVStream in = grabber.getFormatContext().streams(grabber.getVideoStream());
      int codecId = in.codecpar().codec_id();
      if (!SegmentWriter.mp4Carries(codecId)) {
        String codec = avcodec_get_name(codecId).getString();
        LOG.log(Level.WARNING, "camera {0} streams {1}, which MP4 cannot carry without re-encoding: not recorded",
            camera.id(), codec);
        report("codec " + codec + " cannot be recorded");
        return false;
      }
      return stream(grabber, in);
    } finally {
      grabber.releaseUnsafe();
    }
  }

  private boolean stream(FFmpegFrameGrabber grabber, AVStream in) throws FrameGrabber.Exception {
    int videoIndex = in.index();
    long num = in.time_base().num();
    long den = in.time_base().den();
    RecordSettings rs = camera.record();
    boolean events = rs.mode() == RecordSettings.Mode.EVENTS;
    PreRoll preRoll = new PreRoll(rs.preRoll().toMillis(), options.maxPreRollBytes());
    try (SegmentFileOutput out = new SegmentFileOutput(camera.id(), options.files(), in.codecpar(), in.time_base(),
        listener)) {
      PacketRouter router = new PacketRouter(events, options.segment().toMillis(), preRoll, out, num, den);
      long firstDts = AV_NOPTS_VALUE;
      long startNanos = 0;
      long lastDuration = 0;
      long lastDts = AV_NOPTS_VALUE;
      try {
        while (running) {
          AVPacket p = grabber.grabPacket();
          if (p == null) return running && !(camera.live() instanceof StreamSource.Replay r && !r.loop());
          try {
            if (p.stream_index() != videoIndex) continue;
            long dts = p.dts() != AV_NOPTS_VALUE ? p.dts() : p.pts();
            if (dts == AV_NOPTS_VALUE) continue;
            long pts = p.pts() != AV_NOPTS_VALUE ? p.pts() : dts;
            if (camera.live() instanceof StreamSource.Replay) {
              if (firstDts == AV_NOPTS_VALUE || dts < lastDts) {
                firstDts = dts;
                startNanos = System.nanoTime();
              } else if (!pace(startNanos + (dts - firstDts) * 1_000_000_000L * num / den)) {
                return false;
              }
            }
            if (lastDts != AV_NOPTS_VALUE && dts > lastDts) lastDuration = dts - lastDts;
            lastDts = dts;
            byte[] data = new byte[p.size()];
            p.data().get(data);
            RecordedPacket rp = new RecordedPacket(data, pts, dts, p.duration() > 0 ? p.duration() : lastDuration,
                (p.flags() & AV_PKT_FLAG_KEY) != 0, System.currentTimeMillis());
            route(router, rp, !events || holds.held(camera.id(), rp.wallMillis()));
          } finally {
            // grabPacket reads into one packet without releasing the last: without this each packet leaked.
            av_packet_unref(p);
          }
        }
        return false;
      } finally {
        writing = false;
        finishQuietly(router);
      }
    }
  }

  private void route(PacketRouter router, RecordedPacket p, boolean wanted) {
    boolean writable = writable(p.wallMillis());
    try {
      router.packet(p, wanted, writable);
      writing = router.writing();
      if (router.writing() && stoppedFor != null) report(null);
    } catch (RecordingException e) {
      router.abort();
      writing = false;
      diskOk = !e.diskFull() && diskOk;
      diskCheckedAt = p.wallMillis();
      report(e.diskFull() ? DISK_FULL : e.getMessage());
    }
    if (!writable && wanted && stoppedFor == null) report(DISK_FULL);
    // An events camera with nothing to write is not stopped once there is room again.
    if (writable && !wanted && DISK_FULL.equals(stoppedFor)) report(null);
  }

  private boolean writable(long now) {
    if (now - diskCheckedAt >= DISK_CHECK_MILLIS) {
      diskCheckedAt = now;
      diskOk = options.space().hasRoom();
    }
    return diskOk;
  }

  private void finishQuietly(PacketRouter router) {
    try {
      router.finish();
    } catch (RecordingException e) {
      router.abort();
      report(e.diskFull() ? DISK_FULL : e.getMessage());
    }
  }

  /** Says a change of state once: stopped for a reason, or running again (null). */
  private void report(String reason) {
    if (Objects.equals(reason, stoppedFor)) return;
    stoppedFor = reason;
    if (reason != null) {
      LOG.log(Level.WARNING, "recording of camera {0} stopped: {1}", camera.id(), reason);
    } else {
      LOG.log(Level.INFO, "recording of camera {0} resumed", camera.id());
    }
    listener.state(camera.id(), reason);
  }

  private FFmpegFrameGrabber open(String password) throws ConnectException {
    FFmpegFrameGrabber grabber;
    if (camera.live() instanceof StreamSource.Rtsp rtsp) {
      InetAddress address = null;
      if (camera.owner() != null) {
        try {
          address = ingest.addressPolicy().check(rtsp.uri());
        } catch (StreamCheckException e) {
          throw new IllegalStateException(e.getMessage());
        }
      }
      grabber = ConnectUrl.grabber("recording of camera " + camera.id(), rtsp, password, address,
          ingest.rtspTransport(), ingest.streamTimeout().toNanos() / 1000);
    } else {
      grabber = new FFmpegFrameGrabber(((StreamSource.Replay) camera.live()).file().toFile());
    }
    grabber.setOption("fpsprobesize", "0");
    grabber.setVideoOption("threads", "1");
    return grabber;
  }

  private static boolean pace(long dueNanos) {
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
