package io.vigil.ingest.record;

import java.util.List;

/**
 * Decides, packet by packet, what a recorder does: buffer (pre-roll), start a segment, continue it, or
 * cut it at a keyframe (the segment is long enough, or recording is no longer wanted). Segments always
 * start at a keyframe and are cut only before one, so every file plays from its first frame. Pure and
 * owned by one camera's recorder thread; the caller says whether recording is wanted (continuous, or
 * an event holds it) and whether the disk has room.
 */
final class PacketRouter {
  private final boolean buffer;
  private final long segmentMillis;
  private final PreRoll preRoll;
  private final SegmentOutput out;
  private final long tbNum;
  private final long tbDen;
  private boolean open;
  private long firstDts;
  private long lastDts;

  /**
   * @param buffer whether packets not written are kept for the pre-roll (events mode)
   * @param tbNum  the stream's time base, numerator
   */
  PacketRouter(boolean buffer, long segmentMillis, PreRoll preRoll, SegmentOutput out, long tbNum, long tbDen) {
    this.buffer = buffer;
    this.segmentMillis = segmentMillis;
    this.preRoll = preRoll;
    this.out = out;
    this.tbNum = tbNum;
    this.tbDen = tbDen;
  }

  /**
   * @param wanted   recording is wanted now (continuous, or an alert holds it)
   * @param writable the disk has room for a new segment
   */
  void packet(RecordedPacket p, boolean wanted, boolean writable) {
    if (open) {
      if (p.dts() <= lastDts) {
        // Timestamps went back (a camera restarted its clock, a replay looped): the muxer would refuse
        // them, so this segment ends here and the next starts at a keyframe.
        finish();
      } else if (p.key() && (!wanted || !writable || millis(p.dts() - firstDts) >= segmentMillis)) {
        finish();
      } else {
        out.write(p);
        lastDts = p.dts();
        return;
      }
    }
    if (!wanted || !writable) {
      if (buffer) preRoll.add(p);
      return;
    }
    List<RecordedPacket> start = preRoll.drain();
    if (!start.isEmpty() && start.get(start.size() - 1).dts() >= p.dts()) start.clear();
    start.add(p);
    int first = 0;
    while (first < start.size() && !start.get(first).key()) first++;
    if (first == start.size()) return;
    RecordedPacket k = start.get(first);
    out.open(k);
    open = true;
    firstDts = k.dts();
    lastDts = k.dts();
    for (int i = first + 1; i < start.size(); i++) {
      // A pre-roll longer than a segment is cut at its keyframes like live packets.
      packet(start.get(i), true, true);
    }
  }

  /** Ends the segment being written, if any (stream ended, recorder stopping). */
  void finish() {
    if (!open) return;
    open = false;
    out.finish();
  }

  /** Drops the segment being written after a failed write. */
  void abort() {
    if (!open) return;
    open = false;
    out.abort();
  }

  boolean writing() {
    return open;
  }

  private long millis(long ticks) {
    return ticks * 1000 * tbNum / tbDen;
  }
}
