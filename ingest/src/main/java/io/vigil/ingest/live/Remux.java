package io.vigil.ingest.live;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import io.vigil.ingest.IngestOptions;
import io.vigil.ingest.StreamCheckException;
import io.vigil.config.StreamSource;
import io.vigil.ingest.ConnectUrl;
import io.vigil.ingest.FailureReason;
import io.vigil.ingest.FfmpegLog;
import io.vigil.ingest.LogRing;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * One camera's remux, on its own thread: read compressed packets, mux each into a fragment, hand it
 * to every viewer's queue. Reconnects (a new {@link LiveVideo.Start}) until stopped.
 *
 * <p>It opens its own connection to the camera rather than tapping ingest's grab loop. The grab loop
 * is built for analysis: it keeps packets it needs no picture from away from the decoder,
 * samples, and reconnects on the analysis' schedule; live video needs every packet, undecoded, and
 * only while someone watches. One more RTSP session per watched camera (what go2rtc does per kind of
 * consumer) keeps the two independent, so a stalled viewer path can never slow analysis.
 */
final class Remux implements Runnable {
  private static final System.Logger LOG = System.getLogger(Remux.class.getName());
  private static final long RETRY_MILLIS = 2_000;

  private final String cameraId;
  private final StreamSource source;
  private final boolean checkAddress;
  private final IngestOptions options;
  private final Map<String, String> env;
  private final List<ViewerQueue> viewers = new CopyOnWriteArrayList<>();
  private volatile LiveVideo.ViewerMessage current;
  private volatile boolean running = true;
  private volatile Thread thread;
  // Remux thread only.
  private final LogRing log = new LogRing(16);
  /** When the current series of failures began (wall clock), 0 while the stream is up. */
  private long downSinceMillis;

  /**
   * @param checkAddress whether the stream's address is checked against the options' policy before
   *                     every connection, as ingest does (cameras registered at run time by carriers)
   */
  Remux(String cameraId, StreamSource source, boolean checkAddress, IngestOptions options, Map<String, String> env) {
    this.cameraId = cameraId;
    this.source = source;
    this.checkAddress = checkAddress;
    this.options = options;
    this.env = env;
  }

  StreamSource source() {
    return source;
  }

  /** A new viewer gets the current stream's start at once, then fragments from the next keyframe. */
  void add(ViewerQueue viewer) {
    viewers.add(viewer);
    LiveVideo.ViewerMessage m = current;
    if (m != null) viewer.offer(m);
  }

  /** Moves every viewer to another remux (of the same camera's new source). */
  void handOver(Remux next) {
    for (ViewerQueue v : viewers) next.add(v);
    viewers.clear();
  }

  /** True when no viewer is left. */
  boolean remove(ViewerQueue viewer) {
    viewers.remove(viewer);
    return viewers.isEmpty();
  }

