package io.vigil.ingest.record;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_free;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Segments as MP4 files under {@link SegmentFiles}' layout, each reported to the listener once
 * complete. Holds its own copy of the stream's codec parameters, so that it does not depend on the
 * demuxer's lifetime. Owned by one camera's recorder thread.
 */
final class SegmentFileOutput implements SegmentOutput, AutoCloseable {
  private final String cameraId;
  private final SegmentFiles files;
  private final AVCodecParameters codec = avcodec_parameters_alloc();
  private final AVRational timeBase;
  private final RecordingListener listener;
  private SegmentWriter writer;

  SegmentFileOutput(String cameraId, SegmentFiles files, AVCodecParameters video, AVRational timeBase,
      RecordingListener listener) {
    this.cameraId = cameraId;
    this.files = files;
    this.timeBase = new AVRational().num(timeBase.num()).den(timeBase.den());
    this.listener = listener;
    avcodec_parameters_copy(codec, video);
  }

  @Override
  public void open(RecordedPacket first) {
    Path part = files.part(cameraId, first.wallMillis());
    try {
      Files.createDirectories(part.getParent());
    } catch (IOException e) {
      throw new RecordingException("could not create " + part.getParent() + ": " + e.getMessage(),
          e.getMessage() != null && e.getMessage().contains("No space") ? SegmentWriter.AVERROR_ENOSPC : 0);
    }
    writer = new SegmentWriter(part, codec, timeBase);
    writer.write(first);
  }

  @Override
  public void write(RecordedPacket p) {
    writer.write(p);
  }

  @Override
  public void finish() {
    SegmentWriter w = writer;
    writer = null;
    long start = w.startMillis();
    long duration = Math.max(1, w.lengthMillis());
    Path done = files.done(cameraId, start, duration);
    w.finish(done);
    long bytes;
    try {
      bytes = Files.size(done);
    } catch (IOException e) {
      throw new RecordingException("could not read the size of " + done.getFileName(), 0);
    }
    listener.segment(new Segment(cameraId, Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + duration), bytes,
        done, 0));
  }

  @Override
  public void abort() {
    if (writer != null) writer.abort();
    writer = null;
  }

  @Override
  public void close() {
    abort();
    avcodec_parameters_free(codec);
  }
}
