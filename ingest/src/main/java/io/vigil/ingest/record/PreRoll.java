package io.vigil.ingest.record;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The rolling in-memory buffer of an events-mode camera: the packets of at least the last {@code
 * preRollMillis}, from a keyframe on, so that a clip written when an alert opens starts before it and
 * can be decoded from its first frame. Bounded in bytes too, so a camera with a huge bitrate cannot
 * take the heap: beyond the bound the oldest groups of pictures go, and are counted. Owned by one
 * camera's recorder thread.
 */
final class PreRoll {
  private final long preRollMillis;
  private final long maxBytes;
  private final ArrayDeque<RecordedPacket> packets = new ArrayDeque<>();
  private long bytes;
  private long dropped;

  PreRoll(long preRollMillis, long maxBytes) {
    this.preRollMillis = preRollMillis;
    this.maxBytes = maxBytes;
  }

  /** Adds a packet; those before a keyframe are never kept (they could not be decoded). */
  void add(RecordedPacket p) {
    if (packets.isEmpty() && !p.key()) return;
    packets.add(p);
    bytes += p.data().length;
    trim(p.wallMillis());
  }

  /**
   * Drops whole groups of pictures from the front while the next keyframe is still at least {@code
   * preRollMillis} old (what is left then still covers the pre-roll), and while over the byte bound.
   */
  private void trim(long now) {
    while (true) {
      RecordedPacket nextKey = secondKeyframe();
      if (nextKey == null) return;
      boolean old = now - nextKey.wallMillis() >= preRollMillis;
      if (!old && bytes <= maxBytes) return;
      if (!old) dropped++;
      while (packets.peekFirst() != nextKey) bytes -= packets.pollFirst().data().length;
    }
  }

  private RecordedPacket secondKeyframe() {
    Iterator<RecordedPacket> it = packets.iterator();
    if (!it.hasNext()) return null;
    it.next();
    while (it.hasNext()) {
      RecordedPacket p = it.next();
      if (p.key()) return p;
    }
    return null;
  }

  /** Everything held, oldest first (starting with a keyframe), and empties the buffer. */
  List<RecordedPacket> drain() {
    List<RecordedPacket> out = new ArrayList<>(packets);
    clear();
    return out;
  }

  void clear() {
    packets.clear();
    bytes = 0;
  }

  long bytes() {
    return bytes;
  }

  int size() {
    return packets.size();
  }

  /** Groups of pictures dropped because the byte bound was reached before the pre-roll. */
  long droppedForSize() {
    return dropped;
  }

  /** Wall-clock time of the oldest packet held, or -1 when empty. */
  long oldestMillis() {
    return packets.isEmpty() ? -1 : packets.peekFirst().wallMillis();
  }
}
