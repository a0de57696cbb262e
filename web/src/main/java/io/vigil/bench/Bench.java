package io.vigil.bench;

import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vigil.analytics.AnalyticsSettings;
import io.vigil.analytics.DetectionSchedule;
import io.vigil.analytics.DetectorPass;
import io.vigil.analytics.DetectorRuntime;
import io.vigil.analytics.FrameAnalysis;
import io.vigil.analytics.Stage;
import io.vigil.analytics.Zone;
import io.vigil.ingest.CameraManager;
import io.vigil.ingest.CameraStatus;
import io.vigil.ingest.IngestOptions;
import io.vigil.config.CameraConfig;
import io.vigil.config.CameraType;
import io.vigil.config.StreamSource;
import io.vigil.platform.Platform;
import io.vigil.store.Storage;
import io.vigil.store.StorageOptions;
import io.vigil.bench.BenchResult.Part;
import io.vigil.pipeline.AnalysisPipeline;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Runs cameras replaying a clip in real time through the real ingest, analytics and storage path
 * (embedded PostgreSQL in a temporary directory, removed on close) and measures what they cost.
 */
public final class Bench implements AutoCloseable {
  /** Detector load, first keyframes and JIT are left out of the measurement. */
  static final Duration WARM_UP = Duration.ofSeconds(10);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

  private final List<Path> clips;
  private final double fps;
  private final AnalyticsSettings settings;
  private final PrintStream log;
  private final Path tmp;
  private final Vertx vertx;
  private final Storage storage;
  private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private int runs;

  private Bench(List<Path> clips, double fps, AnalyticsSettings settings, PrintStream log, Path tmp, Vertx vertx,
      Storage storage) {
    this.clips = List.copyOf(clips);
    this.fps = fps;
    this.settings = settings;
    this.log = log;
    this.tmp = tmp;
    this.vertx = vertx;
    this.storage = storage;
  }

  /**
   * Starts storage in a new temporary directory; {@code clips} are H.264 files from
   * {@link BenchFixture#phases}, which the cameras take in turn.
   */
  public static Bench start(List<Path> clips, double fps, Path model, DetectorRuntime runtime, PrintStream log)
      throws IOException {
    Path tmp = Files.createTempDirectory("vigil-bench-");
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
    try {
      Storage storage = Storage.start(StorageOptions.builder(tmp).dataDir(tmp).build());
      return new Bench(clips, fps, AnalyticsSettings.defaults().withModel(model).withRuntime(runtime),
          log, tmp, vertx, storage);
    } catch (RuntimeException e) {
      vertx.close();
      deleteTree(tmp);
      throw e;
    }
  }

  /** One detector pass: what it looked at and its CPU time. */
  record PassSample(DetectorPass kind, long cpuNanos) {}

  /** Per camera, counted on the analytics threads. */
  private static final class Tally {
    final AtomicLong analysed = new AtomicLong();
    final AtomicLong detectorPasses = new AtomicLong();
    final Map<Stage, AtomicLong> stageNanos = new EnumMap<>(Stage.class);

    Tally() {
      for (Stage s : Stage.values()) stageNanos.put(s, new AtomicLong());
    }

    void add(FrameAnalysis a, List<PassSample> passLog) {
      analysed.incrementAndGet();
      if (a.detectorRan()) {
        detectorPasses.incrementAndGet();
        passLog.add(new PassSample(a.detectorPass(), a.timings().get(Stage.DETECT).cpuNanos()));
      }
      a.timings().forEach((s, t) -> stageNanos.get(s).addAndGet(t.cpuNanos()));
    }

    long cpuNanos() {
      return stageNanos.values().stream().mapToLong(AtomicLong::get).sum();
    }
  }

  /** Counters read at both ends of the window. */
  private record Mark(long wallNanos, long processCpuNanos, Map<String, Long> threadCpu, long postgresCpuNanos,
      Map<String, long[]> cameras, long[] stages, int passLogSize) {}

