package io.vigil.ingest.record;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.CameraConfig;
import io.vigil.config.RecordSettings;
import io.vigil.ingest.IngestOptions;
import io.vigil.ingest.testing.TestCameras;
import io.vigil.ingest.testing.TestMedia;
import io.vigil.ingest.testing.TestRtspServer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost of recording (BENCHMARKS.md, recording): N cameras recorded continuously from a real RTSP
 * server serving the demo H.264 clip, for {@code vigil.bench.seconds} (default 60). Prints, per camera
 * and as the median, the recorder thread's CPU time per recorded camera-second (RTSP read, packet copy,
 * MP4 muxing, file writes) and the bytes written per camera-hour; the CPU also in steady state (after a warm-up). Not part of the suite's timing.
 */
class RecordingBench {
  private static final String THREAD = "vigil-record-";
  private static final long WARM_UP_MILLIS = 10_000;

  @TempDir
  Path dir;

  @Test
  void cpuPerRecordedCameraSecondAndBytesPerCameraHour() throws Exception {
    int cameras = Integer.getInteger("vigil.bench.cameras", 4);
    int seconds = Integer.getInteger("vigil.bench.seconds", 60);
    RecorderIT.Reports reports = new RecorderIT.Reports();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> cpuNanos = new TreeMap<>();
    List<Double> steadyCpu = new ArrayList<>();
    try (TestRtspServer server = new TestRtspServer()
        .h264("cam", TestMedia.shared("sample-clips/one-by-one-person-detection.mp4")).start();
        Recorder recorder = new Recorder(new RecorderOptions(new SegmentFiles(dir), Duration.ofSeconds(10),
            RecorderOptions.DEFAULT_MAX_PRE_ROLL, new DiskSpace(dir, 0)), IngestOptions.defaults(), Map.of(), reports)) {
      List<CameraConfig> all = new ArrayList<>();
      for (int i = 0; i < cameras; i++) {
        CameraConfig c = TestCameras.rtsp("bench" + i, server.uri("cam"));
        all.add(new CameraConfig(c.id(), c.name(), c.site(), c.type(), c.location(), c.detect(), null, 1, c.zones(), true,
            null, new RecordSettings(RecordSettings.Mode.CONTINUOUS, Duration.ZERO, Duration.ZERO, 1)));
      }
      recorder.sync(all);
      // The first seconds pay for connecting (the stream probe decodes a few frames) and for running
      // interpreted: steady state is what a camera recorded for days costs.
      Thread.sleep(WARM_UP_MILLIS);
      Map<String, Long> warm = cpu(mx);
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      Map<String, Long> end = cpu(mx);
      double elapsed = (System.nanoTime() - t0) / 1e9;
      end.forEach((id, nanos) -> {
        double steady = (nanos - warm.getOrDefault(id, 0L)) / 1e6 / elapsed;
        steadyCpu.add(steady);
        System.out.printf(Locale.ROOT, "REC-BENCH camera=%s steady-cpu=%.3fms/camera-s (after %d s warm-up, over %.1f s)%n",
            id, steady, WARM_UP_MILLIS / 1000, elapsed);
      });
      cpuNanos.putAll(end);
    }
    System.out.printf(Locale.ROOT, "REC-BENCH median steady-cpu=%.3fms/camera-s%n", median(steadyCpu));
    List<Double> cpuPerSecond = new ArrayList<>();
    List<Double> bytesPerHour = new ArrayList<>();
    for (Map.Entry<String, Long> e : cpuNanos.entrySet()) {
      long millis = reports.segments.stream().filter(s -> s.cameraId().equals(e.getKey())).mapToLong(Segment::durationMillis).sum();
      long bytes = reports.segments.stream().filter(s -> s.cameraId().equals(e.getKey())).mapToLong(Segment::bytes).sum();
      if (millis == 0) continue;
      double cpu = e.getValue() / 1e6 / (millis / 1000.0);
      double perHour = bytes * 3_600_000.0 / millis;
      cpuPerSecond.add(cpu);
      bytesPerHour.add(perHour);
      System.out.printf(Locale.ROOT, "REC-BENCH camera=%s recorded=%.1fs cpu=%.3fms/camera-s bytes=%.1fMB/camera-h%n",
          e.getKey(), millis / 1000.0, cpu, perHour / 1e6);
    }
    assertTrue(!cpuPerSecond.isEmpty(), "nothing was recorded");
    System.out.printf(Locale.ROOT, "REC-BENCH median cameras=%d seconds=%d cpu=%.3fms/camera-s bytes=%.1fMB/camera-h%n",
        cameras, seconds, median(cpuPerSecond), median(bytesPerHour) / 1e6);
    long onDisk;
    try (var files = Files.walk(dir)) {
      onDisk = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    System.out.printf(Locale.ROOT, "REC-BENCH files=%d bytesOnDisk=%d%n", reports.segments.size(), onDisk);
  }

  /** Each recorder thread's CPU time now, by camera. */
  private static Map<String, Long> cpu(ThreadMXBean mx) {
    Map<String, Long> out = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(THREAD)) out.put(t.getName().substring(THREAD.length()), mx.getThreadCpuTime(t.getId()));
    }
    return out;
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
