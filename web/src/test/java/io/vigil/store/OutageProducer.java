package io.vigil.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A camera pipeline's worth of output on one thread, paced at 50 ticks a second: each tick five
 * zone samples, every second tick an alert, every fiftieth a status change. A tick it is late for is
 * skipped, not made up, so a producer that waits shows up as fewer alerts.
 */
final class OutageProducer {
  static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final List<String> ZONES = List.of("gate", "hall", "yard", "queue", "exit");

  final List<UUID> alerts = Collections.synchronizedList(new ArrayList<>());
  final AtomicLong samples = new AtomicLong();
  final AtomicLong statusChanges = new AtomicLong();
  final AtomicLong slowestCallNanos = new AtomicLong();
  final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final StorageWriter writer;
  private final Thread thread;
  private volatile boolean running = true;

  OutageProducer(StorageWriter writer) {
    this.writer = writer;
    this.thread = new Thread(this::run, "camera-producer");
  }

  void start() {
    thread.start();
  }

  void stop() throws InterruptedException {
    running = false;
    thread.join();
  }

  private void run() {
    Instant base = Instant.now();
    long next = System.nanoTime();
    long tick = 0;
    try {
      while (running) {
        Instant t = base.plusNanos(tick * TICK_NANOS);
        for (String zone : ZONES) {
          OccupancySample s = new OccupancySample(t, "cam-1", zone, (int) (tick % 40), tick % 40);
          timed(() -> writer.offer(s));
          samples.incrementAndGet();
        }
        if (tick % 2 == 0) {
          Alert a = Alert.raise(t, "cam-1", "gate", "over_capacity", Severity.WARNING, 41, 40, null);
          timed(() -> writer.append(a));
          alerts.add(a.id());
        }
        if (tick % 50 == 0) {
          CameraStatusChange c = new CameraStatusChange(t, "cam-1", tick % 100 == 0 ? "streaming" : "reconnecting", null);
          timed(() -> writer.append(c));
          statusChanges.incrementAndGet();
        }
        tick++;
        next += TICK_NANOS;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        } else if (-wait > TICK_NANOS) {
          long missed = -wait / TICK_NANOS;
          tick += missed;
          next += missed * TICK_NANOS;
        }
      }
    } catch (Throwable e) {
      failure.set(e);
    }
  }

  private void timed(Runnable call) {
    long t0 = System.nanoTime();
    call.run();
    long took = System.nanoTime() - t0;
    slowestCallNanos.accumulateAndGet(took, Math::max);
  }
}
