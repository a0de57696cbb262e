package io.vigil.ingest;

import io.vigil.analytics.Picture;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The analytics threads shared by all cameras. Each camera has a {@link Lane}: a bounded queue that
 * drops its oldest frame when full. A lane with frames has exactly one task in the pool's queue; the
 * task analyses one frame and then queues itself again behind the other cameras, so cameras are
 * served in turn and one camera's frames are never analysed concurrently.
 */
final class AnalyticsPool {
  private static final System.Logger LOG = System.getLogger(AnalyticsPool.class.getName());

  private final FrameProcessor processor;
  private final ExecutorService executor;

  AnalyticsPool(FrameProcessor processor, int threads) {
    this.processor = processor;
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "vigil-analytics-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  Lane lane(CameraMetrics metrics, int capacity) {
    return new Lane(metrics, capacity);
  }

  /** Lets queued work finish and ends the threads; does not wait. */
  void shutdown() {
    executor.shutdown();
  }

  /** Waits for frames already handed over to finish; false when they did not within the timeout. */
  boolean awaitTermination(Duration timeout) throws InterruptedException {
    return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private record Item(Picture picture, long timestampMillis) {}

  final class Lane {
    private final CameraMetrics metrics;
    private final int capacity;
    private final ArrayDeque<Item> queue;
    private boolean scheduled;
    private boolean closed;

    private Lane(CameraMetrics metrics, int capacity) {
      this.metrics = metrics;
      this.capacity = capacity;
      this.queue = new ArrayDeque<>(capacity);
    }

    /** Hands a frame over; the lane owns {@code picture} from now on. */
    void offer(Picture picture, long timestampMillis) {
      Picture dropped = null;
      boolean submit = false;
      synchronized (this) {
        if (closed) {
          dropped = picture;
        } else {
          if (queue.size() == capacity) {
            dropped = queue.removeFirst().picture();
            metrics.dropped.incrementAndGet();
          }
          queue.addLast(new Item(picture, timestampMillis));
          if (!scheduled) scheduled = submit = true;
        }
      }
      if (dropped != null) dropped.close();
      if (submit) schedule();
    }

    /** Drops the waiting frames; later offers are released at once. */
    void close() {
      synchronized (this) {
        closed = true;
        queue.forEach(i -> i.picture().close());
        queue.clear();
      }
    }

    private void schedule() {
      try {
        executor.execute(this::analyseOne);
      } catch (RejectedExecutionException e) {
        close();
      }
    }

    private void analyseOne() {
      Item item;
      synchronized (this) {
        item = queue.pollFirst();
        if (item == null) {
          scheduled = false;
          return;
        }
      }
      try (Picture picture = item.picture()) {
        long t0 = System.nanoTime();
        processor.process(metrics.cameraId, picture, item.timestampMillis());
        metrics.analysisNanos.addAndGet(System.nanoTime() - t0);
        metrics.analysed.incrementAndGet();
      } catch (RuntimeException e) {
        // One bad frame or analyser bug must not stop this camera or the others.
        LOG.log(Level.WARNING, "analytics failed for camera {0}: {1}", metrics.cameraId,
            CredentialMask.mask(String.valueOf(e)));
      }
      boolean again;
      synchronized (this) {
        again = !queue.isEmpty();
        scheduled = again;
      }
      if (again) schedule();
    }
  }
}