  /** Runs {@code cameras} cameras in {@code mode} for the warm-up plus {@code duration}, then stops them. */
  public BenchResult run(BenchMode mode, int cameras, Duration duration) throws InterruptedException {
    runs++;
    Map<String, Tally> tallies = new ConcurrentHashMap<>();
    Map<String, CameraConfig> configs = new ConcurrentHashMap<>();
    // Appended by the analytics threads, read between two marks: a few thousand entries per run.
    List<PassSample> passLog = Collections.synchronizedList(new ArrayList<>());
    // Decode-all is the whole approach of decode-everything platforms: every frame decoded and
    // converted, then a whole-frame detector pass on every sampled frame, no motion gate.
    AnalyticsSettings analytics = mode == BenchMode.DECODE_ALL ? settings.withSchedule(DetectionSchedule.EVERY_FRAME)
        : settings;
    AnalysisPipeline pipeline = Platform.analysisPipeline(vertx, configs::get, analytics, storage.writer(),
        (camera, analysis, bgr) -> tallies.get(camera.id()).add(analysis, passLog));
    IngestOptions options = IngestOptions.defaults().withDecodeEveryFrame(mode == BenchMode.DECODE_ALL);
    CameraManager manager = new CameraManager(vertx, pipeline, options);
    try {
      // Real cameras are not in step: starts are spread over a keyframe interval so that keyframes
      // (and with them the analysed frames) do not all arrive at once.
      long spreadNanos = TimeUnit.SECONDS.toNanos(1) / cameras;
      for (int i = 0; i < cameras; i++) {
        CameraConfig c = camera(runs, i);
        configs.put(c.id(), c);
        tallies.put(c.id(), new Tally());
        await(manager.start(c));
        TimeUnit.NANOSECONDS.sleep(spreadNanos);
      }
      log.printf("bench %s: %d cameras started, warming up for %d s%n", mode.key(), cameras, WARM_UP.toSeconds());
      Thread.sleep(WARM_UP.toMillis());
      Mark start = mark(manager, tallies, passLog);
      long end = start.wallNanos() + duration.toNanos();
      Mark last = start;
      while (System.nanoTime() < end) {
        Thread.sleep(Math.min(PROGRESS_EVERY.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        Mark now = mark(manager, tallies, passLog);
        BenchResult r = result(mode, cameras, last, now, passLog);
        log.printf("bench %s %d cameras: %3.0f/%d s  analysed %.2f fps median (min %.2f)  dropped %.2f%%  "
                + "cpu %.2f cores  %.1f ms/camera-s  load %.2f%n", mode.key(), cameras,
            (now.wallNanos() - start.wallNanos()) / 1e9, duration.toSeconds(), r.achievedFpsMedian(),
            r.achievedFpsMin(), r.droppedPct(), r.cpuCoresUsed(), r.cpuMsPerCameraSecond(), r.loadAverage());
        last = now;
      }
      return result(mode, cameras, start, mark(manager, tallies, passLog), passLog);
    } finally {
      await(manager.close());
      configs.keySet().forEach(pipeline::forget);
    }
  }

  private CameraConfig camera(int run, int i) {
    String id = String.format("bench-%d-%03d", run, i + 1);
    StreamSource clip = new StreamSource.Replay(clips.get(i % clips.size()), true);
    return new CameraConfig(id, id, "bench", CameraType.CHECKPOINT, null, clip, null,
        fps, List.of(Zone.wholeFrame("all")), true, null);
  }

  private Mark mark(CameraManager manager, Map<String, Tally> tallies, List<PassSample> passLog) {
    Map<String, long[]> cams = new ConcurrentHashMap<>();
    long[] stages = new long[Stage.values().length];
    tallies.forEach((id, t) -> {
      long dropped = manager.registry().get(id).map(CameraStatus::droppedFrames).orElse(0L);
      cams.put(id, new long[] {t.analysed.get(), dropped, t.detectorPasses.get(), t.cpuNanos()});
      for (Stage s : Stage.values()) stages[s.ordinal()] += t.stageNanos.get(s).get();
    });
    Map<String, Long> threadCpu = new HashMap<>();
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) continue;
      long cpu = threads.getThreadCpuTime(info.getThreadId());
      if (cpu >= 0) threadCpu.put(info.getThreadId() + ":" + info.getThreadName(), cpu);
    }
    return new Mark(System.nanoTime(), os.getProcessCpuTime(), threadCpu, postgresCpuNanos(), cams, stages,
        passLog.size());
  }

