package io.vigil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vigil.analytics.DetectorPass;
import io.vigil.analytics.DetectorRuntime;
import io.vigil.bench.BenchFixture;
import io.vigil.bench.BenchMode;
import io.vigil.bench.BenchResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class BenchCommandTest {

  private static BenchCommand.Plan plan(String... args) {
    BenchCommand c = new BenchCommand();
    new CommandLine(c).parseArgs(args);
    return c.plan();
  }

  @Test
  void defaultsRunBothModesForAMinute() {
    BenchCommand.Plan p = plan();
    assertEquals(List.of(BenchMode.VIGIL, BenchMode.DECODE_ALL), p.modes());
    assertEquals(Duration.ofSeconds(60), p.duration());
    assertEquals(1.0, p.fps());
    assertFalse(p.findMax());
    assertEquals(DetectorRuntime.ONNXRUNTIME, p.runtime());
    assertEquals(1, p.stream().gopSeconds());
  }

  @Test
  void optionsAreRead() {
    BenchCommand.Plan p = plan("--cameras", "32", "--duration", "2m", "--fps", "2", "--mode", "decode-all", "--find-max");
    assertEquals(List.of(BenchMode.DECODE_ALL), p.modes());
    assertEquals(32, p.cameras());
    assertEquals(Duration.ofMinutes(2), p.duration());
    assertEquals(2.0, p.fps());
    assertTrue(p.findMax());
    assertEquals(DetectorRuntime.OPENCV, plan("--runtime", "opencv").runtime());
    assertEquals(2, plan("--gop", "2s").stream().gopSeconds());
    assertEquals(4, plan("--gop", "4s").stream().gopSeconds());
    assertEquals(new BenchFixture.Stream(640, 360, 2), plan("--size", "640x360", "--gop", "2s").stream());
  }

  @Test
  void badArgumentsAreRefusedWithTheirName() {
    assertTrue(assertThrows(ParameterException.class, () -> plan("--cameras", "0")).getMessage().contains("--cameras"));
    assertTrue(assertThrows(ParameterException.class, () -> plan("--fps", "0")).getMessage().contains("--fps"));
    assertTrue(assertThrows(ParameterException.class, () -> plan("--fps", "30")).getMessage().contains("--fps"));
    assertTrue(assertThrows(ParameterException.class, () -> plan("--duration", "1s")).getMessage().contains("--duration"));
    assertTrue(assertThrows(ParameterException.class, () -> plan("--duration", "soon")).getMessage().contains("--duration"));
    assertTrue(assertThrows(ParameterException.class, () -> plan("--mode", "fast")).getMessage().contains("--mode"));
    assertTrue(assertThrows(ParameterException.class, () -> plan("--gop", "3s")).getMessage().contains("--gop"));
    assertTrue(assertThrows(ParameterException.class, () -> plan("--size", "800x600")).getMessage().contains("--size"));
    assertTrue(assertThrows(ParameterException.class, () -> plan("--runtime", "tensorrt")).getMessage()
        .contains("--runtime must be onnxruntime or opencv"));
  }

  private static BenchResult result(double fps, double dropped) {
    return result(fps, fps, dropped);
  }

  private static BenchResult result(double medianFps, double minFps, double dropped) {
    Map<BenchResult.Part, Double> parts = new EnumMap<>(BenchResult.Part.class);
    parts.put(BenchResult.Part.DETECTOR, 40.0);
    Map<DetectorPass, BenchResult.Passes> passes = new EnumMap<>(DetectorPass.class);
    passes.put(DetectorPass.WHOLE_FRAME, new BenchResult.Passes(0.3, 12.345));
    passes.put(DetectorPass.MOVING_REGION, new BenchResult.Passes(0.2, 6.0));
    return new BenchResult(BenchMode.VIGIL, 2, 1, 60, medianFps, minFps, dropped, 1.5, 37.456, 0.5, passes, parts, 3.2,
        List.of(new BenchResult.Camera("bench-1-001", 60, 0, 1.0, 30, 35.0),
            new BenchResult.Camera("bench-1-002", 59, 1, 0.98, 31, 36.0)));
  }

  @Test
  void resultLineHoldsTheFiguresInOrder() {
    assertEquals("RESULT mode=vigil cameras=2 target_fps=1.0 achieved_fps_median=0.99 achieved_fps_min=0.99 "
            + "dropped_pct=0.5 cpu_cores_used=1.5 cpu_ms_per_camera_second=37.46 detector_passes_per_camera_second=0.5 "
            + "passes_whole_frame_per_camera_second=0.3 passes_moving_region_per_camera_second=0.2 "
            + "passes_tracked_people_per_camera_second=0.0 pass_whole_frame_median_cpu_ms=12.35 "
            + "pass_moving_region_median_cpu_ms=6.0 pass_tracked_people_median_cpu_ms=0.0 "
            + "held=true seconds=60.0 load_avg=3.2",
        result(0.99, 0.5).resultLine());
  }

  @Test
  void aRunHoldsAtTheTargetRateWithFewDrops() {
    assertTrue(result(0.97, 1.0).held());
    assertFalse(result(0.96, 0).held());
    assertFalse(result(1.0, 1.01).held());
    assertFalse(result(1.0, 0.96, 0).held(), "every camera must hold, not the median one");
  }

  @Test
  void jsonHoldsTheSameFiguresPartsAndCameras() {
    BenchResult r = result(1.0, 0);
    BenchCommand.Plan p = plan("--cameras", "2");
    JsonObject doc = BenchCommand.document(List.of(r), p, Path.of("clip.avi"));
    JsonObject run = doc.getJsonArray("runs").getJsonObject(0);
    r.figures().forEach((k, v) -> assertEquals(v, run.getValue(k), k));
    assertEquals(40.0, run.getJsonObject("cpu_ms_per_camera_second_by_part").getDouble("detector"));
    assertEquals(0.0, run.getJsonObject("cpu_ms_per_camera_second_by_part").getDouble("grab_demux_decode_convert"));
    assertEquals(2, run.getJsonArray("per_camera").size());
    assertEquals("bench-1-002", run.getJsonArray("per_camera").getJsonObject(1).getString("id"));
    assertTrue(doc.getJsonObject("machine").getInteger("cores") >= 1);
    assertEquals("onnxruntime", doc.getString("runtime"));
    assertEquals(0.3, run.getDouble("passes_whole_frame_per_camera_second"));
    assertEquals(12.35, run.getDouble("pass_whole_frame_median_cpu_ms"));
  }
}
