package io.vigil.cli;

import io.vigil.config.CameraConfig;
import io.vigil.config.DetectorSettings;
import io.vigil.config.StreamSource;
import io.vigil.config.VigilConfig;
import io.vigil.store.StorageOptions;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an operator needs to see once Vigil has started: which build, where the viewer is, which
 * database, which detector actually runs (YOLOX, or the HOG fallback when the model file is missing)
 * and which cameras, each enabled or not. Plain text with no terminal escapes, so that it reads the
 * same in a terminal, a service journal or a log file. No stream address is printed: a camera's URL
 * may carry credentials and the operator already has it in the file.
 */
record StartupSummary(String version, String viewerUrl, VigilConfig config, StorageOptions storage) {

  List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add("Vigil " + version + " is running");
    out.add("  web viewer  " + viewerUrl);
    out.add("  database    " + database());
    out.add("  data        " + config.dataDir());
    out.add("  detector    " + detector(config.detector()));
    List<CameraConfig> cameras = config.cameras();
    long enabled = cameras.stream().filter(CameraConfig::enabled).count();
    out.add("  cameras     " + cameras.size() + " in " + config.file().getFileName() + ", " + enabled + " enabled");
    int width = cameras.stream().mapToInt(c -> c.id().length()).max().orElse(0);
    for (CameraConfig c : cameras) {
      out.add(String.format(Locale.ROOT, "    %-" + width + "s  %-8s  %s", c.id(), c.enabled() ? "enabled" : "disabled",
          source(c)));
    }
    return out;
  }

  /** The server the platform chose (file, environment or embedded); a JDBC URL's query may carry a password. */
  private String database() {
    if (storage.embedded()) return "embedded PostgreSQL in " + storage.embeddedDataDir();
    String url = storage.jdbcUrl();
    int query = url.indexOf('?');
    return (query < 0 ? url : url.substring(0, query)) + (storage.user() == null ? "" : " as " + storage.user());
  }

  static String detector(DetectorSettings d) {
    String runtime = switch (d.runtime()) {
      case ONNXRUNTIME -> "ONNX Runtime";
      case OPENCV -> "OpenCV DNN";
    };
    if (d.model() != null && Files.isReadable(d.model())) {
      return "YOLOX " + d.model().getFileName() + " on " + runtime + ", score threshold " + d.scoreThreshold();
    }
    return "HOG people detector (fallback: " + (d.model() == null ? "no model configured"
        : "model " + d.model() + " not found") + "); people under ~128 px tall are missed";
  }

  private static String source(CameraConfig c) {
    String detect = kind(c.detect());
    return c.live() == null ? detect : detect + ", live view from a second " + kind(c.live()) + " stream";
  }

  private static String kind(StreamSource s) {
    if (s instanceof StreamSource.Replay r) return "file " + r.file().getFileName() + (r.loop() ? ", looped" : "");
    return ((StreamSource.Rtsp) s).uri().getScheme() + " stream";
  }
}