  boolean idle() {
    return viewers.isEmpty();
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
        long logMark = log.mark();
        try {
          if (source instanceof StreamSource.Rtsp rtsp && rtsp.credentials().hasPassword()) {
            password = rtsp.credentials().resolvePassword(env);
          }
          if (!session(password)) return;
          // A looping replay starts over at once; a camera gets a pause before it is asked again.
          if (source instanceof StreamSource.Replay) continue;
        } catch (FrameGrabber.Exception | ConnectException | RuntimeException e) {
          failed(FailureReason.of(log.since(logMark), e.getMessage() == null ? e.toString() : e.getMessage(), password));
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

  /** The first failure of a series is logged as news; the retries that follow only at DEBUG. */
  private void failed(String reason) {
    if (downSinceMillis == 0) {
      downSinceMillis = System.currentTimeMillis();
      LOG.log(Level.WARNING, "live video of camera {0} unavailable: {1}; retrying every {2} ms while watched",
          cameraId, reason, RETRY_MILLIS);
    } else {
      LOG.log(Level.DEBUG, "live video of camera {0} still unavailable: {1}", cameraId, reason);
    }
  }

  /** One connection: false when the remux should end (stopped, or a codec MSE cannot play). */
  private boolean session(String password) throws FrameGrabber.Exception, ConnectException {
    FFmpegFrameGrabber grabber = open(password);
    try {
      // startUnsafe: start() holds a lock shared by every grabber, ingest's included.
      grabber.startUnsafe();
      if (!grabber.hasVideo()) throw new IllegalStateException("no video stream in " + source.display());
      if (downSinceMillis != 0) {
        LOG.log(Level.INFO, "live video of camera {0} is back after {1} s", cameraId,
            (System.currentTimeMillis() - downSinceMillis) / 1000);
        downSinceMillis = 0;
      }
      AVStream in = grabber.getFormatContext().streams(grabber.getVideoStream());
      int codecId = in.codecpar().codec_id();
      if (codecId != AV_CODEC_ID_H264) {
        // Browsers' MSE plays H.264 here; anything else would need re-encoding, which live view never does.
        publish(new LiveVideo.Unsupported(avcodec_get_name(codecId).getString()));
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
    try (Fmp4Muxer muxer = new Fmp4Muxer(in.codecpar(), in.time_base())) {
      String codec = codecString(muxer.init());
      long firstDts = AV_NOPTS_VALUE;
      long startNanos = 0;
      long lastDts = 0;
      long lastDuration = 0;
      while (running) {
        AVPacket p = grabber.grabPacket();
        if (p == null) {
          // The stream ended or the connection was lost. One that ended before its first keyframe is
          // a failure, retried after a pause: a replay that starts over at once must have played.
          if (firstDts == AV_NOPTS_VALUE) throw new IllegalStateException("the stream ended before its first keyframe");
          return running && !(source instanceof StreamSource.Replay r && !r.loop());
        }
        try {
          if (p.stream_index() != videoIndex) continue;
          boolean key = (p.flags() & AV_PKT_FLAG_KEY) != 0;
          long dts = p.dts() != AV_NOPTS_VALUE ? p.dts() : p.pts();
          if (dts == AV_NOPTS_VALUE || (firstDts == AV_NOPTS_VALUE && !key)) continue;
          long pts = p.pts() != AV_NOPTS_VALUE ? p.pts() : dts;
          if (firstDts == AV_NOPTS_VALUE) {
            firstDts = dts;
            startNanos = System.nanoTime();
            // Media time 0 is this packet; a frame at media time t entered Vigil t later.
            publish(new LiveVideo.Start(codec, System.currentTimeMillis(), muxer.init()));
          } else if (dts <= lastDts) {
            // The muxer refuses timestamps that go back; a camera that restarts its clock starts anew.
            return true;
          } else {
            lastDuration = dts - lastDts;
            long due = startNanos + (dts - firstDts) * 1_000_000_000L * num / den;
            if (source instanceof StreamSource.Replay && !pace(due)) return false;
          }
          lastDts = dts;
          // The muxer needs each frame's duration when it flushes the frame's fragment, before the next
          // frame is known: the gap to the previous frame stands in.
          long duration = p.duration() > 0 ? p.duration() : lastDuration > 0 ? lastDuration : den / (25 * num);
          p.dts(dts - firstDts).pts(pts - firstDts).duration(duration);
          publish(new LiveVideo.Fragment(muxer.fragment(p), key));
        } finally {
          // av_write_frame keeps no reference and grabPacket releases none: without this each packet leaked.
          av_packet_unref(p);
        }
      }
      return false;
    } finally {
      current = null;
    }
  }

  private void publish(LiveVideo.ViewerMessage m) {
    if (!(m instanceof LiveVideo.Fragment)) current = m;
    for (ViewerQueue v : viewers) v.offer(m);
  }

  private FFmpegFrameGrabber open(String password) throws ConnectException {
    FFmpegFrameGrabber grabber;
    if (source instanceof StreamSource.Rtsp rtsp) {
      InetAddress address = null;
      if (checkAddress) {
        try {
          // Resolved and checked again at each connection: the name may point elsewhere by now.
          address = options.addressPolicy().check(rtsp.uri());
        } catch (StreamCheckException e) {
          throw new IllegalStateException(e.getMessage());
        }
      }
      grabber = ConnectUrl.grabber("live video of camera " + cameraId, rtsp, password, address,
          options.rtspTransport(), options.streamTimeout().toNanos() / 1000);
    } else {
      grabber = new FFmpegFrameGrabber(((StreamSource.Replay) source).file().toFile());
    }
    // The frame rate is not needed: each packet carries its timestamps. Probing would hold back the
    // first picture by 20 frames.
    grabber.setOption("fpsprobesize", "0");
    // startUnsafe opens a decoder too; one thread keeps that cheap (nothing is decoded here).
    grabber.setVideoOption("threads", "1");
    return grabber;
  }

  /** Sleeps until the replayed packet is due; false when stopped meanwhile. */
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

  /**
   * The RFC 6381 codec string MSE wants ({@code avc1.PPCCLL}), read from the avcC box the muxer wrote
   * from the SPS: profile, constraint flags and level follow the box's version byte.
   */
  static String codecString(byte[] init) {
    byte[] tag = "avcC".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i + tag.length + 4 <= init.length; i++) {
      if (init[i] == tag[0] && init[i + 1] == tag[1] && init[i + 2] == tag[2] && init[i + 3] == tag[3]) {
        return String.format("avc1.%02x%02x%02x", init[i + 5] & 0xff, init[i + 6] & 0xff, init[i + 7] & 0xff);
      }
    }
    throw new IllegalStateException("no avcC box in the init segment");
  }
}
