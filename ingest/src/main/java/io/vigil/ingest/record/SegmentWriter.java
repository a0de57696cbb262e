package io.vigil.ingest.record;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_guess_format;
import static org.bytedeco.ffmpeg.global.avformat.av_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_query_codec;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avcodec.FF_COMPLIANCE_NORMAL;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Writes one segment: packets copied, never decoded, into a plain MP4 whose index is moved to the front
 * when it closes ({@code faststart}), so each file plays on its own in ffprobe and a browser, and a
 * browser can start it before the whole file arrived. Written under a {@code .part} name and renamed
 * when complete: a process killed meanwhile leaves only a {@code .part} file, which the start-up check
 * removes. Owned by one camera's recorder thread.
 */
final class SegmentWriter implements AutoCloseable {
  /** AVERROR(ENOSPC) on Linux: the device has no space left. */
  static final int AVERROR_ENOSPC = -28;

  private final AVFormatContext oc = new AVFormatContext(null);
  private final AVRational inTimeBase;
  private final AVPacket pkt = av_packet_alloc();
  private final Path part;
  private AVStream stream;
  private boolean headerWritten;
  private long firstDts = Long.MIN_VALUE;
  private long lastDts;
  private long lastDuration;
  private long firstWallMillis;
  private boolean closed;

  /** Whether MP4 can carry the codec as it is (e.g. H.264, H.265, MPEG-4 part 2; not DivX 3). */
  static boolean mp4Carries(int codecId) {
    return avformat_query_codec(av_guess_format("mp4", null, null), codecId, FF_COMPLIANCE_NORMAL) == 1;
  }

  /** Opens {@code part} for writing; throws {@link RecordingException} with FFmpeg's error number. */
  SegmentWriter(Path part, AVCodecParameters video, AVRational timeBase) {
    this.part = part;
    this.inTimeBase = new AVRational().num(timeBase.num()).den(timeBase.den());
    try {
      check(avformat_alloc_output_context2(oc, null, "mp4", part.toString()), "allocate the MP4 muxer");
      stream = avformat_new_stream(oc, null);
      check(avcodec_parameters_copy(stream.codecpar(), video), "copy the codec parameters");
      // The input container's tag (e.g. from AVI or RTSP) means nothing in MP4: the muxer picks its own.
      stream.codecpar().codec_tag(0);
      stream.time_base(inTimeBase);
      AVIOContext pb = new AVIOContext(null);
      check(avio_open(pb, part.toString(), AVIO_FLAG_WRITE), "open " + part.getFileName());
      oc.pb(pb);
      AVDictionary options = new AVDictionary(null);
      av_dict_set(options, "movflags", "+faststart", 0);
      try {
        check(avformat_write_header(oc, options), "write the MP4 header");
      } finally {
        av_dict_free(options);
      }
      headerWritten = true;
    } catch (RuntimeException e) {
      abort();
      throw e;
    }
  }

  /** Writes one packet; the first must be a keyframe. */
  void write(RecordedPacket p) {
    if (firstDts == Long.MIN_VALUE) {
      if (!p.key()) throw new IllegalArgumentException("a segment starts at a keyframe");
      firstDts = p.dts();
      firstWallMillis = p.wallMillis();
    }
    check(av_new_packet(pkt, p.data().length), "allocate a packet");
    try {
      pkt.data().put(p.data(), 0, p.data().length);
      long duration = p.duration() > 0 ? p.duration() : lastDuration;
      pkt.pts(p.pts() - firstDts).dts(p.dts() - firstDts).duration(duration).stream_index(0)
          .flags(p.key() ? AV_PKT_FLAG_KEY : 0);
      av_packet_rescale_ts(pkt, inTimeBase, stream.time_base());
      check(av_write_frame(oc, pkt), "write a packet");
    } finally {
      av_packet_unref(pkt);
    }
    if (p.dts() > lastDts && lastDts != 0) lastDuration = p.dts() - lastDts;
    if (p.duration() > 0) lastDuration = p.duration();
    lastDts = p.dts();
  }

  /** Media time written so far, in milliseconds (the last frame counted with its duration). */
  long lengthMillis() {
    if (firstDts == Long.MIN_VALUE) return 0;
    return (lastDts - firstDts + lastDuration) * 1000 * inTimeBase.num() / inTimeBase.den();
  }

  boolean empty() {
    return firstDts == Long.MIN_VALUE;
  }

  /** Wall-clock time of the first packet, 0 before it. */
  long startMillis() {
    return firstWallMillis;
  }

  /**
   * Writes the index (moving it to the front) and renames the file to {@code done}. Throws {@link
   * RecordingException} when that fails, the part file then deleted.
   */
  void finish(Path done) {
    try {
      check(av_write_trailer(oc), "write the MP4 index");
      closeIo();
      Files.move(part, done);
    } catch (IOException e) {
      abort();
      throw new RecordingException("could not rename " + part.getFileName() + ": " + e.getMessage(), 0);
    } catch (RuntimeException e) {
      abort();
      throw e;
    } finally {
      release();
    }
  }

  /** Drops the segment: its file is deleted (nothing half-written stays behind). */
  void abort() {
    closeIo();
    try {
      Files.deleteIfExists(part);
    } catch (IOException e) {
      // The start-up check removes it.
    }
    release();
  }

  private void closeIo() {
    if (oc.pb() != null && !oc.pb().isNull()) {
      AVIOContext pb = oc.pb();
      avio_closep(pb);
      oc.pb(null);
    }
  }

  private void release() {
    if (closed) return;
    closed = true;
    avformat_free_context(oc);
    av_packet_free(pkt);
  }

  @Override
  public void close() {
    if (!closed) abort();
  }

  boolean headerWritten() {
    return headerWritten;
  }

  private static void check(int ret, String what) {
    if (ret < 0) throw new RecordingException("could not " + what + " (error " + ret + ")", ret);
  }
}
