package io.vigil.ingest.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ViewerQueueTest {
  private final AtomicInteger wakeUps = new AtomicInteger();
  private final List<ViewerQueue> closed = new ArrayList<>();
  private final ViewerQueue q = new ViewerQueue(4, wakeUps::incrementAndGet, closed::add);
  private final LiveVideo.Start start = new LiveVideo.Start("avc1.4d401f", 0, new byte[] {1});

  private static LiveVideo.Fragment key(int n) {
    return new LiveVideo.Fragment(new byte[] {(byte) n}, true);
  }

  private static LiveVideo.Fragment delta(int n) {
    return new LiveVideo.Fragment(new byte[] {(byte) n}, false);
  }

  private List<LiveVideo.ViewerMessage> drain() {
    List<LiveVideo.ViewerMessage> out = new ArrayList<>();
    for (LiveVideo.ViewerMessage m; (m = q.poll()) != null; ) out.add(m);
    return out;
  }

  @Test
  void aNewViewerStartsAtAKeyframe() {
    q.offer(start);
    LiveVideo.Fragment k = key(3);
    q.offer(delta(1));
    q.offer(delta(2));
    q.offer(k);
    q.offer(delta(4));
    List<LiveVideo.ViewerMessage> got = drain();
    assertEquals(3, got.size());
    assertSame(start, got.get(0));
    assertSame(k, got.get(1));
    assertEquals(2, q.dropped());
  }

  @Test
  void wakeUpOnlyWhenTheViewerHasDrainedItsQueue() {
    q.offer(start);
    q.offer(key(1));
    q.offer(delta(2));
    assertEquals(1, wakeUps.get());
    drain();
    q.offer(delta(3));
    assertEquals(2, wakeUps.get());
  }

  @Test
  void aFullQueueDropsItsFragmentsAndWaitsForTheNextKeyframe() {
    q.offer(start);
    q.offer(key(1));
    for (int i = 2; i <= 4; i++) q.offer(delta(i));
    // Full: this one and every delta after it go, up to the next keyframe.
    q.offer(delta(5));
    q.offer(delta(6));
    LiveVideo.Fragment k = key(7);
    q.offer(k);
    q.offer(delta(8));
    List<LiveVideo.ViewerMessage> got = drain();
    assertEquals(List.of(start, k, got.get(2)), got, "the start survives; fragments resume at the keyframe");
    assertEquals(8, ((LiveVideo.Fragment) got.get(2)).data()[0]);
    assertEquals(6, q.dropped());
  }

  @Test
  void aKeyframeArrivingAtAFullQueueReplacesWhatWaited() {
    q.offer(start);
    q.offer(key(1));
    for (int i = 2; i <= 4; i++) q.offer(delta(i));
    LiveVideo.Fragment k = key(5);
    q.offer(k);
    assertEquals(List.of(start, k), drain());
    assertEquals(4, q.dropped());
  }

  @Test
  void aNewStreamReplacesWhatWaitsAndNeedsAKeyframe() {
    q.offer(start);
    q.offer(key(1));
    LiveVideo.Start again = new LiveVideo.Start("avc1.64001f", 5, new byte[] {2});
    q.offer(again);
    q.offer(delta(2));
    LiveVideo.Fragment k = key(3);
    q.offer(k);
    assertEquals(List.of(again, k), drain());
  }

  @Test
  void memoryStaysBoundedWhateverTheViewerDoes() {
    q.offer(start);
    for (int i = 0; i < 10_000; i++) q.offer(i % 10 == 0 ? key(i) : delta(i));
    List<LiveVideo.ViewerMessage> got = drain();
    assertTrue(got.size() <= 5, "at most the start and the capacity, got " + got.size());
  }

  @Test
  void aClosedViewerGetsNothingAndLeavesOnce() {
    q.offer(start);
    q.close();
    q.close();
    q.offer(key(1));
    assertNull(q.poll());
    assertEquals(List.of(q), closed);
  }

  @Test
  void theCodecStringComesFromTheAvcCBox() {
    byte[] init = {0, 0, 0, 9, 'a', 'v', 'c', 'C', 1, 0x4d, 0x40, 0x1f, (byte) 0xff};
    assertEquals("avc1.4d401f", Remux.codecString(init));
  }
}
