package io.vigil.ingest.record;

/**
 * One compressed video packet, copied out of FFmpeg so that it outlives the demuxer's buffer: what
 * the pre-roll holds and the segment writer writes. Timestamps are in the stream's time base.
 *
 * @param wallMillis when the packet reached Vigil (wall clock): segments and clips are indexed by it
 */
record RecordedPacket(byte[] data, long pts, long dts, long duration, boolean key, long wallMillis) {}
