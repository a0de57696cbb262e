package io.vigil.alerts;

import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.vertx.core.json.JsonObject;
import io.vigil.analytics.Picture;
import io.vigil.analytics.CrowdEvent;
import io.vigil.config.CameraConfig;
import io.vigil.store.Storage;
import io.vigil.store.StorageOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert delivery benchmark, not a test: it asserts nothing and runs only when named:
 *
 * <pre>mvn -o -q -B -pl web -am verify -Dit.test=AlertLatencyBench -Dtest=none \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 *
 * Times each channel from the {@code onAnalysis} call with the frame that breaches a rule (a real 720p
 * frame of the PETS clip, so the snapshot costs what it costs in production) to the alert arriving:
 * in the web inbox (event bus), at an MQTT subscriber through Mosquitto, at a webhook receiver over
 * HTTP, and committed in PostgreSQL. One breach every 200 ms, each on its own camera. Results go to
 * stdout and {@code web/target/alert-latency-bench.txt}; {@code vigil.bench.alerts} sets how many
 * (default 200).
 */
class AlertLatencyBench {
  private static final int ALERTS = Integer.getInteger("vigil.bench.alerts", 200);
  private static final int WARM_UP = 20;
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final Path SHARED = Path.of(System.getProperty("vigil.shared", "../../shared"));

  @TempDir
  Path dir;

  @Test
  void run() throws Exception {
    String db = "vigil_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", ""); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
    }
    try (Storage storage = Storage.start(StorageOptions.builder(dir).database(SERVER + db, "postgres", null)
            .spoolDir(dir.resolve("spool")).build());
        AlertsHarness h = new AlertsHarness(storage, dir.resolve("snapshots"), List.of(), x -> Map.of(
            "sites", Map.of(AlertsHarness.SITE, Map.of("mqtt", x.mqttSection(),
                "webhooks", List.of(AlertsHarness.hook(x.receiver.url("/hook")))))));
        Mat frame = frame720p()) {
      Map<String, List<Double>> ms = new LinkedHashMap<>();
      for (String k : List.of("onAnalysis call (analytics thread)", "web inbox (event bus)", "MQTT subscriber via Mosquitto",
          "webhook receiver (HTTP POST)", "PostgreSQL commit (store writer)")) {
        ms.put(k, new ArrayList<>());
      }
      for (int i = 0; i < WARM_UP + ALERTS; i++) {
        CameraConfig camera = AlertsHarness.camera("bench-" + i, 5, AlertsHarness.zone("gate", 2));
        long stored0 = storage.writer().stats().alertsStored();
        long t0 = System.nanoTime();
        h.engine.onAnalysis(camera, AlertEngineIT.crowd(i * 1000L, CrowdEvent.Phase.STARTED, 6, "gate"), Picture.borrowing(frame));
        long call = System.nanoTime() - t0;
        long storedAt = 0;
        long end = t0 + Duration.ofSeconds(30).toNanos();
        JsonObject inbox = null;
        AlertsHarness.Received mqtt = null;
        WebhookReceiver.Request hook = null;
        while ((inbox == null || mqtt == null || hook == null || storedAt == 0) && System.nanoTime() < end) {
          if (storedAt == 0 && storage.writer().stats().alertsStored() > stored0) storedAt = System.nanoTime();
          inbox = h.live.stream().filter(a -> a.getString("cameraId").equals(camera.id())).findFirst().orElse(null);
          mqtt = h.mqttAlerts(camera.id()).stream().findFirst().orElse(null);
          hook = h.receiver.at("/hook").stream()
              .filter(r -> r.json().getJsonObject("alert").getString("cameraId").equals(camera.id())).findFirst().orElse(null);
          Thread.sleep(0, 200_000);
        }
        if (i >= WARM_UP) {
          ms.get("onAnalysis call (analytics thread)").add(call / 1e6);
          ms.get("web inbox (event bus)").add((inbox.getLong("receivedNanos") - t0) / 1e6);
          ms.get("MQTT subscriber via Mosquitto").add((mqtt.nanos() - t0) / 1e6);
          ms.get("webhook receiver (HTTP POST)").add((hook.nanos() - t0) / 1e6);
          ms.get("PostgreSQL commit (store writer)").add((storedAt - t0) / 1e6);
        }
        Thread.sleep(Math.max(0, 200 - (System.nanoTime() - t0) / 1_000_000));
      }
      StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
          "%d alerts (after %d warm-up), snapshot of a %dx%d frame each; ms from onAnalysis to arrival%n",
          ALERTS, WARM_UP, frame.cols(), frame.rows()));
      report.append(String.format(Locale.ROOT, "%-38s %8s %8s %8s%n", "channel", "p50", "p95", "max"));
      ms.forEach((k, v) -> {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        report.append(String.format(Locale.ROOT, "%-38s %8.2f %8.2f %8.2f%n", k, pct(a, 50), pct(a, 95), a[a.length - 1]));
      });
      System.out.print(report);
      Files.writeString(Path.of("target/alert-latency-bench.txt"), report);
      try (var files = Files.walk(dir.resolve("snapshots"))) {
        Path one = files.filter(p -> p.toString().endsWith(".jpg")).findFirst().orElseThrow();
        Files.copy(one, Path.of("target/alert-latency-bench-snapshot.jpg"), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", ""); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      }
    }
  }

  private static double pct(double[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  /** The clip's first frame scaled to 1280x720, the resolution of a typical detect stream. */
  private static Mat frame720p() throws Exception {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(SHARED.resolve("data/pets09-s2l1/vtest.avi").toFile());
        OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
      g.startUnsafe();
      Mat src = conv.convert(g.grabImage());
      Mat out = new Mat();
      resize(src, out, new Size(1280, 720));
      g.stop();
      return out;
    }
  }
}
