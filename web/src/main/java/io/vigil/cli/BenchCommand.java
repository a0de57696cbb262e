package io.vigil.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.analytics.DetectorRuntime;
import io.vigil.store.StorageOptions;
import io.vigil.bench.Bench;
import io.vigil.bench.BenchFixture;
import io.vigil.bench.BenchMode;
import io.vigil.bench.BenchResult;
import io.vigil.bench.MaxSearch;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure how many cameras this machine analyses: N cameras replaying a clip as 1280x720 H.264 "
        + "(25 fps, a keyframe every second) in real time, through ingest, analytics (detector on) and storage "
        + "(embedded PostgreSQL in a temporary directory). Vigil (keyframes only, motion gate, detector passes "
        + "the tracks do not make redundant) and a decode-everything pipeline (every frame decoded and converted, "
        + "a whole-frame detector pass on every sampled frame) run one after the other in the same run.",
        "Ends with one `RESULT key=value ...` line per run and writes the figures with per-camera detail to a JSON file."})
public final class BenchCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--cameras", defaultValue = "8",
      description = "Cameras to run; with --find-max, where the search starts (default: ${DEFAULT-VALUE})")
  int cameras;

  @Option(names = "--duration", defaultValue = "60s",
      description = "Measured time per run, after a 10 s warm-up, e.g. 60s or 2m (default: ${DEFAULT-VALUE})")
  String duration;

  @Option(names = "--input", defaultValue = "../shared/data/pets09-s2l1/vtest.avi",
      description = "Clip the cameras replay, transcoded once and cached (default: ${DEFAULT-VALUE})")
  Path input;

  @Option(names = "--gop", defaultValue = "1s",
      description = "Keyframe interval of the cameras' stream: 1s, 2s or 4s (default: ${DEFAULT-VALUE})")
  String gop;

  @Option(names = "--size", defaultValue = "1280x720",
      description = "Picture size of the stream the cameras send for detection: 1280x720 (a main stream) or 640x360 "
          + "(a sub-stream) (default: ${DEFAULT-VALUE})")
  String size;

  @Option(names = "--fps", defaultValue = "1", description = "Analysed frames per second per camera (default: ${DEFAULT-VALUE})")
  double fps;

  @Option(names = "--mode", defaultValue = "both",
      description = "vigil, decode-all, or both, measured in the same run (default: ${DEFAULT-VALUE})")
  String mode;

  @Option(names = "--find-max", description = "Raise the camera count until the analysed rate falls below target "
      + "or more than 1%% of frames are dropped; report the largest count that held, per mode (the modes take "
      + "turns step by step)")
  boolean findMax;

  @Option(names = "--model", defaultValue = "../shared/models/yolox-nano/yolox_nano.onnx",
      description = "YOLOX ONNX model (default: ${DEFAULT-VALUE})")
  Path model;

  @Option(names = "--runtime", defaultValue = "onnxruntime",
      description = "What runs the detector model, the same in both modes: onnxruntime or opencv (default: ${DEFAULT-VALUE})")
  String runtime;

  @Option(names = "--json", description = "JSON file for the results (default: vigil-bench-<time>.json in the temporary directory)")
  Path json;

  /** The validated command line. */
  record Plan(List<BenchMode> modes, int cameras, Duration duration, double fps, boolean findMax,
      DetectorRuntime runtime, BenchFixture.Stream stream) {}

  @Override
  public Integer call() throws InterruptedException {
    Plan plan = plan();
    if (!Files.isRegularFile(model)) {
      throw new ParameterException(spec.commandLine(), "--model: no model at " + model
          + " (the benchmark measures the detector, so it does not fall back to HOG)");
    }
    PrintStream err = System.err;
    Path out = json != null ? json
        : Path.of(System.getProperty("java.io.tmpdir"), "vigil-bench-" + Instant.now().getEpochSecond() + ".json");
    List<Path> clips;
    try {
      Path cache = Path.of(System.getProperty("user.home"), ".cache", "vigil", "bench");
      clips = BenchFixture.phases(BenchFixture.prepare(input, plan.stream(), cache, err), plan.stream().gopSeconds(), err);
    } catch (IOException e) {
      err.println("bench: " + e.getMessage());
      return 1;
    }
    List<BenchResult> results = new ArrayList<>();
    List<String> summary = new ArrayList<>();
    try (Bench bench = Bench.start(clips, plan.fps(), model, plan.runtime(), err)) {
      if (plan.findMax()) {
        findMax(bench, plan, results).forEach((m, max) ->
            summary.add("MAX mode=" + m.key() + " cameras=" + max + " target_fps=" + plan.fps()));
      } else {
        for (BenchMode m : plan.modes()) {
          results.add(report(bench.run(m, plan.cameras(), plan.duration())));
        }
      }
    } catch (IOException | RuntimeException e) {
      err.println("bench: " + StorageOptions.maskPasswords(String.valueOf(e.getMessage())));
      return 1;
    }
    try {
      Files.writeString(out, document(results, plan, input).encodePrettily());
    } catch (IOException e) {
      err.println("bench: could not write " + out + ": " + e.getMessage());
      return 1;
    }
    System.out.println("bench: results in " + out);
    summary.forEach(System.out::println);
    return 0;
  }

  /**
   * Searches every mode for its largest count that holds ({@link MaxSearch}), one step of each mode
   * in turn, so that a change of the machine's other load during the search falls on both modes
   * alike rather than deciding between them.
   */
  private static Map<BenchMode, Integer> findMax(Bench bench, Plan plan, List<BenchResult> results)
      throws InterruptedException {
    Map<BenchMode, MaxSearch> searches = new LinkedHashMap<>();
    plan.modes().forEach(m -> searches.put(m, new MaxSearch(plan.cameras())));
    while (searches.values().stream().anyMatch(s -> !s.done())) {
      for (var e : searches.entrySet()) {
        MaxSearch s = e.getValue();
        if (s.done()) continue;
        BenchResult r = report(bench.run(e.getKey(), s.next(), plan.duration()));
        results.add(r);
        s.record(r.held());
      }
    }
    // A count holds only when a second run at it holds too: one run can be lucky on a noisy machine.
    // A count that fails its confirmation steps down by the search's resolution and is tried again.
    Map<BenchMode, Integer> max = new LinkedHashMap<>();
    for (var e : searches.entrySet()) {
      int n = e.getValue().largestHeld();
      int holds = 1;
      while (n > 0 && holds < 2) {
        BenchResult r = report(bench.run(e.getKey(), n, plan.duration()));
        results.add(r);
        if (r.held()) {
          holds++;
        } else {
          n -= Math.max(1, n / 10);
          holds = 0;
        }
      }
      System.out.println("bench " + e.getKey().key() + ": largest count held twice: " + n);
      max.put(e.getKey(), n);
    }
    return max;
  }

  private static BenchResult report(BenchResult r) {
    System.out.println(r.resultLine());
    return r;
  }

  Plan plan() {
    if (cameras < 1 || cameras > 1000) {
      throw new ParameterException(spec.commandLine(), "--cameras must be within [1, 1000], got " + cameras);
    }
    if (!(fps > 0 && fps <= 25)) {
      throw new ParameterException(spec.commandLine(), "--fps must be within (0, 25], got " + fps);
    }
    Duration d;
    try {
      d = StorageOptions.parseDuration("--duration", duration);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (d.compareTo(Duration.ofSeconds(5)) < 0 || d.compareTo(Duration.ofHours(24)) > 0) {
      throw new ParameterException(spec.commandLine(), "--duration must be within [5s, 24h], got " + duration);
    }
    List<BenchMode> modes;
    try {
      modes = "both".equals(mode) ? List.of(BenchMode.VIGIL, BenchMode.DECODE_ALL) : List.of(BenchMode.parse(mode));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--mode: " + e.getMessage().replace("decode-all", "decode-all or both"));
    }
    DetectorRuntime r;
    try {
      r = DetectorRuntime.parse(runtime);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--runtime " + e.getMessage());
    }
    int g = switch (gop) {
      case "1s" -> 1;
      case "2s" -> 2;
      case "4s" -> 4;
      default -> throw new ParameterException(spec.commandLine(), "--gop must be 1s, 2s or 4s, got " + gop);
    };
    if (!BenchFixture.Stream.SIZES.contains(size)) {
      throw new ParameterException(spec.commandLine(), "--size must be one of " + BenchFixture.Stream.SIZES + ", got " + size);
    }
    String[] wh = size.split("x");
    return new Plan(modes, cameras, d, fps, findMax, r,
        new BenchFixture.Stream(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), g));
  }

  /** The JSON file: the machine and command, then every run. */
  static JsonObject document(List<BenchResult> results, Plan plan, Path input) {
    return new JsonObject()
        .put("input", input.toString())
        .put("fps", plan.fps())
        .put("duration_s", plan.duration().toSeconds())
        .put("find_max", plan.findMax())
        .put("runtime", plan.runtime().key())
        .put("gop_s", plan.stream().gopSeconds())
        .put("size", plan.stream().width() + "x" + plan.stream().height())
        .put("machine", new JsonObject()
            .put("cores", Runtime.getRuntime().availableProcessors())
            .put("cpu", cpuModel())
            .put("java", System.getProperty("java.version")))
        .put("runs", new JsonArray(results.stream().map(BenchResult::toJson).toList()));
  }

  private static String cpuModel() {
    try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
          .findFirst().orElse("unknown");
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
