package io.vigil.ingest.live;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.av_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avformat.avio_flush;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.io.ByteArrayOutputStream;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avformat.Write_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg's MP4 muxer writing fragmented MP4 into memory: the init segment once, then one fragment
 * (moof+mdat) per packet. {@code frag_custom} with an explicit flush after each packet, rather than
 * {@code frag_keyframe}, keeps a fragment to one frame: a fragment per group of pictures would hold
 * every frame back until the next keyframe, seconds of latency. Not thread-safe: one remux thread.
 */
final class Fmp4Muxer implements AutoCloseable {
  private static final int IO_BUFFER = 64 * 1024;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  // Held for the life of the muxer: FFmpeg keeps the native pointer to this callback.
  private final Write_packet_Pointer_BytePointer_int writer = new Write_packet_Pointer_BytePointer_int() {
    @Override
    public int call(Pointer opaque, BytePointer buf, int size) {
      byte[] b = new byte[size];
      buf.get(b, 0, size);
      out.write(b, 0, size);
      return size;
    }
  };
  private final AVFormatContext oc = new AVFormatContext(null);
  private final AVRational inTimeBase;
  private AVIOContext pb;
  private AVStream stream;
  private final byte[] init;

  /** Writes the header; {@link #init()} is the init segment. */
  Fmp4Muxer(AVCodecParameters video, AVRational timeBase) {
    this.inTimeBase = new AVRational().num(timeBase.num()).den(timeBase.den());
    check(avformat_alloc_output_context2(oc, null, "mp4", (String) null), "allocate the MP4 muxer");
    try {
      pb = avio_alloc_context(new BytePointer(av_malloc(IO_BUFFER)), IO_BUFFER, 1, null, null, writer, null);
      oc.pb(pb);
      stream = avformat_new_stream(oc, null);
      check(avcodec_parameters_copy(stream.codecpar(), video), "copy the codec parameters");
      // The input container's tag (e.g. from AVI) means nothing in MP4; the muxer picks avc1.
      stream.codecpar().codec_tag(0);
      stream.time_base(inTimeBase);
      AVDictionary options = new AVDictionary(null);
      av_dict_set(options, "movflags", "frag_custom+empty_moov+default_base_moof", 0);
      try {
        check(avformat_write_header(oc, options), "write the MP4 header");
      } finally {
        av_dict_free(options);
      }
      init = take();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  byte[] init() {
    return init;
  }

  /**
   * Muxes one packet (timestamps in the input time base) and returns its fragment. The packet's
   * timestamps are rescaled in place.
   */
  byte[] fragment(AVPacket packet) {
    av_packet_rescale_ts(packet, inTimeBase, stream.time_base());
    packet.stream_index(0);
    check(av_write_frame(oc, packet), "mux a packet");
    // A null packet flushes the fragment now (frag_custom).
    check(av_write_frame(oc, null), "flush a fragment");
    return take();
  }

  private byte[] take() {
    avio_flush(pb);
    byte[] b = out.toByteArray();
    out.reset();
    return b;
  }

  private static void check(int ret, String what) {
    if (ret < 0) throw new IllegalStateException("could not " + what + " (error " + ret + ")");
  }

  @Override
  public void close() {
    // No trailer: a live stream has no end, and the viewers have what they need.
    if (pb != null) {
      oc.pb(null);
      // The muxer may have replaced the buffer given at allocation: free the one it holds now.
      av_free(pb.buffer());
      avio_context_free(pb);
      pb = null;
    }
    avformat_free_context(oc);
  }
}
