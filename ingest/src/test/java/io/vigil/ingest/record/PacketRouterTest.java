package io.vigil.ingest.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Segmenting and pre-roll decisions, on a made-up 10 fps stream with a keyframe every second (ms time base). */
class PacketRouterTest {

  /** Collects segments as lists of packets. */
  static final class Segments implements SegmentOutput {
    final List<List<RecordedPacket>> done = new ArrayList<>();
    List<RecordedPacket> current;
    int aborted;

    @Override
    public void open(RecordedPacket first) {
      current = new ArrayList<>(List.of(first));
    }

    @Override
    public void write(RecordedPacket p) {
      current.add(p);
    }

    @Override
    public void finish() {
      done.add(current);
      current = null;
    }

    @Override
    public void abort() {
      aborted++;
      current = null;
    }
  }

  /** Frame {@code i} of the stream: at i*100 ms, a keyframe every 10th. */
  static RecordedPacket frame(int i) {
    return new RecordedPacket(new byte[1000], i * 100L, i * 100L, 100, i % 10 == 0, 1_000_000 + i * 100L);
  }

  @Test
  void continuousSegmentsStartAtKeyframesAndLastAtLeastTheSegmentLength() {
    Segments out = new Segments();
    PacketRouter r = new PacketRouter(false, 2_500, new PreRoll(0, 1 << 20), out, 1, 1000);
    for (int i = 3; i < 100; i++) r.packet(frame(i), true, true);
    r.finish();
    // Frames 0-2 came before the first keyframe: nothing to start with. Then cuts at 1.0 + 3 s each.
    assertEquals(List.of(10, 40, 70), out.done.stream().map(s -> (int) (s.get(0).dts() / 100)).toList().subList(0, 3));
    for (List<RecordedPacket> s : out.done) assertTrue(s.get(0).key(), "every segment starts at a keyframe");
    assertEquals(30, out.done.get(0).size());
    assertEquals(90, out.done.stream().mapToInt(List::size).sum(), "no frame from the first keyframe on is lost");
  }

  @Test
  void anEventWritesThePreRollFromTheKeyframeBeforeIt() {
    Segments out = new Segments();
    PreRoll preRoll = new PreRoll(2_000, 1 << 20);
    PacketRouter r = new PacketRouter(true, 10_000, preRoll, out, 1, 1000);
    for (int i = 0; i < 55; i++) r.packet(frame(i), false, true);
    assertTrue(out.done.isEmpty());
    assertFalse(r.writing());
    // The alert opens at frame 55 (5.5 s): 2 s of pre-roll reaches back to 3.5 s, whose keyframe is at 3.0 s.
    for (int i = 55; i < 80; i++) r.packet(frame(i), true, true);
    // Closed (post-roll over) at 8.0 s: the segment ends before the next keyframe.
    for (int i = 80; i < 95; i++) r.packet(frame(i), false, true);
    assertEquals(1, out.done.size());
    List<RecordedPacket> clip = out.done.get(0);
    assertEquals(30, clip.get(0).dts() / 100, "starts at the keyframe at or before the pre-roll");
    assertEquals(79, clip.get(clip.size() - 1).dts() / 100);
    assertEquals(50, clip.size());
    // What followed went back to the pre-roll, from its keyframe on.
    assertEquals(80 * 100 + 1_000_000, preRoll.oldestMillis());
  }

  @Test
  void preRollKeepsAtLeastItsLengthFromAKeyframeAndRespectsItsByteBound() {
    PreRoll p = new PreRoll(1_500, 1 << 20);
    for (int i = 0; i < 47; i++) p.add(frame(i));
    // At 4.6 s, 1.5 s back is 3.1 s: the keyframe at 3.0 s is the latest that covers it.
    assertEquals(1_000_000 + 3_000, p.oldestMillis());
    PreRoll small = new PreRoll(60_000, 15_000);
    for (int i = 0; i < 47; i++) small.add(frame(i));
    assertEquals(1_000_000 + 4_000, small.oldestMillis(), "whole groups of pictures go beyond the bound");
    assertTrue(small.droppedForSize() > 0);
    PreRoll fresh = new PreRoll(1_000, 1 << 20);
    fresh.add(frame(5));
    assertEquals(0, fresh.size(), "nothing before a keyframe is kept");
  }

  @Test
  void aFullDiskStopsWritingAtTheNextKeyframeAndResumesAtOne() {
    Segments out = new Segments();
    PacketRouter r = new PacketRouter(false, 60_000, new PreRoll(0, 1 << 20), out, 1, 1000);
    for (int i = 0; i < 15; i++) r.packet(frame(i), true, true);
    for (int i = 15; i < 35; i++) r.packet(frame(i), true, false);
    assertEquals(1, out.done.size());
    assertEquals(20, out.done.get(0).size(), "the segment ends cleanly at the keyframe where the disk was full");
    for (int i = 35; i < 50; i++) r.packet(frame(i), true, true);
    r.finish();
    assertEquals(40, out.done.get(1).get(0).dts() / 100, "recording resumes at the next keyframe");
  }

  @Test
  void timestampsGoingBackEndTheSegment() {
    Segments out = new Segments();
    PacketRouter r = new PacketRouter(false, 60_000, new PreRoll(0, 1 << 20), out, 1, 1000);
    for (int i = 0; i < 25; i++) r.packet(frame(i), true, true);
    for (int i = 0; i < 15; i++) r.packet(frame(i), true, true);
    r.finish();
    assertEquals(2, out.done.size());
    assertEquals(25, out.done.get(0).size());
    assertEquals(15, out.done.get(1).size());
  }

  @Test
  void holdsLastForThePostRollAfterTheLastEventClosed() {
    EventHolds h = new EventHolds();
    assertFalse(h.held("c", 0));
    h.opened("c", "a1");
    h.opened("c", "a2");
    h.closed("c", "a1", 1_000, 5_000);
    assertTrue(h.held("c", 100_000), "a2 is still open");
    h.closed("c", "a2", 2_000, 5_000);
    assertTrue(h.held("c", 6_999));
    assertFalse(h.held("c", 7_000));
  }
}
