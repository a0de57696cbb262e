package io.vigil.ingest.testing;

import io.vigil.analytics.Picture;
import io.vertx.core.Future;
import io.vigil.ingest.FrameProcessor;
import io.vigil.config.CameraConfig;
import io.vigil.config.CameraType;
import io.vigil.config.Credentials;
import io.vigil.config.Location;
import io.vigil.config.StreamSource;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.bytedeco.opencv.opencv_core.Mat;

public final class TestCameras {
  private TestCameras() {}

  public static CameraConfig camera(String id, StreamSource source, double analyticFps) {
    return new CameraConfig(id, "Camera " + id, "site-1", CameraType.CHECKPOINT, new Location(51.5, -0.1),
        source, null, analyticFps, List.of(), true, null);
  }

  public static CameraConfig rtsp(String id, URI uri) {
    return camera(id, new StreamSource.Rtsp(uri, Credentials.none()), 1.0);
  }

  public static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Polls until the condition holds; returns the time it took, or fails after {@code max}. */
  public static Duration within(Duration max, String what, BooleanSupplier condition) throws InterruptedException {
    long t0 = System.nanoTime();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - t0 > max.toNanos()) throw new AssertionError("not within " + max + ": " + what);
      Thread.sleep(50);
    }
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  public static long threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
  }

  /** Counts analysed frames per camera and checks the pool's guarantees on every call. */
  public static final class Recorder implements FrameProcessor {
    public final Map<String, AtomicLong> frames = new ConcurrentHashMap<>();
    public final Map<String, AtomicLong> lastMillis = new ConcurrentHashMap<>();
    public final Set<String> threads = ConcurrentHashMap.newKeySet();
    public final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    public final AtomicInteger violations = new AtomicInteger();
    public volatile long sleepMillis;

    @Override
    public void process(String cameraId, Picture picture, long timestampMillis) {
      AtomicInteger busy = inFlight.computeIfAbsent(cameraId, k -> new AtomicInteger());
      if (busy.incrementAndGet() != 1) violations.incrementAndGet();
      if (picture.width() <= 0 || picture.height() <= 0) violations.incrementAndGet();
      threads.add(Thread.currentThread().getName());
      try {
        if (sleepMillis > 0) Thread.sleep(sleepMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      frames.computeIfAbsent(cameraId, k -> new AtomicLong()).incrementAndGet();
      lastMillis.computeIfAbsent(cameraId, k -> new AtomicLong()).set(System.currentTimeMillis());
      busy.decrementAndGet();
    }

    public long count(String cameraId) {
      AtomicLong n = frames.get(cameraId);
      return n == null ? 0 : n.get();
    }
  }
}
