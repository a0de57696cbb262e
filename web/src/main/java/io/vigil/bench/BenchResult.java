package io.vigil.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.analytics.DetectorPass;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One measured run: N cameras of one mode over the measurement window (warm-up excluded).
 *
 * @param achievedFpsMedian   median over cameras of analysed frames per second
 * @param droppedPct          frames dropped by the analytics queues, in percent of frames handed over
 * @param cpuCoresUsed        JVM process CPU time over wall time
 * @param cpuMsPerCameraSecond JVM process CPU milliseconds per camera per second of video
 * @param passes              detector passes by what they looked at (every kind but {@code NONE} present)
 * @param breakdown           CPU milliseconds per camera-second by part of the path (see {@link Part})
 * @param loadAverage         the machine's 1-minute load average at the end of the window (this run included)
 */
public record BenchResult(
    BenchMode mode,
    int cameras,
    double targetFps,
    double seconds,
    double achievedFpsMedian,
    double achievedFpsMin,
    double droppedPct,
    double cpuCoresUsed,
    double cpuMsPerCameraSecond,
    double detectorPassesPerCameraSecond,
    Map<DetectorPass, Passes> passes,
    Map<Part, Double> breakdown,
    double loadAverage,
    List<Camera> perCamera) {

  /** Where the CPU goes; parts are measured by thread CPU time and the analyzer's own stage timings. */
  public enum Part {
    /** Grab threads: demux, decode, BGR conversion and the copy handed to the analytics. */
    GRAB("grab_demux_decode_convert"),
    /** Analyzer: downscale and grey conversion for the motion gate. */
    MOTION_CONVERT("motion_convert"),
    /** Analyzer: background subtraction. */
    MOTION_GATE("motion_gate"),
    /** Analyzer: detector passes. */
    DETECTOR("detector"),
    /** Analyzer: tracker, zones and rules. */
    TRACKER("tracker"),
    /** Analytics threads outside the analyzer: frame kept for the viewer, live feed, samples queued. */
    PIPELINE("pipeline"),
    /** Storage writer threads in the JVM. */
    STORAGE_WRITER("storage_writer"),
    /** The embedded PostgreSQL's processes (outside the JVM, not in the process CPU figures). */
    POSTGRES("postgres"),
    /** Everything else in the JVM: garbage collection, compiler, Vert.x, status timers. */
    OTHER("jvm_other");

    private final String key;

    Part(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  /**
   * One kind of detector pass over the window.
   *
   * @param perCameraSecond passes of this kind per camera per second
   * @param medianCpuMs     median CPU milliseconds of one such pass (letterbox, forward, decode, NMS);
   *                        0 when there was none
   */
  public record Passes(double perCameraSecond, double medianCpuMs) {
    public static final Passes NONE = new Passes(0, 0);
  }

  /** The kinds of pass the RESULT line reports, in order. */
  public static final List<DetectorPass> PASS_KINDS =
      List.of(DetectorPass.WHOLE_FRAME, DetectorPass.MOVING_REGION, DetectorPass.TRACKED_PEOPLE);

  /** One camera's share of the window. */
  public record Camera(String id, long analysed, long dropped, double achievedFps, long detectorPasses,
      double analysisCpuMsPerSecond) {

    JsonObject toJson() {
      return new JsonObject().put("id", id).put("analysed", analysed).put("dropped", dropped)
          .put("achievedFps", round(achievedFps)).put("detectorPasses", detectorPasses)
          .put("analysisCpuMsPerSecond", round(analysisCpuMsPerSecond));
    }
  }

  public BenchResult {
    passes = Map.copyOf(passes);
    breakdown = Map.copyOf(breakdown);
    perCamera = List.copyOf(perCamera);
  }

  /**
   * Whether the cameras were analysed at the target rate: every camera, the slowest included, within
   * 3% of it (frames arrive at 25 fps, so sampling at 1 fps can land a frame late) and at most 1% of
   * frames dropped. Issue #15: a median that holds can hide cameras that do not.
   */
  public boolean held() {
    return achievedFpsMin >= targetFps * 0.97 && droppedPct <= 1.0;
  }

  /** The headline figures, in order, as printed on the RESULT line and stored in the JSON file. */
  public Map<String, Object> figures() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("mode", mode.key());
    f.put("cameras", cameras);
    f.put("target_fps", round(targetFps));
    f.put("achieved_fps_median", round(achievedFpsMedian));
    f.put("achieved_fps_min", round(achievedFpsMin));
    f.put("dropped_pct", round(droppedPct));
    f.put("cpu_cores_used", round(cpuCoresUsed));
    f.put("cpu_ms_per_camera_second", round(cpuMsPerCameraSecond));
    f.put("detector_passes_per_camera_second", round(detectorPassesPerCameraSecond));
    for (DetectorPass k : PASS_KINDS) {
      f.put("passes_" + k.key() + "_per_camera_second", round(passes.getOrDefault(k, Passes.NONE).perCameraSecond()));
    }
    for (DetectorPass k : PASS_KINDS) {
      f.put("pass_" + k.key() + "_median_cpu_ms", round(passes.getOrDefault(k, Passes.NONE).medianCpuMs()));
    }
    f.put("held", held());
    f.put("seconds", round(seconds));
    f.put("load_avg", round(loadAverage));
    return f;
  }

  /** {@code RESULT key=value ...}: one line, machine-readable, no spaces inside values. */
  public String resultLine() {
    StringBuilder b = new StringBuilder("RESULT");
    figures().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
    return b.toString();
  }

  public JsonObject toJson() {
    JsonObject j = new JsonObject(figures());
    JsonObject parts = new JsonObject();
    for (Part p : Part.values()) parts.put(p.key(), round(breakdown.getOrDefault(p, 0.0)));
    j.put("cpu_ms_per_camera_second_by_part", parts);
    j.put("per_camera", new JsonArray(perCamera.stream().map(Camera::toJson).toList()));
    return j;
  }

  static double round(double v) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.2f", v));
  }
}
