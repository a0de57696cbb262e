package io.vigil.ingest.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FanoutTest {
  private final Fanout fanout = new Fanout(4);
  private final LiveVideo.Start start = new LiveVideo.Start("avc1.4d401f", 0, new byte[] {1});
  private final LiveVideo.Fragment key = new LiveVideo.Fragment(new byte[] {2}, true);
  private final LiveVideo.Fragment delta = new LiveVideo.Fragment(new byte[] {3}, false);

  @Test
  void aLateViewerGetsTheCurrentStartThenWaitsForAKeyframe() {
    AtomicInteger early = new AtomicInteger();
    LiveVideo.Viewer a = fanout.add(early::incrementAndGet, () -> { });
    fanout.publish(start);
    fanout.publish(key);
    LiveVideo.Viewer b = fanout.add(() -> { }, () -> { });
    fanout.publish(delta);
    fanout.publish(key);
    assertEquals(1, early.get(), "woken once while its queue was not emptied");
    assertSame(start, a.poll());
    assertSame(key, a.poll());
    assertSame(delta, a.poll());
    assertSame(key, a.poll());
    assertNull(a.poll());
    assertSame(start, b.poll());
    assertSame(key, b.poll(), "the delta before it is skipped");
    assertNull(b.poll());
  }

  @Test
  void eachViewerIsBoundedAndSkipsToTheNextKeyframe() {
    Fanout small = new Fanout(2);
    LiveVideo.Viewer slow = small.add(() -> { }, () -> { });
    small.publish(start);
    small.publish(key);
    small.publish(delta);
    small.publish(delta);
    small.publish(delta);
    assertSame(start, slow.poll());
    assertNull(slow.poll(), "the full queue lost its fragments up to the next keyframe");
    assertTrue(slow.dropped() >= 3);
  }

  @Test
  void afterAResetNewViewersWaitForTheNextStart() {
    fanout.publish(start);
    fanout.reset();
    AtomicInteger left = new AtomicInteger();
    LiveVideo.Viewer v = fanout.add(() -> { }, left::incrementAndGet);
    assertNull(v.poll());
    assertEquals(1, fanout.viewers());
    v.close();
    v.close();
    assertEquals(0, fanout.viewers());
    assertEquals(1, left.get(), "left runs once");
  }
}
