package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.analytics.Picture;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class AnalyticsPoolTest {

  private static Mat frame(int value) {
    return new Mat(4, 4, opencv_core.CV_8UC3, new Scalar(value, value, value, 0));
  }

  @Test
  void aFullLaneDropsItsOldestFrameReleasesItAndCountsIt() throws Exception {
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> seen = new CopyOnWriteArrayList<>();
    AnalyticsPool pool = new AnalyticsPool((id, bgr, ts) -> {
      seen.add((int) bgr.bgr().ptr(0, 0).get());
      blocked.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, 1);
    CameraMetrics m = new CameraMetrics("c", "test");
    AnalyticsPool.Lane lane = pool.lane(m, 2);
    lane.offer(Picture.ofBgr(frame(1)), 1);
    assertTrue(blocked.await(5, TimeUnit.SECONDS));
    Mat two = frame(2);
    lane.offer(Picture.ofBgr(two), 2);
    lane.offer(Picture.ofBgr(frame(3)), 3);
    lane.offer(Picture.ofBgr(frame(4)), 4);
    assertEquals(1, m.dropped.get());
    assertTrue(two.isNull(), "the dropped frame's native memory is released");
    release.countDown();
    long t0 = System.nanoTime();
    while (m.analysed.get() < 3 && System.nanoTime() - t0 < 5_000_000_000L) Thread.sleep(10);
    assertEquals(List.of(1, 3, 4), seen);
    pool.shutdown();
  }

  @Test
  void camerasShareThePoolFairlyAndNoCameraIsAnalysedConcurrently() throws Exception {
    AtomicInteger violations = new AtomicInteger();
    AtomicInteger[] busy = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
    AnalyticsPool pool = new AnalyticsPool((id, bgr, ts) -> {
      AtomicInteger b = busy[Integer.parseInt(id)];
      if (b.incrementAndGet() != 1) violations.incrementAndGet();
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      b.decrementAndGet();
    }, 4);
    CameraMetrics[] metrics = new CameraMetrics[3];
    AnalyticsPool.Lane[] lanes = new AnalyticsPool.Lane[3];
    for (int i = 0; i < 3; i++) {
      metrics[i] = new CameraMetrics(Integer.toString(i), "test");
      lanes[i] = pool.lane(metrics[i], 4);
    }
    for (int n = 0; n < 200; n++) {
      for (AnalyticsPool.Lane lane : lanes) lane.offer(Picture.ofBgr(frame(n)), n);
      Thread.sleep(1);
    }
    Thread.sleep(300);
    assertEquals(0, violations.get());
    for (CameraMetrics m : metrics) {
      assertEquals(200, m.analysed.get() + m.dropped.get());
      assertTrue(m.analysed.get() > 50, "each camera gets its turn: " + m.analysed.get());
    }
    pool.shutdown();
  }

  @Test
  void aFailingAnalyserDoesNotStopTheLane() throws Exception {
    AnalyticsPool pool = new AnalyticsPool((id, bgr, ts) -> {
      if (ts == 1) throw new IllegalStateException("bad frame");
    }, 1);
    CameraMetrics m = new CameraMetrics("c", "test");
    AnalyticsPool.Lane lane = pool.lane(m, 4);
    lane.offer(Picture.ofBgr(frame(1)), 1);
    Thread.sleep(100);
    lane.offer(Picture.ofBgr(frame(2)), 2);
    long t0 = System.nanoTime();
    while (m.analysed.get() < 1 && System.nanoTime() - t0 < 5_000_000_000L) Thread.sleep(10);
    assertEquals(1, m.analysed.get());
    lane.close();
    Mat late = frame(3);
    lane.offer(Picture.ofBgr(late), 3);
    assertTrue(late.isNull(), "a closed lane releases what it is offered");
    pool.shutdown();
  }
}