  /**
   * CPU time of the embedded server's processes: the storage cost outside the JVM. pg_ctl detaches
   * the server from the JVM, so it is found by the pid file in its data directory.
   */
  private long postgresCpuNanos() {
    try (Stream<Path> pidFiles = Files.find(tmp, 3, (p, attrs) -> p.getFileName().toString().equals("postmaster.pid"))) {
      return pidFiles.findFirst().flatMap(Bench::firstLine).flatMap(pid -> ProcessHandle.of(Long.parseLong(pid.strip())))
          .map(pm -> Stream.concat(Stream.of(pm), pm.descendants())
              .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum())
          .orElse(0L);
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  private static Optional<String> firstLine(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private BenchResult result(BenchMode mode, int cameras, Mark a, Mark b, List<PassSample> passLog) {
    double seconds = (b.wallNanos() - a.wallNanos()) / 1e9;
    double cameraSeconds = cameras * seconds;
    List<BenchResult.Camera> per = new ArrayList<>();
    long analysed = 0;
    long dropped = 0;
    long passes = 0;
    for (var e : b.cameras().entrySet()) {
      long[] x = e.getValue();
      long[] y = a.cameras().getOrDefault(e.getKey(), new long[4]);
      long n = x[0] - y[0];
      long d = x[1] - y[1];
      analysed += n;
      dropped += d;
      passes += x[2] - y[2];
      per.add(new BenchResult.Camera(e.getKey(), n, d, n / seconds, x[2] - y[2], (x[3] - y[3]) / 1e6 / seconds));
    }
    per.sort(Comparator.comparing(BenchResult.Camera::id));
    double[] rates = per.stream().mapToDouble(BenchResult.Camera::achievedFps).sorted().toArray();
    double median = rates.length == 0 ? 0 : rates.length % 2 == 1 ? rates[rates.length / 2]
        : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
    double processMs = (b.processCpuNanos() - a.processCpuNanos()) / 1e6;

    Map<Part, Double> parts = new EnumMap<>(Part.class);
    double grab = threadDelta(a, b, "vigil-grab-");
    double analytics = threadDelta(a, b, "vigil-analytics-");
    double writer = threadDelta(a, b, "vigil-store-");
    double[] stage = new double[Stage.values().length];
    for (Stage s : Stage.values()) stage[s.ordinal()] = (b.stages()[s.ordinal()] - a.stages()[s.ordinal()]) / 1e6;
    double stageSum = Arrays.stream(stage).sum();
    parts.put(Part.GRAB, grab / cameraSeconds);
    parts.put(Part.MOTION_CONVERT, stage[Stage.CONVERT.ordinal()] / cameraSeconds);
    parts.put(Part.MOTION_GATE, stage[Stage.MOTION.ordinal()] / cameraSeconds);
    parts.put(Part.DETECTOR, stage[Stage.DETECT.ordinal()] / cameraSeconds);
    parts.put(Part.TRACKER, stage[Stage.TRACK.ordinal()] / cameraSeconds);
    parts.put(Part.PIPELINE, Math.max(0, analytics - stageSum) / cameraSeconds);
    parts.put(Part.STORAGE_WRITER, writer / cameraSeconds);
    parts.put(Part.POSTGRES, (b.postgresCpuNanos() - a.postgresCpuNanos()) / 1e6 / cameraSeconds);
    parts.put(Part.OTHER, Math.max(0, processMs - grab - analytics - writer) / cameraSeconds);

    List<PassSample> window;
    synchronized (passLog) {
      window = new ArrayList<>(passLog.subList(a.passLogSize(), b.passLogSize()));
    }
    return new BenchResult(mode, cameras, fps, seconds, median, rates.length == 0 ? 0 : rates[0],
        analysed + dropped == 0 ? 0 : 100.0 * dropped / (analysed + dropped), processMs / 1000 / seconds,
        processMs / cameraSeconds, passes / cameraSeconds, passesByKind(window, cameraSeconds), parts,
        os.getSystemLoadAverage(), per);
  }

  /** Passes per camera-second and median CPU ms of each kind of pass in the window. */
  static Map<DetectorPass, BenchResult.Passes> passesByKind(List<PassSample> window, double cameraSeconds) {
    Map<DetectorPass, BenchResult.Passes> byKind = new EnumMap<>(DetectorPass.class);
    for (DetectorPass k : BenchResult.PASS_KINDS) {
      long[] ms = window.stream().filter(p -> p.kind() == k).mapToLong(PassSample::cpuNanos).sorted().toArray();
      double median = ms.length == 0 ? 0 : ms.length % 2 == 1 ? ms[ms.length / 2]
          : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2.0;
      byKind.put(k, new BenchResult.Passes(ms.length / cameraSeconds, median / 1e6));
    }
    return byKind;
  }

  /** CPU milliseconds of the threads whose name starts with {@code prefix}; a thread that ended counts what it had. */
  private static double threadDelta(Mark a, Mark b, String prefix) {
    long sum = 0;
    for (var e : b.threadCpu().entrySet()) {
      if (!e.getKey().substring(e.getKey().indexOf(':') + 1).startsWith(prefix)) continue;
      sum += e.getValue() - a.threadCpu().getOrDefault(e.getKey(), 0L);
    }
    return sum / 1e6;
  }

  private static <T> T await(Future<T> f) throws InterruptedException {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("bench: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      storage.close();
    } catch (Exception e) {
      log.println("bench: closing storage failed: " + e.getMessage());
    }
    try {
      await(vertx.close());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteTree(tmp);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Left for the system's temporary-file cleanup.
    }
  }
}
