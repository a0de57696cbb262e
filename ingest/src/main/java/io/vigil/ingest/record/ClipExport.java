package io.vigil.ingest.record;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * One MP4 from a run of segments, by packet copy: what a user downloads for a chosen range. Packets keep
 * their place on the wall clock (a gap in the recording stays a gap in the file's timeline), the file
 * starts at the last keyframe at or before the range's start (nothing earlier can be decoded without
 * re-encoding) and ends before the first packet past its end. Blocking; call on a worker.
 */
public final class ClipExport {
  private ClipExport() {}

  /** A segment to read, with its wall-clock start. */
  public record Part(Path file, long startMillis) {}

  /**
   * Writes {@code out} from {@code parts} (in order) for [fromMillis, toMillis). Returns the media
   * duration written in milliseconds; throws {@link IllegalStateException} when nothing could be.
   */
  public static long write(List<Part> parts, long fromMillis, long toMillis, Path out) {
    List<RecordedPacket> packets = new ArrayList<>();
    AVRational timeBase = null;
    SegmentWriter writer = null;
    long written = 0;
    try {
      for (Part part : parts) {
        AVFormatContext in = new AVFormatContext(null);
        if (avformat_open_input(in, part.file().toString(), null, null) < 0) continue;
        AVPacket pkt = av_packet_alloc();
        try {
          if (avformat_find_stream_info(in, (AVDictionary) null) < 0) continue;
          AVStream video = null;
          for (int i = 0; i < in.nb_streams(); i++) {
            if (in.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) video = in.streams(i);
          }
          if (video == null) continue;
          long num = video.time_base().num();
          long den = video.time_base().den();
          if (writer == null) {
            timeBase = new AVRational().num(1).den(1000);
            writer = new SegmentWriter(out.resolveSibling(out.getFileName() + SegmentFiles.PART), video.codecpar(),
                timeBase);
          }
          while (av_read_frame(in, pkt) >= 0) {
            try {
              if (pkt.stream_index() != video.index()) continue;
              long dts = pkt.dts() != AV_NOPTS_VALUE ? pkt.dts() : pkt.pts();
              long pts = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : dts;
              long wall = part.startMillis() + dts * 1000 * num / den;
              boolean key = (pkt.flags() & AV_PKT_FLAG_KEY) != 0;
              if (wall >= toMillis) break;
              byte[] data = new byte[pkt.size()];
              pkt.data().get(data);
              RecordedPacket p = new RecordedPacket(data, part.startMillis() + pts * 1000 * num / den, wall,
                  Math.max(0, pkt.duration() * 1000 * num / den), key, wall);
              if (wall <= fromMillis && key) packets.clear();
              packets.add(p);
              if (wall >= fromMillis) written = flush(packets, writer, written);
            } finally {
              av_packet_unref(pkt);
            }
          }
        } finally {
          av_packet_free(pkt);
          avformat_close_input(in);
        }
      }
      if (writer == null || writer.empty() && packets.isEmpty()) throw new IllegalStateException("nothing recorded in the range");
      flush(packets, writer, written);
      long length = writer.lengthMillis();
      writer.finish(out);
      writer = null;
      return length;
    } finally {
      if (writer != null) writer.abort();
    }
  }

  /** Writes what waits, dropping anything before the first keyframe; returns the last dts written. */
  private static long flush(List<RecordedPacket> packets, SegmentWriter writer, long lastDts) {
    for (RecordedPacket p : packets) {
      if (writer.empty() && !p.key()) continue;
      if (!writer.empty() && p.dts() <= lastDts) continue;
      writer.write(p);
      lastDts = p.dts();
    }
    packets.clear();
    return lastDts;
  }
}
