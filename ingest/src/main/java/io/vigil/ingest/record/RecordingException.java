package io.vigil.ingest.record;

/** Writing a segment failed; {@link #diskFull()} tells a full disk from other failures. */
final class RecordingException extends RuntimeException {
  private final int ffmpegError;

  RecordingException(String message, int ffmpegError) {
    super(message);
    this.ffmpegError = ffmpegError;
  }

  boolean diskFull() {
    return ffmpegError == SegmentWriter.AVERROR_ENOSPC;
  }
}
