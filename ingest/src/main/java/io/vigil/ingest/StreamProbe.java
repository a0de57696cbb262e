package io.vigil.ingest;

import io.vigil.config.StreamSource;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.InetAddress;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Opens a camera's stream once, before the camera is accepted, and measures it: codec, size, frame
 * rate and keyframe interval. The address is checked with the options' {@link StreamAddressPolicy}
 * and the connection goes to the checked address.
 *
 * <p>It reads packets only: nothing is decoded beyond what opening needs. Any thread; each call blocks.
 */
public final class StreamProbe {
  private static final System.Logger LOG = System.getLogger(StreamProbe.class.getName());
  /** Long enough for two keyframes of a camera sending one every 2 s, the common setting. */
  private static final long SAMPLE_NANOS = 4_500_000_000L;
  private static final int MAX_PACKETS = 5_000;

  private final IngestOptions options;
  private final Map<String, String> env;

  public StreamProbe(IngestOptions options, Map<String, String> env) {
    this.options = options;
    this.env = env;
    FfmpegLog.install();
  }

  /**
   * Only the address check of {@link #probe}, without connecting: for a camera registered disabled,
   * which must not be dialled. Blocks on DNS: call it from a worker thread.
   */
  public void checkAddress(StreamSource.Rtsp source) throws StreamCheckException {
    options.addressPolicy().check(source.uri());
  }

  /**
   * Blocks for up to the stream timeout plus a few seconds of sampling: call it from a worker thread.
   * Throws {@link StreamCheckException} with a masked, human-readable reason when the address is not
   * allowed or the stream cannot be opened, read, or carries no video.
   */
  public StreamInfo probe(StreamSource.Rtsp source) throws StreamCheckException {
    InetAddress address = options.addressPolicy().check(source.uri());
    String password;
    try {
      password = source.credentials().hasPassword() ? source.credentials().resolvePassword(env) : null;
    } catch (IllegalStateException e) {
      throw failed(e.getMessage());
    }
    LogRing log = new LogRing(32);
    FfmpegLog.attach(log);
    FFmpegFrameGrabber grabber;
    try {
      grabber = ConnectUrl.grabber("probe of " + source.display(), source, password, address, options.rtspTransport(),
          options.streamTimeout().toNanos() / 1000);
    } catch (ConnectException e) {
      FfmpegLog.attach(null);
      throw failed("the stream cannot be opened: " + e.getMessage());
    }
    try {
      // startUnsafe: start() holds a lock shared by every grabber, running cameras included.
      grabber.startUnsafe();
      if (!grabber.hasVideo()) {
        throw failed("the stream has no video" + (grabber.hasAudio() ? " (audio only)" : ""));
      }
      return measure(grabber);
    } catch (FrameGrabber.Exception | RuntimeException e) {
      throw failed("the stream cannot be opened: " + FailureReason.of(log.snapshot(), e.getMessage(), password));
    } finally {
      try {
        grabber.releaseUnsafe();
      } catch (FrameGrabber.Exception e) {
        LOG.log(Level.DEBUG, "probe release failed: {0}", FailureReason.clean(String.valueOf(e.getMessage()), password));
      }
      FfmpegLog.attach(null);
    }
  }

  /** Frame rate and keyframe interval from the video packets' timestamps over a few seconds. */
  private StreamInfo measure(FFmpegFrameGrabber grabber) throws FrameGrabber.Exception, StreamCheckException {
    AVFormatContext fmt = grabber.getFormatContext();
    int video = -1;
    for (int i = 0; i < fmt.nb_streams() && video < 0; i++) {
      if (fmt.streams(i).codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) video = i;
    }
    AVStream stream = fmt.streams(video);
    double timeBase = avutil.av_q2d(stream.time_base());
    long deadline = System.nanoTime() + SAMPLE_NANOS;
    int packets = 0;
    int keyframes = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long firstKey = 0;
    long lastKey = 0;
    for (int read = 0; read < MAX_PACKETS && System.nanoTime() < deadline; read++) {
      AVPacket p = grabber.grabPacket();
      if (p == null) break;
      long ts = p.pts() != avutil.AV_NOPTS_VALUE ? p.pts() : p.dts();
      boolean isVideo = p.stream_index() == video;
      boolean key = (p.flags() & avcodec.AV_PKT_FLAG_KEY) != 0;
      // grabPacket releases no packet it read: each one is released here.
      avcodec.av_packet_unref(p);
      if (!isVideo || ts == avutil.AV_NOPTS_VALUE) continue;
      packets++;
      first = Math.min(first, ts);
      last = Math.max(last, ts);
      if (key) {
        if (keyframes++ == 0) firstKey = ts;
        lastKey = ts;
      }
    }
    if (packets < 2 || last <= first) {
      throw failed("the stream sent no video within " + SAMPLE_NANOS / 1_000_000_000 + " s");
    }
    double fps = (packets - 1) / ((last - first) * timeBase);
    Double keyInterval = keyframes < 2 ? null : (lastKey - firstKey) * timeBase / (keyframes - 1);
    return new StreamInfo(grabber.getVideoCodecName(), grabber.getImageWidth(), grabber.getImageHeight(), fps,
        keyInterval);
  }

  private static StreamCheckException failed(String message) {
    return new StreamCheckException(StreamCheckException.PROBE_FAILED, message);
  }
}
