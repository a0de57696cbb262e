package io.vigil.cli;

import io.vigil.analytics.AnalyticsSettings;
import io.vigil.analytics.DetectorRuntime;
import io.vigil.analytics.OfflineAnalyzer;
import io.vigil.analytics.Point;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "analyze", mixinStandardHelpOptions = true,
    description = "Count people in a recorded video and write frame,people rows to a CSV file.")
public final class AnalyzeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--input", required = true, description = "Video file to analyse")
  Path input;

  @Option(names = "--out", required = true, description = "CSV file to write (frame,people)")
  Path out;

  @Option(names = "--zone", description = "Count only in this polygon, normalised: \"x,y;x,y;x,y...\"")
  String zone;

  @Option(names = "--every", defaultValue = "1", description = "Analyse every Nth frame (default: ${DEFAULT-VALUE})")
  int every;

  @Option(names = "--model", defaultValue = "../shared/models/yolox-nano/yolox_nano.onnx",
      description = "YOLOX ONNX model; HOG is used when it is missing (default: ${DEFAULT-VALUE})")
  Path model;

  @Option(names = "--runtime", defaultValue = "onnxruntime",
      description = "What runs the model: onnxruntime or opencv (default: ${DEFAULT-VALUE})")
  String runtime;

  @Override
  public Integer call() {
    if (every < 1) {
      throw new ParameterException(spec.commandLine(), "--every must be >= 1, got " + every);
    }
    Optional<List<Point>> polygon;
    try {
      polygon = zone == null ? Optional.empty() : Optional.of(OfflineAnalyzer.parsePolygon(zone));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--zone: " + e.getMessage());
    }
    DetectorRuntime detectorRuntime;
    try {
      detectorRuntime = DetectorRuntime.parse(runtime);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--runtime " + e.getMessage());
    }
    try {
      OfflineAnalyzer.run(input, out, polygon, every,
          AnalyticsSettings.defaults().withModel(model).withRuntime(detectorRuntime), System.err);
      return 0;
    } catch (IOException e) {
      spec.commandLine().getErr().println("analyze: " + e.getMessage());
      return 1;
    }
  }
}
