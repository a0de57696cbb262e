package io.vigil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.VigilConfig;
import io.vigil.platform.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up summary says what runs, in plain text, and never a stream's address or credentials. */
class StartupSummaryTest {

  private static VigilConfig config(Path dir, String detector) throws IOException {
    Path clip = Files.createFile(dir.resolve("ward.mp4"));
    Path file = dir.resolve("cameras.yml");
    Files.writeString(file, """
        data_dir: data
        detector:
        %s
        cameras:
          - id: gate-north
            name: Cổng Bắc
            enabled: false
            detect:
              url: rtsp://127.0.0.1:8554/Streaming/Channels/102
              username: viewer
              password: ${GATE_NORTH_PASSWORD}
            live:
              url: rtsp://127.0.0.1:8554/Streaming/Channels/101
          - id: ward-1
            name: Khu cách ly 1
            detect:
              replay: %s
              loop: true
        """.formatted(detector, clip));
    return VigilConfig.load(file);
  }

  @Test
  void saysTheDetectorTheCamerasAndWhetherEachIsEnabled(@TempDir Path dir) throws IOException {
    Path model = Files.writeString(dir.resolve("yolox_nano.onnx"), "model");
    VigilConfig config = config(dir, "  model: " + model + "\n  runtime: onnxruntime");
    List<String> lines = new StartupSummary("0.1.0", "http://127.0.0.1:8080/", config,
        Platform.storageOptions(config, Map.of())).lines();
    String text = String.join("\n", lines);
    assertEquals("Vigil 0.1.0 is running", lines.get(0));
    assertTrue(text.contains("web viewer  http://127.0.0.1:8080/"), text);
    assertTrue(text.contains("embedded PostgreSQL in "), text);
    assertTrue(text.contains("detector    YOLOX yolox_nano.onnx on ONNX Runtime"), text);
    assertTrue(text.contains("cameras     2 in cameras.yml, 1 enabled"), text);
    assertTrue(text.matches("(?s).*gate-north +disabled +rtsp stream, live view from a second rtsp stream.*"), text);
    assertTrue(text.matches("(?s).*ward-1 +enabled +file ward.mp4, looped.*"), text);
    assertFalse(text.contains("127.0.0.1:8554"), "no stream address: " + text);
    assertFalse(text.replace("web viewer", "").contains("viewer"), "no user name: " + text);
    assertFalse(text.chars().anyMatch(c -> c == 0x1b), "no terminal escapes");
  }

  @Test
  void saysWhenTheHogFallbackRunsInsteadOfYolox(@TempDir Path dir) throws IOException {
    VigilConfig config = config(dir, "  model: " + dir.resolve("missing.onnx") + "\n  runtime: opencv");
    String text = String.join("\n", new StartupSummary("0.1.0", "http://127.0.0.1:8080/", config,
        Platform.storageOptions(config, Map.of())).lines());
    assertTrue(text.contains("detector    HOG people detector (fallback: model " + dir.resolve("missing.onnx")
        + " not found)"), text);
  }
}
