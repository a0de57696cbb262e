package io.vigil.ingest;

import static io.vigil.ingest.testing.TestCameras.await;
import static io.vigil.ingest.testing.TestCameras.rtsp;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vigil.ingest.testing.TestCameras;
import io.vigil.ingest.testing.TestMedia;
import io.vigil.ingest.testing.TestRtspServer;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Soak: 8 cameras on two real RTSP servers, one of which is killed and restarted in turn every
 * {@code vigil.soak.killEverySeconds} (default 180) for {@code vigil.soak.minutes}. Heap after GC,
 * native memory (JavaCPP-tracked and process RSS), threads and file descriptors are sampled every
 * 10 s into {@code target/soak.csv}; the first and last thirds are compared. Off unless
 * {@code -Dvigil.soak.minutes=N} is given (see BENCHMARKS.md).
 */
@EnabledIfSystemProperty(named = "vigil.soak.minutes", matches = "\\d+")
class IngestSoakIT {

  private record Sample(long seconds, long heap, long javacpp, long rss, int threads, long fds, long analysed, int online,
      long cpuNanos) {}

  @Test
  void memoryThreadsAndFilesStayFlatWhileCamerasComeAndGo() throws Exception {
    Duration length = Duration.ofMinutes(Long.getLong("vigil.soak.minutes"));
    Duration killEvery = Duration.ofSeconds(Long.getLong("vigil.soak.killEverySeconds", 180));
    Path h264 = TestMedia.h264();
    TestCameras.Recorder recorder = new TestCameras.Recorder();
    Vertx vertx = Vertx.vertx();
    CameraManager manager = new CameraManager(vertx, recorder, IngestOptions.defaults());
    TestRtspServer[] servers = {new TestRtspServer(), new TestRtspServer()};
    for (TestRtspServer s : servers) for (int i = 0; i < 4; i++) s.h264("cam" + i, h264);
    List<Sample> samples = new ArrayList<>();
    try {
      for (TestRtspServer s : servers) s.start();
      for (int c = 0; c < 8; c++) await(manager.start(rtsp("soak" + c, servers[c % 2].uri("cam" + (c / 2)))));
      long t0 = System.nanoTime();
      long nextKill = t0 + killEvery.toNanos();
      int victim = 0;
      while (System.nanoTime() - t0 < length.toNanos()) {
        Thread.sleep(10_000);
        if (System.nanoTime() >= nextKill) {
          // Down for a third of the period, then back on the same port.
          servers[victim].stop();
          Thread.sleep(killEvery.toMillis() / 3);
          servers[victim].start();
          victim = 1 - victim;
          nextKill += killEvery.toNanos();
        }
        samples.add(sample(t0, manager, recorder));
      }
    } finally {
      await(manager.close());
      await(vertx.close());
      for (TestRtspServer s : servers) s.stop();
    }
    write(samples);
    int third = samples.size() / 3;
    Sample early = median(samples.subList(0, third));
    Sample late = median(samples.subList(samples.size() - third, samples.size()));
    Sample first = samples.get(0);
    Sample last = samples.get(samples.size() - 1);
    // JVM CPU only: the RTSP servers are other processes. Includes the System.gc() of each sample.
    double cpuMsPerCameraSecond = (last.cpuNanos - first.cpuNanos) / 1e6 / 8 / (last.seconds - first.seconds);
    String summary = String.format(Locale.ROOT,
        "soak %d min, kill every %d s: heap %d -> %d MiB, javacpp %d -> %d MiB, rss %d -> %d MiB, threads %d -> %d,"
            + " fds %d -> %d, analysed %d, CPU %.1f ms per camera-second",
        length.toMinutes(), killEvery.toSeconds(), early.heap >> 20, late.heap >> 20, early.javacpp >> 20, late.javacpp >> 20,
        early.rss >> 20, late.rss >> 20, early.threads, late.threads, early.fds, late.fds, last.analysed, cpuMsPerCameraSecond);
    System.out.println(summary);
    assertTrue(late.threads <= early.threads + 2, summary);
    assertTrue(late.fds <= early.fds + 4, summary);
    assertTrue(late.javacpp <= early.javacpp * 1.2 + (16 << 20), summary);
  }

  private static Sample sample(long t0, CameraManager manager, TestCameras.Recorder recorder) {
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long analysed = recorder.frames.values().stream().mapToLong(AtomicLong::get).sum();
    int online = (int) manager.registry().all().stream().filter(CameraStatus::online).count();
    return new Sample((System.nanoTime() - t0) / 1_000_000_000L, heap, Pointer.totalBytes(), Pointer.physicalBytes(),
        Thread.getAllStackTraces().size(), Objects.requireNonNull(new File("/proc/self/fd").list()).length, analysed, online,
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
  }

  /** Field-wise medians: each resource on its own. */
  private static Sample median(List<Sample> s) {
    return new Sample(0, med(s, Sample::heap), med(s, Sample::javacpp), med(s, Sample::rss),
        (int) med(s, x -> x.threads), med(s, Sample::fds), 0, 0, 0);
  }

  private static long med(List<Sample> s, ToLongFunction<Sample> f) {
    long[] v = s.stream().mapToLong(f).sorted().toArray();
    return v[v.length / 2];
  }

  private static void write(List<Sample> samples) throws IOException {
    List<String> lines = new ArrayList<>(List.of("seconds,heap_bytes,javacpp_bytes,rss_bytes,threads,fds,analysed,online,cpu_ms"));
    for (Sample s : samples) {
      lines.add(s.seconds + "," + s.heap + "," + s.javacpp + "," + s.rss + "," + s.threads + "," + s.fds + "," + s.analysed
          + "," + s.online + "," + s.cpuNanos / 1_000_000);
    }
    Files.write(Path.of("target", "soak.csv"), lines);
  }
}
